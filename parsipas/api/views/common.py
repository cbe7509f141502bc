"""What every endpoint shares: the bearer token, the policy and audit wrapper, ETag answers,
cursor pages and the filters by year, period and unit."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Schema
from ninja.security import HttpBearer

from parsipas.accounts import policy
from parsipas.api import ratelimit, tokens
from parsipas.api.models import ApiToken
from parsipas.api.problems import ApiProblem, not_found
from parsipas.audit.context import acting_as
from parsipas.audit.middleware import client_ip
from parsipas.audit.tracking import record_event
from parsipas.reporting.models import ReportingPeriod
from parsipas.units.models import Unit

MAX_LIMIT = 500
DEFAULT_LIMIT = 100


class TokenAuth(HttpBearer):
    """``Authorization: Bearer psk_…``; counts the call against the token's rate limit."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.authenticate(token.strip())
        if found is None:
            return None
        wait = ratelimit.hit(found.pk)
        if wait is not None:
            raise ApiProblem(
                429,
                f"Vượt quá {ratelimit.limit_per_minute()} lượt gọi mỗi phút của mã truy cập "
                f"'{found.label}'. Hãy thử lại sau {wait} giây.",
                headers={"Retry-After": str(wait)},
            )
        return found


def token_of(request: HttpRequest) -> ApiToken:
    return request.auth  # type: ignore[attr-defined]  # set by django-ninja's auth, not in HttpRequest


def call(scope: str, write: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Ask ``policy`` whether the token's scopes allow the call, act as the token's account
    (the audit trail records which token changed what) and record every write call."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            token = token_of(request)
            if not policy.api_token_allows(token, scope):
                raise ApiProblem(
                    403, f"Mã truy cập '{token.label}' không có phạm vi '{scope}' cho thao tác này."
                )
            label = f"API {token.label}"
            with acting_as(user=token.user, ip=client_ip(request), label=label):
                if not write:
                    return view(request, *args, **kwargs)
                try:
                    response = view(request, *args, **kwargs)
                except ApiProblem as problem:
                    record_event(
                        f"{label}: {request.method} {request.path} bị từ chối "
                        f"({problem.status}): {problem.detail}"[:2000],
                        token,
                    )
                    raise
                status = getattr(response, "status_code", 200)
                record_event(f"{label}: {request.method} {request.path} → {status}.", token)
                return response

        return wrapped

    return decorator


# --- answers --------------------------------------------------------------------------------


def local(moment: dt.datetime | None) -> str | None:
    """ISO 8601 in the province's time zone (+07:00)."""
    return timezone.localtime(moment).isoformat() if moment is not None else None


def respond(
    request: HttpRequest, schema: type[Schema], data: Any, status: int = 200
) -> HttpResponse:
    """Validate ``data`` against the documented schema, answer JSON with a strong ETag, or
    304 when the client's If-None-Match already names it."""
    body = json.dumps(
        schema.model_validate(data).model_dump(mode="json"),
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    ).encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if status == 200 and request.method == "GET":
        wanted = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
        if etag in wanted or "*" in wanted:
            response = HttpResponse(status=304)
            response["ETag"] = etag
            return response
    response = HttpResponse(body, status=status, content_type="application/json")
    response["ETag"] = etag
    return response


# --- cursor pages ----------------------------------------------------------------------------


def encode_cursor(after: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        after = json.loads(raw)["after"]
        if not isinstance(after, int) or after < 0:
            raise ValueError(after)
        return after
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        raise ApiProblem(
            400,
            "Con trỏ trang không hợp lệ: dùng giá trị next_cursor của trang trước.",
            field="cursor",
        ) from None


def page(
    rows: Sequence[Any], limit: int, key: Callable[[Any], int]
) -> tuple[list[Any], str | None]:
    """``rows`` fetched as limit + 1 in key order -> (this page, next cursor or None)."""
    items = list(rows[:limit])
    more = len(rows) > limit
    return items, (encode_cursor(key(items[-1])) if more and items else None)


# --- filters ---------------------------------------------------------------------------------


def unit_for(request: HttpRequest, code: str | None) -> Unit:
    """The unit a call asks about: the token's own unit by default. Another unit the token may
    not see answers 404, as if it did not exist."""
    token = token_of(request)
    if not code or code == token.unit.code:
        return token.unit
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not policy.can_view_unit(token.user, unit):
        raise not_found(f"Không tìm thấy đơn vị '{code}'.", field="unit")
    return unit


def reporting_period(year: int | None, code: str | None) -> ReportingPeriod:
    """A reporting period (Q1, Q2, Q3, Y) of a year; the current one when neither is given."""
    if year is None and code is None:
        current = ReportingPeriod.current()
        if current is None:
            raise not_found("Chưa có kỳ báo cáo nào.", field="period")
        return current
    year = year or timezone.localdate().year
    found = ReportingPeriod.objects.filter(year=year, code=code or "Y").first()
    if found is None:
        raise not_found(f"Không có kỳ báo cáo {code or 'Y'} năm {year}.", field="period")
    return found


def this_year() -> int:
    return timezone.localdate().year
