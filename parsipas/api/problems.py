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
