"""Who may open what, tried with real requests on every URL and every role.

The report under test: Sở Tư pháp (stp) on criterion 1.8, which Văn phòng UBND tỉnh (lead_vp)
leads — not Sở Nội vụ (lead). A unit never learns that another unit's report exists (404).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from parsipas.reporting.models import (
    Evidence,
    Notification,
    ProvinceFigure,
    Report,
    ReportingPeriod,
)
from parsipas.reporting.tests.conftest import pdf_upload, report_data, report_path

ROLES = ("anon", "admin", "lead", "lead_vp", "unit", "commune", "viewer", "stc")


@pytest.fixture
def clients(
    small_plan: Any, people: dict[str, Any], stc_officer: Any, login: Any
) -> dict[str, Client]:
    result = {"anon": Client()}
    everyone = {**people, "stc": stc_officer}
    for role in ROLES[1:]:
        result[role] = login(everyone[role], Client())
    return result


@pytest.fixture
def draft(small_plan: Any, clients: dict[str, Client], media: Any) -> Report:
    """stp's draft on 1.8 with one evidence file."""
    url = report_path(small_plan, "1.8", "stp")
    assert (
        clients["unit"].post(url, report_data(0, narrative="Bản nháp của STP")).status_code == 302
    )
    upload = report_data(1, narrative="Bản nháp của STP", action="upload", file=pdf_upload())
    assert clients["unit"].post(url, upload).status_code == 302
    return Report.objects.get()


@pytest.fixture
def submitted(draft: Report, clients: dict[str, Client], small_plan: Any) -> Report:
    clients["unit"].post(report_path(small_plan, "1.8", "stp", suffix="gui/"))
    draft.refresh_from_db()
    assert draft.workflow == "submitted"
    return draft


def _expect(response: Any, expected: int | str) -> None:
    if expected == "login":
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], (
            response.status_code
        )
    else:
        assert response.status_code == expected, (
            response.status_code,
            response.content.decode()[:300],
        )


READ: dict[str, int | str] = {
    "anon": "login",
    "admin": 200,
    "lead": 404,
    "lead_vp": 200,
    "unit": 200,
    "commune": 404,
    "viewer": 200,
    "stc": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_unit_the_lead_of_the_criterion_and_the_province_read_a_report(
    role, submitted, clients, small_plan
) -> None:
    c = clients[role]
    _expect(c.get(report_path(small_plan, "1.8", "stp")), READ[role])
    evidence = Evidence.objects.get()
    response = c.get(f"/bao-cao/tai-lieu/{evidence.pk}/")
    _expect(response, READ[role])
    if READ[role] == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF")


WRITE: dict[str, int | str] = {
    "anon": "login",
    "admin": 403,
    "lead": 404,
    "lead_vp": 403,
    "commune": 404,
    "viewer": 403,
    "stc": 404,
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "unit"])
def test_nobody_but_the_units_officers_changes_its_report_or_evidence(
    role, draft, clients, small_plan
) -> None:
    c = clients[role]
    url = report_path(small_plan, "1.8", "stp")
    evidence = Evidence.objects.get()
    _expect(c.post(url, report_data(draft.version, narrative="Ghi đè")), WRITE[role])
    _expect(c.post(url, {"action": "upload", "file": pdf_upload("khac.pdf")}), WRITE[role])
    _expect(c.post(f"/bao-cao/tai-lieu/{evidence.pk}/xoa/"), WRITE[role])
    meta = {f"e{evidence.pk}-doc_number": "9/KH-STP", f"e{evidence.pk}-doc_title": "Ghi đè"}
    _expect(c.post(f"/bao-cao/tai-lieu/{evidence.pk}/thong-tin/", meta), WRITE[role])
    _expect(c.post(url + "gui/"), WRITE[role])
    desk = f"/bao-cao/{small_plan.current.year}/Y/?don-vi=stp"
    desk_expect = {"admin": 403, "viewer": 403}.get(role, WRITE[role])
    if role in ("lead", "lead_vp"):
        desk_expect = 404  # leads do not open other units' desks
    _expect(c.post(desk, {"action": "save"}), desk_expect)
    _expect(c.post(f"/bao-cao/{small_plan.current.year}/Y/excel/nhap/?don-vi=stp", {}), desk_expect)
    draft.refresh_from_db()
    assert draft.narrative == "Bản nháp của STP" and draft.workflow == "draft"
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["ke-hoach.pdf"]
    assert list(Evidence.objects.values_list("doc_number", "doc_title")) == [("", "Ke hoach")]


