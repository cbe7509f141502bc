"""Response headers and request limits that every page shares.

- `RequestSizeLimitMiddleware`: a body whose Content-Length is over REQUEST_MAX_BYTES (or over the
  limit of its path in REQUEST_MAX_BYTES_BY_PATH, for the few big imports) is refused with 413 and
  a Vietnamese message before a byte of it is read. Django's own DATA_UPLOAD_MAX_MEMORY_SIZE covers
  form fields only, not files; gunicorn's --limit-request-line/-fields cover the headers and the
  reverse proxy's client_max_body_size (nginx) the same body limit in front.
- `PrivatePagesMiddleware`: pages for a logged-in person are `Cache-Control: private, no-store`
  (a shared computer's back button or a proxy never shows them to the next person).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def request_limit(path: str) -> int:
    for prefix, limit in getattr(settings, "REQUEST_MAX_BYTES_BY_PATH", {}).items():
        if path.startswith(prefix):
            return int(limit)
    return int(settings.REQUEST_MAX_BYTES)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = request_limit(request.path)
        if length > limit:
            message = (
                f"Dữ liệu gửi lên quá lớn ({length / 1024 / 1024:.1f} MB); "
                f"tối đa {limit / 1024 / 1024:.0f} MB cho trang này. Không có gì được lưu."
            )
            # No template context processors: the body is never read, nothing is touched.
            html = render_to_string("413.html", {"message": message})
            response = HttpResponse(html, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
