from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from parsipas.audit.context import acting_as


def client_ip(request: HttpRequest) -> str | None:
    # Behind the reverse proxy the client is the first address of X-Forwarded-For.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # request.user stays lazy: it is resolved only if something is recorded.
        with acting_as(user=getattr(request, "user", None), ip=client_ip(request), label="web"):
            return self.get_response(request)
