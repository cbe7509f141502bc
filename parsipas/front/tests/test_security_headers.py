"""Headers every page carries: a Content-Security-Policy without inline scripts, no caching of
logged-in pages, and a request-size limit that refuses big bodies before reading them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from parsipas.testing.present import present

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2]


def test_every_page_has_a_csp_without_inline_scripts(people, login) -> None:
    for client, path in [
        (Client(), "/tai-khoan/dang-nhap/"),
        (Client(), "/cong-khai/"),
        (login(people["admin"], Client()), "/tong-quan/"),
    ]:
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        script = present(re.search(r"script-src ([^;]+)", policy)).group(1)
        assert "'self'" in script and "unsafe-inline" not in script and "unsafe-eval" not in script
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text) or re.search(
            r"\son(click|change|submit|load|input)=", text
        ):
            offenders.append(str(template.relative_to(TEMPLATES)))
    assert offenders == []


def test_logged_in_pages_are_not_cached(people, login) -> None:
    response = login(people["unit"], Client()).get("/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    public = Client().get("/cong-khai/")
    assert "private" not in public.get("Cache-Control", "")


def test_a_body_over_the_limit_is_refused_before_it_is_read(people, login, settings) -> None:
    settings.REQUEST_MAX_BYTES = 1000
    client = login(people["unit"], Client())
    response = client.post(
        "/bao-cao/duyet/", data=b"x" * 5000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()
