"""A body sent with Transfer-Encoding: chunked (no Content-Length) is bounded like any other:
past the path's limit it answers 413 before the rest is read; within it Django gets the body.

Through the project's WSGI application (parsipas/wsgi.py) with a chunked wsgi.input as gunicorn
hands it over (decoded, read by size, no CONTENT_LENGTH), and once through a real gunicorn.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.test import override_settings

from parsipas.front.middleware import ChunkedBodyLimit

MB = 1024 * 1024


class EndlessBody(io.RawIOBase):
    """A client that keeps sending: counts what the server reads."""

    def __init__(self, total: int) -> None:
        self.left = total
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = min(self.left, 1024 * 1024 if size is None or size < 0 else size)
        self.left -= size
        self.read_bytes += size
        return b"a" * size


def _environ(path: str, body: Any, **extra: str) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "HTTP_TRANSFER_ENCODING": "chunked",
        "CONTENT_TYPE": "application/octet-stream",
        "wsgi.input": body,
        **extra,
    }
    setup_testing_defaults(environ)
    environ.pop("CONTENT_LENGTH", None)
    return environ


def _call(application: Any, environ: dict[str, Any]) -> tuple[str, dict[str, str], bytes]:
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    content = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], content


@override_settings(REQUEST_MAX_BYTES=1 * MB)
def test_an_oversized_chunked_post_is_refused_without_reading_it_all() -> None:
    from parsipas.wsgi import application

    body = EndlessBody(900 * MB)
    status, headers, content = _call(application, _environ("/tai-khoan/dang-nhap/", body))
    assert status.startswith("413")
    assert headers["Connection"] == "close"
    assert "Dữ liệu gửi lên quá lớn" in content.decode()
    assert body.read_bytes <= 1 * MB + 1  # the limit and one byte, never the 900 MB


@override_settings(REQUEST_MAX_BYTES=1 * MB)
def test_the_api_answers_a_problem_document() -> None:
    from parsipas.wsgi import application

    environ = _environ("/api/v1/dossiers/batches", EndlessBody(50 * MB))
    status, headers, content = _call(application, environ)
    assert status.startswith("413") and headers["Content-Type"] == "application/problem+json"
    assert json.loads(content)["status"] == 413


@override_settings(REQUEST_MAX_BYTES=1 * MB)
def test_a_chunked_body_within_the_limit_reaches_the_view_with_its_length() -> None:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen["length"] = environ["CONTENT_LENGTH"]
        seen["body"] = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        start_response("200 OK", [])
        return [b""]

    payload = b"x" * (MB - 10)
    status, _headers, _content = _call(ChunkedBodyLimit(app), _environ("/", io.BytesIO(payload)))
    assert status.startswith("200") and seen == {"length": str(len(payload)), "body": payload}
    # A request with a Content-Length is left to the middleware that checks it.
    plain = _environ("/", io.BytesIO(b"abc"), CONTENT_LENGTH="3")
    plain.pop("HTTP_TRANSFER_ENCODING")
    plain["CONTENT_LENGTH"] = "3"
    assert _call(ChunkedBodyLimit(app), plain)[0].startswith("200") and seen["body"] == b"abc"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "parsipas.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "REQUEST_MAX_BYTES": str(1 * MB),
    }
    root = Path(__file__).resolve().parents[3]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "parsipas.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_answers_413_to_an_endless_chunked_post(gunicorn: int) -> None:
    started = time.monotonic()
    answer = bytearray()
    with socket.create_connection(("127.0.0.1", gunicorn), timeout=20) as client:

        def read() -> None:  # at once, before the server's close can reset the connection
            try:
                while part := client.recv(65536):
                    answer.extend(part)
            except OSError:
                pass

        reader = threading.Thread(target=read)
        reader.start()
        client.sendall(
            b"POST /tai-khoan/dang-nhap/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
        )
        chunk = b"%x\r\n" % (64 * 1024) + b"b" * (64 * 1024) + b"\r\n"
        sent = 0
        try:
            while sent < 200 * MB and not answer:  # the server stops reading long before
                client.sendall(chunk)
                sent += 64 * 1024
        except OSError:
            pass  # closed by the server after its answer
        reader.join(timeout=20)
    assert bytes(answer).startswith(b"HTTP/1.1 413"), bytes(answer[:200])
    assert sent < 50 * MB and time.monotonic() - started < 30
