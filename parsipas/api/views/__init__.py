"""The integration API, version 1: one NinjaAPI, its routers, its errors, its document.

Mounted at /api/v1/ (see parsipas/api/urls.py): the OpenAPI document is /api/v1/openapi.json,
the reference page /api/v1/docs (assets from the django-ninja package, no CDN).

The view modules do not use `from __future__ import annotations`: ninja reads the parameter
types of the wrapped views at import time, and postponed annotations would be looked up in
the wrapper's module instead of the view's.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import TypeAdapter

from parsipas.api.models import Scope
from parsipas.api.problems import PROBLEM_TYPE, ApiProblem, problem_response, vietnamese
from parsipas.api.schemas import DossierRow, Problem, TokenInfo
from parsipas.api.views import dossiers, figures, petitions, plans, registers, reports
from parsipas.api.views.common import TokenAuth, call, local, respond, token_of

ERROR_CODES = {
    "400": "Tham số không hợp lệ",
    "401": "Thiếu hoặc sai mã truy cập",
    "403": "Mã truy cập không được làm việc này",
    "404": "Không tìm thấy (hoặc không thuộc phạm vi của mã truy cập)",
    "422": "Dữ liệu gửi lên không hợp lệ",
    "429": "Vượt giới hạn lượt gọi; xem Retry-After",
}
WRITE_CODES = {
    "409": "Xung đột với trạng thái hiện tại",
    "413": "Lô quá lớn",
    "415": "Kiểu nội dung không được hỗ trợ",
}


class ParsipasAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Ninja's document, with the conventions it cannot express: every error as
        problem+json, 304 for GET, Retry-After on 429, ETag on success."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        components["DossierRow"] = TypeAdapter(DossierRow).json_schema(
            ref_template="#/components/schemas/{model}"
        )
        problem = {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for item in schema.get("paths", {}).values():
            for method, operation in item.items():
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
                codes = dict(ERROR_CODES)
                if method != "get":
                    codes.update(WRITE_CODES)
                for code, text in codes.items():
                    responses[code] = {"description": text, "content": problem}
                responses["429"]["headers"] = {
                    "Retry-After": {
                        "description": "Số giây cần chờ",
                        "schema": {"type": "integer"},
                        "required": True,
                    }
                }
                for code, answer in responses.items():
                    if code.startswith("2"):
                        answer.setdefault("headers", {})["ETag"] = {
                            "description": "Phiên bản của nội dung (dùng với If-None-Match)",
                            "schema": {"type": "string"},
                        }
                if method == "get":
                    responses["304"] = {"description": "Không đổi so với ETag trong If-None-Match"}
        return schema


api = ParsipasAPI(
    title="parsipas — API tích hợp",
    version="1",
    description=(
        "Kế hoạch, báo cáo định kỳ, số liệu hồ sơ TTHC, Chỉ số 766, SIPAS và PAR Index dự kiến "
        "cho các hệ thống của tỉnh qua nền tảng LGSP. Xác thực: `Authorization: Bearer <mã truy cập>`."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(exc)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem_response(
        ApiProblem(
            401,
            "Thiếu mã truy cập, mã sai, đã hết hạn hoặc đã bị thu hồi. "
            "Gửi tiêu đề 'Authorization: Bearer <mã truy cập>'.",
            field="Authorization",
        )
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _location(loc: list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "header", "body"):
        parts = parts[1:]
    if parts and parts[0] == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: list[dict[str, str]] = []
    for error in exc.errors:
        where = _location(list(error.get("loc", [])))
        errors.append({"field": where, "detail": f"Trường '{where}' {vietnamese(error)}."})
    first: dict[str, Any] = (
        errors[0] if errors else {"field": None, "detail": "Dữ liệu không hợp lệ."}
    )
    return problem_response(ApiProblem(422, first["detail"], field=first["field"], errors=errors))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(ApiProblem(exc.status_code, str(exc) or "Yêu cầu không hợp lệ."))


@api.get("/token", response=TokenInfo, summary="Mã truy cập đang dùng", tags=["Mã truy cập"])
@call(Scope.READ)
def token_info(request: HttpRequest) -> HttpResponse:
    token = token_of(request)
    data = {
        "label": token.label,
        "unit": {"code": token.unit.code, "name": token.unit.name, "kind": token.unit.kind},
        "role": token.role,
        "scopes": token.scopes,
        "expires_at": local(token.expires_at),
        "last_used_at": local(token.last_used_at),
    }
    return respond(request, TokenInfo, data)


api.add_router("/", plans.router)
api.add_router("/", reports.router)
api.add_router("/", figures.router)
api.add_router("/", dossiers.router)
api.add_router("/", petitions.router)
api.add_router("/", registers.router)
