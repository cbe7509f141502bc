"""Evidence is served as what it really is, under a safe name, and hostile files are refused.

Reports and PAR self-assessments share the checks: the type read from the content, the download
named with the extension of that type (never the uploader's `evil.html`), `nosniff`, attachment
for anything that is not a PDF or an image, and no path separators or control characters in the
name.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from parsipas.reporting import evidence as files
from parsipas.reporting.models import Evidence, Report
from parsipas.reporting.tests.conftest import PDF_BYTES, report_data, report_path

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def _upload(client: Client, sp: Any, name: str, content: bytes) -> Any:
    # Files go up with the report form itself (what is typed is saved with them).
    url = report_path(sp, "1.1", "stp")
    report = Report.objects.filter(assignment=sp.assignment("1.1", "stp")).first()
    return client.post(
        url,
        report_data(
            report.version if report else 0,
            narrative="Có tài liệu",
            action="upload",
            file=SimpleUploadedFile(name, content, "application/octet-stream"),
        ),
    )


@pytest.fixture
def unit_client(small_plan: Any, people: dict[str, Any], login: Any, media: Any) -> Client:
    return login(people["unit"], Client())


@pytest.mark.parametrize(
    ("name", "content", "content_type", "download", "disposition"),
    [
        ("evil.html", PDF_BYTES, "application/pdf", "evil.pdf", "attachment"),
        ("anh chụp.jpg", PNG_BYTES, "image/png", "anh chụp.png", "attachment"),
        ("..\\..\\etc\\passwd.pdf", PDF_BYTES, "application/pdf", "passwd.pdf", "attachment"),
        ("bao\x07cao\x1f.pdf", PDF_BYTES, "application/pdf", "baocao.pdf", "attachment"),
    ],
)
def test_a_download_is_named_and_typed_by_its_content(
    small_plan: Any,
    unit_client: Client,
    name: str,
    content: bytes,
    content_type: str,
    download: str,
    disposition: str,
) -> None:
    assert _upload(unit_client, small_plan, name, content).status_code == 302
    item = Evidence.objects.get()
    assert "/" not in item.original_name and "\\" not in item.original_name
    assert not any(ch in item.original_name for ch in "\r\n\x00")
    response = unit_client.get(f"/bao-cao/tai-lieu/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    header = response["Content-Disposition"]
    assert header.startswith(disposition)
    assert files.download_name(item.original_name, item.content_type) == download
    assert "html" not in header and "\n" not in header


@pytest.mark.parametrize(
    ("name", "content"), [("bao-cao.pdf", HTML), ("so-do.pdf", SVG), ("so-do.svg", SVG)]
)
def test_html_and_svg_are_refused_whatever_their_name(
    small_plan: Any, unit_client: Client, name: str, content: bytes
) -> None:
    response = _upload(unit_client, small_plan, name, content)
    assert response.status_code == 400
    assert f"Tệp &#x27;{name}&#x27; không phải loại được chấp nhận" in response.content.decode()
    assert not Evidence.objects.exists()


def test_safe_names() -> None:
    assert files.safe_name("../../x.pdf") == "x.pdf"
    assert files.safe_name("C:\\Users\\a\\b.docx") == "b.docx"
    assert files.safe_name("\x1b[31m.pdf") == "[31m.pdf"
    assert files.safe_name("...") == "tai-lieu"
    assert files.download_name(".htaccess", files.PDF) == "htaccess.pdf"