REVIEW: dict[str, int | str] = {
    "anon": "login",
    "admin": 302,
    "lead": 404,
    "lead_vp": 302,
    "unit": 403,
    "commune": 404,
    "viewer": 403,
    "stc": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lead_of_the_criterion_or_the_admin_reviews(
    role, submitted, clients, small_plan
) -> None:
    response = clients[role].post(
        report_path(small_plan, "1.8", "stp", suffix="duyet/"), {"decision": "accept"}
    )
    _expect(response, REVIEW[role])
    submitted.refresh_from_db()
    assert submitted.workflow == ("accepted" if REVIEW[role] == 302 else "submitted")


WITHDRAW: dict[str, int | str] = {
    "anon": "login",
    "admin": 403,
    "lead": 404,
    "lead_vp": 403,
    "unit": 302,
    "commune": 404,
    "viewer": 403,
    "stc": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_unit_withdraws_its_sent_report(role, submitted, clients, small_plan) -> None:
    _expect(
        clients[role].post(report_path(small_plan, "1.8", "stp", suffix="rut-lai/")), WITHDRAW[role]
    )


REOPEN: dict[str, int | str] = {
    "anon": "login",
    "admin": 302,
    "lead": 404,
    "lead_vp": 403,
    "unit": 403,
    "commune": 404,
    "viewer": 403,
    "stc": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_admin_reopens_an_accepted_report(role, submitted, clients, small_plan) -> None:
    clients["lead_vp"].post(
        report_path(small_plan, "1.8", "stp", suffix="duyet/"), {"decision": "accept"}
    )
    response = clients[role].post(
        report_path(small_plan, "1.8", "stp", suffix="mo-lai/"), {"comment": "Sửa số liệu"}
    )
    _expect(response, REOPEN[role])


DESK: dict[str, int | str] = {
    "anon": "login",
    "admin": 200,
    "lead": 404,
    "lead_vp": 404,
    "unit": 200,
    "commune": 404,
    "viewer": 200,
    "stc": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_a_units_desk_and_excel_are_for_its_officers_and_the_province(
    role, draft, clients, small_plan
) -> None:
    year = small_plan.current.year
    c = clients[role]
    r = c.get(f"/bao-cao/{year}/Y/?don-vi=stp")
    _expect(r, DESK[role])
    if DESK[role] == 200:
        assert (
            "Bản nháp của STP" in r.content.decode()
            or "Thực hiện nhiệm vụ được Chính phủ giao" in r.content.decode()
        )
    _expect(c.get(f"/bao-cao/{year}/Y/excel/?don-vi=stp"), DESK[role])


def test_a_units_own_desk_never_shows_another_units_reports(draft, clients, small_plan) -> None:
    year = small_plan.current.year
    html = clients["stc"].get(f"/bao-cao/{year}/Y/").content.decode()
    assert "Sở Tài chính" in html and "Bản nháp của STP" not in html
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(clients["stc"].get(f"/bao-cao/{year}/Y/excel/").content))
    keys = [row[0] for row in book["Báo cáo"].iter_rows(min_row=2, values_only=True)]
    stp_key = f"{year}-Y/{small_plan.assignment('1.8', 'stp').pk}"
    assert keys and stp_key not in keys


QUEUE: dict[str, int | str] = {
    "anon": "login",
    "admin": 200,
    "lead": 200,
    "lead_vp": 200,
    "unit": 403,
    "commune": 403,
    "viewer": 403,
    "stc": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_shows_only_the_criteria_the_lead_leads(role, submitted, clients) -> None:
    r = clients[role].get("/bao-cao/duyet/")
    _expect(r, QUEUE[role])
    if QUEUE[role] == 200:
        shows = "Sở Tư pháp</td>" in r.content.decode()
        assert shows == (role in ("admin", "lead_vp"))


@pytest.mark.parametrize("role", ("admin", "lead_vp", "viewer"))  # who read stp's 1.8 report
def test_a_sent_report_links_to_the_review_queue_only_for_those_who_may_open_it(
    role, submitted, clients, small_plan
) -> None:
    page = clients[role].get(report_path(small_plan, "1.8", "stp")).content.decode()
    shows = "Hàng chờ duyệt</a>" in page
    assert shows == (QUEUE[role] == 200)  # the viewer would get 403 there: no link


ROLLUPS: dict[str, int | str] = {
    "anon": "login",
    "admin": 200,
    "lead": 200,
    "lead_vp": 200,
    "unit": 403,
    "commune": 403,
    "viewer": 200,
    "stc": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_roll_ups_are_for_province_readers(role, clients, small_plan) -> None:
    _expect(clients[role].get(f"/bao-cao/tong-hop/?ky={small_plan.current.year}-Y"), ROLLUPS[role])


PROVINCE: dict[str, int | str] = {
    "anon": "login",
    "admin": 302,
    "lead": 302,
    "lead_vp": 403,
    "unit": 403,
    "commune": 403,
    "viewer": 403,
    "stc": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lead_enters_the_province_figure_of_its_criterion(
    role, clients, small_plan
) -> None:
    t = small_plan.targets["2.3"]  # led by Sở Nội vụ
    r = clients[role].post(
        f"/bao-cao/{small_plan.current.year}/Y/chi-tieu/{t.pk}/",
        {"value": "98,5", "note": "Cổng DVC"},
    )
    _expect(r, PROVINCE[role])
    assert ProvinceFigure.objects.filter(target=t).exists() == (PROVINCE[role] == 302)


ADMIN: dict[str, int | str] = {
    "anon": "login",
    "admin": 200,
    "lead": 403,
    "lead_vp": 403,
    "unit": 403,
    "commune": 403,
    "viewer": 403,
    "stc": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_admin_manages_periods(role, clients, small_plan) -> None:
    c = clients[role]
    period = small_plan.current
    _expect(c.get("/bao-cao/ky/"), ADMIN[role])
    _expect(c.get(f"/bao-cao/ky/{period.pk}/sua/"), ADMIN[role])
    allowed = ADMIN[role] == 200
    _expect(c.post("/bao-cao/ky/tao/", {"year": 2031}), 302 if allowed else ADMIN[role])
    assert ReportingPeriod.objects.filter(year=2031).count() == (4 if allowed else 0)


@pytest.mark.parametrize("role", ROLES[1:])
def test_nobody_opens_another_persons_notification(role, clients, people) -> None:
    note = Notification.objects.create(
        user=people["admin"] if role != "admin" else people["unit"], kind="review", text="riêng"
    )
    _expect(clients[role].get(f"/bao-cao/thong-bao/{note.pk}/"), 404)
    note.refresh_from_db()
    assert note.read_at is None
