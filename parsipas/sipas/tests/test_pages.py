"""Staff pages: who sees what, paper forms, imports, QR codes, review, the sample planner, config."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from parsipas.audit.models import AuditEntry
from parsipas.sipas.models import Channel, Desk, Question, Response, SampleFrame, Status
from parsipas.sipas.tests.conftest import field_names
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(people: dict, instrument: Any) -> dict:
    return people


def test_unit_officers_see_only_their_own_units_results(
    ready: dict, login: Any, add_response: Any
) -> None:
    stp = Unit.objects.get(code="stp")
    add_response(stp, {"E1.1": 5, "E2.1": 4, "K1": [3]})
    officer = login(ready["unit"])
    assert officer.get("/sipas/don-vi/").url == "/sipas/don-vi/stp/"
    page = officer.get("/sipas/don-vi/stp/?nam=2026").content.decode()
    assert "Sở Tư pháp" in page and "100%" in page and "Thủ tục đơn giản hơn" in page
    assert officer.get("/sipas/don-vi/snv/").status_code == 403
    assert officer.get("/sipas/").status_code == 403
    assert officer.get("/sipas/phieu/").status_code == 403


@pytest.mark.parametrize("role", ["admin", "viewer", "lead"])
def test_province_readers_see_the_dashboard(
    ready: dict, login: Any, add_response: Any, role: str
) -> None:
    add_response(Unit.objects.get(code="stp"), {"E1.1": 5, "E3.2": 1})
    page = login(ready[role]).get("/sipas/?nam=2026")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Toàn tỉnh" in html and "Sở Tư pháp" in html and "50%" in html
    assert "Câu hỏi có tỷ lệ hài lòng thấp nhất" in html and "E3.2" in html


def test_the_public_cannot_see_results(ready: dict, client: Client) -> None:
    assert client.get("/sipas/").status_code == 302
    assert client.get("/sipas/don-vi/stp/").status_code == 302


def test_a_unit_officer_keys_in_a_paper_form_marked_as_such(ready: dict, login: Any) -> None:
    officer = login(ready["unit"])
    page = officer.get("/sipas/don-vi/stp/phieu-giay/").content.decode()
    fields = field_names(page)
    today = timezone.localdate().isoformat()
    data = {"paper_number": "P-001", "answered_on": today, fields["E1.1"]: "4", fields["E2.1"]: "0"}
    assert officer.post("/sipas/don-vi/stp/phieu-giay/", data).status_code == 302
    stored = Response.objects.get()
    assert (
        stored.channel == Channel.PAPER
        and stored.entered_by == ready["unit"]
        and stored.paper_number == "P-001"
    )
    # Keyed in by the unit about itself: it waits for the reform office before it counts.
    assert stored.status == Status.FLAGGED and stored.flags == "own"
    # The same paper form twice is refused.
    again = officer.post("/sipas/don-vi/stp/phieu-giay/", data)
    assert again.status_code == 200 and "đã được nhập" in again.content.decode()
    assert Response.objects.count() == 1
    assert officer.get("/sipas/don-vi/snv/phieu-giay/").status_code == 403


CSV_OK = (
    "respondent_id,unit_code,submitted_at,E1.1,E2.1,K1,sex,respondent_type\n"
    "g-1,stp,2026-02-03 08:00,5,4,1;4,Nữ,Người dân\n"
    "g-2,snv,03/02/2026,2,0,,nam,organisation\n"
)


def test_admin_imports_responses_from_another_tool(ready: dict, login: Any) -> None:
    admin = login(ready["admin"])
    upload = SimpleUploadedFile("google-forms.csv", CSV_OK.encode(), content_type="text/csv")
    response = admin.post("/sipas/nhap/", {"file": upload, "source": "Google Forms"})
    assert response.status_code == 302
    rows = Response.objects.order_by("external_id")
    assert [(r.external_id, r.unit.code, r.channel, r.sex, r.respondent_type) for r in rows] == [
        ("g-1", "stp", "import", "nu", "citizen"),
        ("g-2", "snv", "import", "nam", "organisation"),
    ]
    assert sorted(rows[0].answers.filter(question__code="K1").values_list("value", flat=True)) == [
        1,
        4,
    ]
    assert AuditEntry.objects.filter(message__contains="Nhập 2 phiếu khảo sát").exists()
    # Importing the same file again changes nothing and says why.
    again = admin.post("/sipas/nhap/", {"file": SimpleUploadedFile("x.csv", CSV_OK.encode())})
    assert again.status_code == 400 and "đã được nhập trước đây" in again.content.decode()
    assert Response.objects.count() == 2


def test_an_import_with_one_bad_row_imports_nothing(ready: dict, login: Any) -> None:
    bad = CSV_OK + "g-3,stp,2026-02-03,7,4,,,\ng-4,khong-co,2026-02-03,5,,,,\n"
    response = login(ready["admin"]).post(
        "/sipas/nhap/", {"file": SimpleUploadedFile("x.csv", bad.encode())}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "Dòng 4, cột E1.1: &#x27;7&#x27; không hợp lệ" in html
        and "không có đơn vị mã &#x27;khong-co&#x27;" in html
    )
    assert Response.objects.count() == 0


def test_a_unit_officer_imports_only_for_their_own_unit(ready: dict, login: Any) -> None:
    response = login(ready["unit"]).post(
        "/sipas/nhap/", {"file": SimpleUploadedFile("x.csv", CSV_OK.encode())}
    )
    assert (
        response.status_code == 400
        and "không được nhập phiếu cho đơn vị &#x27;snv&#x27;" in response.content.decode()
    )
    assert Response.objects.count() == 0


def test_desks_get_printable_qr_codes_that_open_the_units_form(
    ready: dict, login: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://cchc.daklak.gov.vn"
    officer = login(ready["unit"])
    assert (
        officer.post(
            "/sipas/don-vi/stp/quay/", {"code": "quay-2", "name": "Quầy 2", "active": "on"}
        ).status_code
        == 302
    )
    assert Desk.objects.filter(unit__code="stp", code="quay-2").exists()
    sheet = officer.get("/sipas/don-vi/stp/quay/quay-2/in/").content.decode()
    assert "cchc.daklak.gov.vn/sipas/khao-sat/stp/?quay=quay-2" in sheet
    assert "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK" in sheet and "Quét mã để đánh giá sự hài lòng" in sheet
    assert "Cảnh báo: địa chỉ hệ thống" not in sheet
    svg = officer.get("/sipas/don-vi/stp/quay/quay-2/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = officer.get("/sipas/don-vi/stp/quay/quay-2/qr.png?tai=1")
    assert png.content.startswith(b"\x89PNG") and "attachment" in png["Content-Disposition"]
    assert officer.get("/sipas/don-vi/snv/quay/").status_code == 403


def test_only_the_reform_office_reviews_responses(
    ready: dict, login: Any, add_response: Any
) -> None:
    stp = Unit.objects.get(code="stp")
    flagged = add_response(stp, {"E1.1": 5}, flags=["fast"])
    assert (
        login(ready["unit"])
        .post(f"/sipas/phieu/{flagged.pk}/", {"action": "exclude", "reason": "không thích"})
        .status_code
        == 403
    )
    admin = login(ready["admin"], Client())
    listing = admin.get("/sipas/phieu/?status=flagged").content.decode()
    assert "Điền quá nhanh" in listing
    admin.post("/sipas/phieu/", {"ids": [flagged.pk], "note": "Kiểm tra tại quầy"})
    flagged.refresh_from_db()
    assert flagged.status == Status.VALID and flagged.review_note == "Kiểm tra tại quầy"
    admin.post(
        f"/sipas/phieu/{flagged.pk}/", {"action": "exclude", "reason": "Trùng với phiếu giấy số 12"}
    )
    flagged.refresh_from_db()
    assert flagged.status == Status.EXCLUDED and flagged.review_note == "Trùng với phiếu giấy số 12"
    admin.post(
        f"/sipas/phieu/{flagged.pk}/",
        {"action": "restore", "reason": "Loại nhầm: không trùng phiếu"},
    )
    flagged.refresh_from_db()
    assert flagged.status == Status.VALID and flagged.review_note == "Loại nhầm: không trùng phiếu"


def test_the_sample_planner_shows_how_far_each_unit_is(
    ready: dict, login: Any, add_response: Any
) -> None:
    admin = login(ready["admin"])
    stp = Unit.objects.get(code="stp")
    add_response(stp, {"E1.1": 5}, when=timezone.make_aware(datetime(2026, 4, 1, 9)))
    response = admin.post("/sipas/co-mau/?nam=2026&e=5", {f"n_{stp.pk}": "1.000"})
    assert response.status_code == 302
    assert SampleFrame.objects.get(year=2026, unit=stp).dossiers == 1000
    page = admin.get("/sipas/co-mau/?nam=2026&e=5&N=10000").content.decode()
    assert "cần <strong>385</strong> phiếu" in page  # 10000 / (1 + 10000 * 0.0025) = 384.6
    assert "286" in page and "285" in page  # Sở Tư pháp needs 286 and lacks 285
    assert login(ready["unit"], Client()).get("/sipas/co-mau/").status_code == 403


def test_admin_edits_the_instrument_and_the_public_form_follows(
    ready: dict, login: Any, instrument: Any
) -> None:
    admin = login(ready["admin"])
    assert admin.get("/sipas/bo-cau-hoi/").status_code == 200
    assert admin.get(f"/sipas/bo-cau-hoi/{instrument.code}/").status_code == 200
    page = admin.get(f"/sipas/bo-cau-hoi/{instrument.code}/cau-hoi/")
    assert page.status_code == 200
    question = Question.objects.get(instrument=instrument, code="E1.1")
    question.text = "Nơi làm thủ tục có biển chỉ dẫn rõ ràng."
    question.save()
    public = Client().get("/sipas/khao-sat/stp/").content.decode()
    assert "biển chỉ dẫn rõ ràng" in public
    assert AuditEntry.objects.filter(model="sipas.question", object_id=str(question.pk)).exists()


def test_admin_sets_a_target_that_the_dashboard_compares_with(
    ready: dict, login: Any, add_response: Any
) -> None:
    add_response(Unit.objects.get(code="stp"), {"E1.1": 5})
    admin = login(ready["admin"])
    assert (
        admin.post(
            "/sipas/chi-tieu/", {"year": 2026, "element": "sipas", "pct": "85.5", "note": "KH 2026"}
        ).status_code
        == 302
    )
    page = admin.get("/sipas/?nam=2026").content.decode()
    assert "Mục tiêu 85,5%" in page


def test_a_units_element_table_shows_answers_that_arrive_after_a_visit(
    ready: dict, login: Any, add_response: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Issue 17 point 6: the page was visited before the first answers, and its cached (empty)
    counts hid them for a minute."""
    stp = Unit.objects.get(code="stp")
    officer = login(ready["unit"])
    assert "chưa có phiếu hợp lệ" in officer.get("/sipas/don-vi/stp/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        add_response(stp, {"E1.1": 5, "E2.1": 4, "E4.2": 2}, when=timezone.now())
    html = officer.get("/sipas/don-vi/stp/").content.decode()
    table = html[html.index('class="sipas-elements"') :]
    table = table[: table.index("</table>")]
    assert "<strong>E1</strong>" in table and "chip-ok" in table and "chip-danger" in table
    assert table.count('title="Chưa có câu trả lời hợp lệ"') == 2  # E3 and E5
    response = Response.objects.get(unit=stp)
    from parsipas.sipas import review

    with django_capture_on_commit_callbacks(execute=True):
        review.exclude(response, "Phiếu thử", ready["admin"])
    assert "chưa có phiếu hợp lệ" in officer.get("/sipas/don-vi/stp/").content.decode()
