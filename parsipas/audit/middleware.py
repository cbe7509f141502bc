from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from parsipas.audit.context import acting_as


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the outermost trusted reverse proxy saw it.

    With PROXY_COUNT trusted proxies appending to X-Forwarded-For, the client is the
    PROXY_COUNT-th entry from the right; entries further left are whatever the client sent and
    can be forged. PROXY_COUNT=0 (the default: no proxy) uses the socket address, and so does a
    request whose peer is not one of TRUSTED_PROXIES (it came past the proxy, and its header is
    the client's own invention).
    """
    peer = request.META.get("REMOTE_ADDR") or None
    proxies = settings.PROXY_COUNT
    if proxies <= 0 or peer not in settings.TRUSTED_PROXIES:
        return peer
    forwarded = [
        p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()
    ]
    if not forwarded:
        return peer
    return forwarded[-min(proxies, len(forwarded))]


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # request.user stays lazy: it is resolved only if something is recorded.
        with acting_as(user=getattr(request, "user", None), ip=client_ip(request), label="web"):
            return self.get_response(request)
