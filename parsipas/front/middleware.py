"""Response headers and request limits that every page shares.

- `RequestSizeLimitMiddleware`: a body whose Content-Length is over REQUEST_MAX_BYTES (or over the
  limit of its path in REQUEST_MAX_BYTES_BY_PATH, for the few big imports) is refused with 413 and
  a Vietnamese message before a byte of it is read. Django's own DATA_UPLOAD_MAX_MEMORY_SIZE covers
  form fields only, not files; gunicorn's --limit-request-line/-fields cover the headers and the
  reverse proxy's client_max_body_size (nginx) the same body limit in front.
- `ChunkedBodyLimit` (WSGI, wraps the application in `parsipas/wsgi.py`): a body sent with
  `Transfer-Encoding: chunked` has no Content-Length, so the check above cannot see it, and Django
  would read such a body as empty (its stream is limited to CONTENT_LENGTH, 0). The wrapper reads
  it into a spooled temporary file up to the path's limit: one byte more answers 413 at once (the
  rest is never read, the connection is closed); within the limit Django gets it with its length.
- `PrivatePagesMiddleware`: pages for a logged-in person are `Cache-Control: private, no-store`
  (a shared computer's back button or a proxy never shows them to the next person).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

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
            message = too_large_message(limit, length)
            # No template context processors: the body is never read, nothing is touched.
            html = render_to_string("413.html", {"message": message})
            response = HttpResponse(html, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


# A chunked body up to this size stays in memory, a bigger one goes to a temporary file.
CHUNKED_IN_MEMORY = 2_621_440  # Django's FILE_UPLOAD_MAX_MEMORY_SIZE
CHUNKED_READ = 64 * 1024


def too_large_message(limit: int, length: int | None = None) -> str:
    sent = f" ({length / 1024 / 1024:.1f} MB)" if length is not None else ""
    return (
        f"Dữ liệu gửi lên quá lớn{sent}; tối đa {limit / 1024 / 1024:.0f} MB cho trang này. "
        "Không có gì được lưu."
    )


class ChunkedBodyLimit:
    """The request-size limit for bodies without a Content-Length (see the module's doc)."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not chunked or environ.get("CONTENT_LENGTH"):
            return self.application(environ, start_response)
        path = environ.get("PATH_INFO", "")
        limit = request_limit(path)
        body = tempfile.SpooledTemporaryFile(max_size=CHUNKED_IN_MEMORY)  # noqa: SIM115
        stream = environ["wsgi.input"]
        size = 0
        while True:
            chunk = stream.read(min(CHUNKED_READ, limit + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                body.close()
                return self._refuse(path, limit, start_response)
            body.write(chunk)
        body.seek(0)
        environ["wsgi.input"] = body
        environ["CONTENT_LENGTH"] = str(size)
        return self.application(environ, start_response)

    @staticmethod
    def _refuse(path: str, limit: int, start_response: Callable[..., Any]) -> list[bytes]:
        message = too_large_message(limit)
        if path.startswith("/api/"):
            problem = {"type": "about:blank", "title": "Content Too Large", "status": 413}
            problem |= {"detail": message, "field": "body", "errors": []}
            content = json.dumps(problem, ensure_ascii=False).encode()
            kind = "application/problem+json"
        else:
            content = render_to_string("413.html", {"message": message}).encode()
            kind = "text/html; charset=utf-8"
        start_response(
            "413 Request Entity Too Large",
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(content))),
                ("Connection", "close"),
            ],
        )
        return [content]


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
