"""Evidence files carry the document they are: number, date, issuer, kind, title, section;
pre-filled from the file name, refused when impossible, corrected by the report's own unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from parsipas.reporting import documents
from parsipas.reporting.models import Evidence, Report
from parsipas.reporting.tests.conftest import pdf_upload, report_data, report_path


def _draft(sp: Any, unit: Any) -> tuple[str, Report]:
    url = report_path(sp, "1.2", "stp")
    assert unit.post(url, report_data(0, narrative="Nháp")).status_code == 302
    return url, Report.objects.get()


def _upload(unit: Any, url: str, version: int, name: str, **meta: Any) -> Any:
    data = report_data(version, narrative="Nháp", action="upload", file=pdf_upload(name), **meta)
    return unit.post(url, data)


def test_an_upload_reads_the_document_from_its_file_name(small_plan, people, login, media):
    unit = login(people["unit"])
    url, report = _draft(small_plan, unit)
    assert _upload(unit, url, report.version, "123_QD-UBND_ke-hoach-cchc.pdf").status_code == 302
    item = Evidence.objects.get()
    assert (item.doc_number, item.doc_kind, item.doc_issuer, item.doc_title) == (
        "123/QĐ-UBND",
        "quyet-dinh",
        "UBND",
        "Ke hoach cchc",
    )
    page = unit.get(url).content.decode()
    assert "Quyết định số 123/QĐ-UBND của UBND — Ke hoach cchc" in page


def test_what_the_person_types_wins_over_the_file_name(small_plan, people, login, media):
    unit = login(people["unit"])
    url, report = _draft(small_plan, unit)
    r = _upload(
        unit,
        url,
        report.version,
        "123_QD-UBND.pdf",
        doc_number="45/kh-snv",
        doc_date="2026-03-15",
        doc_issuer="Sở Nội vụ",
        doc_title="Kế hoạch kiểm tra CCHC năm 2026",
        doc_section="Mục II, trang 3",
    )
    assert r.status_code == 302
    item = Evidence.objects.get()
    assert (item.doc_number, item.doc_kind, item.doc_date) == (
        "45/KH-SNV",
        "ke-hoach",  # the typed number is the document, not the one the name cites
        dt.date(2026, 3, 15),
    )
    assert documents.describe(item) == (
        "Kế hoạch số 45/KH-SNV ngày 15/3/2026 của Sở Nội vụ — "
        "Kế hoạch kiểm tra CCHC năm 2026 (Mục II, trang 3)"
    )


def test_a_future_date_or_an_impossible_number_saves_nothing(small_plan, people, login, media):
    unit = login(people["unit"])
    url, report = _draft(small_plan, unit)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    r = _upload(unit, url, report.version, "a.pdf", doc_date=tomorrow.isoformat())
    assert r.status_code == 400 and "ở tương lai" in r.content.decode()
    r = _upload(unit, url, report.version, "a.pdf", doc_number="abc")
    assert r.status_code == 400
    assert "Số văn bản &#x27;abc&#x27; không đúng dạng" in r.content.decode()
    report.refresh_from_db()
    assert not Evidence.objects.exists() and report.version == 1


def test_an_autosave_never_fails_on_the_half_typed_document_fields(
    small_plan, people, login, media
):
    unit = login(people["unit"])
    url, report = _draft(small_plan, unit)
    r = unit.post(
        url,
        report_data(report.version, narrative="Sửa", action="autosave", doc_number="12/"),
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code == 200 and r.json()["ok"]


def test_the_unit_corrects_a_files_document_while_the_report_is_editable(
    small_plan, people, login, media
):
    unit = login(people["unit"])
    url, report = _draft(small_plan, unit)
    _upload(unit, url, report.version, "bao-cao.pdf")
    item = Evidence.objects.get()
    edit = f"/bao-cao/tai-lieu/{item.pk}/thong-tin/"
    p = f"e{item.pk}-"
    r = unit.post(
        edit,
        {
            p + "doc_number": "12/bc-stp",
            p + "doc_kind": "bao-cao",
            p + "doc_date": "2026-06-30",
            p + "doc_issuer": "Sở Tư pháp",
        },
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert (item.doc_number, item.doc_kind, item.doc_issuer) == (
        "12/BC-STP",
        "bao-cao",
        "Sở Tư pháp",
    )
    page = unit.get(url).content.decode()
    assert "Báo cáo số 12/BC-STP ngày 30/6/2026 của Sở Tư pháp" in page
    assert "Sửa thông tin văn bản" in page

    # A wrong correction changes nothing and says why.
    r = unit.post(edit, {p + "doc_number": "12/2030/BC-STP"}, follow=True)
    assert "năm 2030 trong số hiệu không thể đúng" in r.content.decode()
    item.refresh_from_db()
    assert item.doc_number == "12/BC-STP"

    # Once sent, the report's documents are frozen with it.
    report.refresh_from_db()
    unit.post(url + "gui/", {"version": report.version})
    report.refresh_from_db()
    assert report.workflow == "submitted"
    assert unit.post(edit, {p + "doc_number": "13/BC-STP"}).status_code == 403
    assert "Sửa thông tin văn bản" not in unit.get(url).content.decode()


def test_the_upload_form_asks_the_server_what_a_file_name_says(people, login, client):
    unit = login(people["unit"])
    r = unit.get("/bao-cao/tai-lieu/doc-ten-tep/", {"ten": "12_2026_NQ-HDND_nghi-quyet.pdf"})
    assert r.json() == {
        "doc_number": "12/2026/NQ-HĐND",
        "doc_issuer": "HĐND",
        "doc_kind": "nghi-quyet",
        "doc_title": "Nghi quyet",
    }
    assert unit.get("/bao-cao/tai-lieu/doc-ten-tep/", {"ten": "12_2031_NQ-HDND.pdf"}).json() == {}
    client.logout()
    assert client.get("/bao-cao/tai-lieu/doc-ten-tep/", {"ten": "a.pdf"}).status_code == 302
