"""Errors of the API as RFC 9457 problem details (``application/problem+json``).

Every refusal carries a Vietnamese ``detail`` and, when one input is at fault, its ``field``
(a query parameter, a body field, a row of a batch).
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse

PROBLEM_TYPE = "application/problem+json"


class ApiProblem(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        *,
        field: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field
        self.errors = errors or []
        self.headers = headers or {}


def problem_body(
    status: int,
    detail: str,
    field: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "field": field,
        "errors": errors or [],
    }


def problem_response(problem: ApiProblem) -> HttpResponse:
    body = problem_body(problem.status, problem.detail, problem.field, problem.errors)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=PROBLEM_TYPE
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def not_found(detail: str, field: str | None = None) -> ApiProblem:
    return ApiProblem(404, detail, field=field)


def forbidden(detail: str) -> ApiProblem:
    return ApiProblem(403, detail)


# pydantic's error types, said in Vietnamese ({…} from the error's context).
_MESSAGES = {
    "missing": "bắt buộc phải có",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "decimal_parsing": "phải là số",
    "decimal_type": "phải là số",
    "decimal_max_places": "có tối đa {decimal_places} chữ số thập phân",
    "decimal_max_digits": "có tối đa {max_digits} chữ số",
    "finite_number": "phải là số hữu hạn",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_pattern_mismatch": "chứa ký tự không được phép",
    "literal_error": "phải là một trong các giá trị: {expected}",
    "enum": "phải là một trong các giá trị: {expected}",
    "list_type": "phải là một mảng",
    "too_long": "có quá {max_length} phần tử",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "model_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "json_invalid": "không phải JSON hợp lệ",
    "json_type": "không phải JSON hợp lệ",
}


def vietnamese(error: dict[str, Any]) -> str:
    """One pydantic error as a Vietnamese phrase ('phải lớn hơn hoặc bằng 2000')."""
    template = _MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return f"giá trị không hợp lệ ({error.get('msg', '')})"
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split(":")[0].split("{")[0].strip()
