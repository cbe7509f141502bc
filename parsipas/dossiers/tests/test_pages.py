"""Dossier pages for every role: units see their own figures only, the province sees all."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.models import Dossier, PortalScore
from parsipas.dossiers.prefill import DossierSource
from parsipas.dossiers.tests.helpers import csv_bytes
from parsipas.dossiers.tests.test_stats import HAND_BUILT
from parsipas.plans.models import Node, Plan, Target
from parsipas.testing import builders as build
from parsipas.units.models import Unit

FIXTURES = Path(__file__).parent / "fixtures" / "qd766"
Q = "?nam=2026&ky=2026-03"
ROLES = ["admin", "lead", "lead_vp", "unit", "commune", "viewer"]
PROVINCE = {"admin", "lead", "lead_vp", "viewer"}


@pytest.fixture
def dossiers(registry):
    import_dossiers(io.BytesIO(csv_bytes(HAND_BUILT)), "hs.csv")


def plan_with_targets() -> Plan:
    plan = build.plan(2026, "Kế hoạch 2026", published_at=None)
    index = build.node(plan, "I", Node.Level.INDEX, title="PAR")
    nodes = {
        code: build.node(plan, code, parent=index, order=order)
        for order, code in enumerate(["3.8", "3.9", "7.12", "7.13"])
    }
    Target.objects.create(
        node=nodes["3.8"],
        order=0,
        text="đạt từ 98% hồ sơ TTHC trở lên được giải quyết đúng hạn",
        op=">=",
        value=98,
        unit="%",
    )
    Target.objects.create(
        node=nodes["3.8"],
        order=1,
        text="100% các hồ sơ TTHC trễ hạn phải thực hiện thư xin lỗi",
        op=">=",
        value=100,
        unit="%",
    )
    Target.objects.create(
        node=nodes["3.9"], order=0, text="từ 94 điểm trở lên", op=">=", value=94, unit="điểm"
    )
    Target.objects.create(
        node=nodes["7.12"],
        order=0,
        text="90% -100% hồ sơ giải quyết trực tuyến toàn trình",
        op="between",
        value=90,
        value_max=100,
        unit="%",
    )
    Target.objects.create(
        node=nodes["7.13"],
        order=0,
        text="90% -100% số TTHC có yêu cầu nghĩa vụ tài chính",
        op="between",
        value=90,
        value_max=100,
        unit="%",
    )
    Target.objects.create(
        node=nodes["7.13"],
        order=2,
        text="90% -100% số hồ sơ có phát sinh giao dịch thanh toán trực tuyến",
        op="between",
        value=90,
        value_max=100,
        unit="%",
    )
    return plan  # fmt: skip


def get(login, people, role: str, url: str):
    return login(people[role]).get(url)


@pytest.mark.parametrize("role", ROLES)
def test_the_figures_page_shows_the_province_or_only_the_unit(dossiers, people, login, role):
    response = get(login, people, role, "/ho-so/" + Q)
    if role in PROVINCE:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Toàn tỉnh" in page and "Sở Tư pháp" in page and "Sở Nội vụ" in page
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(f"/ho-so/don-vi/{people[role].unit.code}/")


@pytest.mark.parametrize("role", ROLES)
def test_a_unit_page_and_its_dossiers_are_seen_by_the_unit_and_the_province_only(
    dossiers, people, login, role
):
    for url in (
        "/ho-so/don-vi/stp/" + Q,
        "/ho-so/don-vi/stp/danh-sach/" + Q + "&loc=late",
        "/ho-so/766/stp/" + Q,
    ):
        response = get(login, people, role, url)
        expected = 200 if role in PROVINCE or role == "unit" else 404
        assert response.status_code == expected, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_the_province_766_page_is_for_province_readers(dossiers, people, login, role):
    response = get(login, people, role, "/ho-so/766/" + Q)
    assert response.status_code == (200 if role in PROVINCE else 302)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_admin_imports(registry, people, login, role):
    for url in ("/ho-so/nhap/", "/ho-so/nhap-766/"):
        assert get(login, people, role, url).status_code == (200 if role == "admin" else 403)


def test_anonymous_visitors_are_sent_to_login(dossiers, client):
    for url in (
        "/ho-so/",
        "/ho-so/don-vi/stp/",
        "/ho-so/don-vi/stp/danh-sach/",
        "/ho-so/766/",
        "/ho-so/766/stp/",
        "/ho-so/nhap/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_drill_down_lists_the_late_dossiers_without_apology(dossiers, people, login):
    page = get(
        login, people, "unit", "/ho-so/don-vi/stp/danh-sach/" + Q + "&loc=late_without_apology"
    ).content.decode()
    assert "H-overdue" in page and "H-supp" in page and "H-late" not in page and "H-ok" not in page
    assert "Quá hạn do yêu cầu bổ sung hồ sơ nhiều hơn một lần" in page
    assert "hs.csv, dòng" in page


def test_the_unit_page_shows_actual_against_target_and_what_it_takes(dossiers, people, login):
    plan_with_targets()
    page = get(login, people, "unit", "/ho-so/don-vi/stp/" + Q).content.decode()
    assert "50%" in page  # 3 of 6 on time in March
    assert "≥ 98%" in page and "Chưa đạt" in page
    assert "3 hồ sơ giải quyết đúng hạn" in page  # 6 needed for 98 % of 6


def test_admin_imports_a_file_through_the_page_and_a_bad_one_changes_nothing(
    registry, people, login
):
    client = login(people["admin"])
    good = io.BytesIO(csv_bytes(HAND_BUILT))
    good.name = "hs.csv"
    response = client.post("/ho-so/nhap/", {"file": good})
    assert response.status_code == 302 and Dossier.objects.count() == len(HAND_BUILT)
    bad = io.BytesIO(csv_bytes([{**HAND_BUILT[0], "code": "NEW", "unit": "khong-co"}]))
    bad.name = "bad.csv"
    response = client.post("/ho-so/nhap/", {"file": bad})
    assert response.status_code == 400
    assert "Đơn vị &#x27;khong-co&#x27; không có trong danh mục" in response.content.decode()
    assert not Dossier.objects.filter(code="NEW").exists()


def test_portal_counts_are_imported_and_scored_on_the_766_page(registry, people, login):
    Unit.objects.filter(code="stp").update(portal_code="H44.07")
    client = login(people["admin"])
    with (FIXTURES / "dvc-progress-tree__year-all.csv").open("rb") as upload:
        response = client.post(
            "/ho-so/nhap-766/", {"file": upload, "group": "progress", "year": 2026, "period": "Y"}
        )
    assert response.status_code == 302
    assert PortalScore.objects.filter(group="progress").count() > 10
    response = client.get("/ho-so/766/?nam=2026&ky=Y")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tiến độ giải quyết" in page
    assert "H44.100" in page and "chưa ghép được" in page  # a Phú Thọ commune: not ours
    assert PortalScore.objects.get(department_code="H44.01").unit.code == "vpubnd"  # by name
    stp_row = PortalScore.objects.get(department_code="H44.07")
    assert stp_row.unit.code == "stp"
    unit_page = login(people["unit"]).get("/ho-so/766/stp/?nam=2026&ky=Y").content.decode()
    assert "Cổng DVCQG" in unit_page


def test_the_dossier_source_gives_the_reporting_form_each_target_with_a_link(dossiers):
    from datetime import date

    from parsipas.reporting.computed import Window

    plan_with_targets()
    stp = Unit.objects.get(code="stp")
    window = Window(2026, date(2026, 3, 1), date(2026, 3, 31), "Tháng 3")
    found = {i.key: i for i in DossierSource().unit_figures(window, [stp.pk])[stp.pk]}
    on_time = found["PAR:3.8#0"]
    assert (on_time.text, str(on_time.value), on_time.rows) == ("3/6 hồ sơ (50%)", "50.00", 6)
    assert on_time.url == "/ho-so/don-vi/stp/?tu=2026-03-01&den=2026-03-31"
    assert found["PAR:3.8#1"].text.startswith("1/3 hồ sơ")  # apology letters for late dossiers
    assert "PAR:7.13#0" not in found  # counts procedures, not dossiers
    assert found["PAR:7.13#2"].label.startswith("Thanh toán trực tuyến")
    digitized = next(i for i in found.values() if i.node_key == "PAR:7.10")
    assert digitized.target_order is None and digitized.value == 0  # no target, actual given
    province = {i.key for i in DossierSource().province_figures(window)}
    assert "PAR:3.8#0" in province


def test_the_month_choice_of_a_unit_page_lists_months_not_python_objects(dossiers, people, login):
    response = login(people["unit"]).get("/ho-so/don-vi/stp/" + Q)
    page = response.content.decode()
    options = re.findall(r'<option value="(2026-\d\d)"( selected)?>([^<]*)</option>', page)
    assert [value for value, _, _ in options] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert ("2026-03", " selected", "Tháng 03") in options
    assert "Counts(" not in page and "Figure(" not in page and "(&#x27;2026" not in page


def test_counts_read_with_thousands_dots(registry, people, login):
    rows = [
        {"code": f"K{n}", "unit": "stp", "received": "02/03/2026 08:00:00"} for n in range(1200)
    ]
    import_dossiers(io.BytesIO(csv_bytes(rows)), "k.csv")
    client = login(people["admin"])
    for path in ("/ho-so/", "/ho-so/don-vi/stp/"):
        page = client.get(path + Q).content.decode()
        assert ">1.200<" in page and "1200" not in page, path


def test_a_reports_range_shows_in_the_picker_until_another_period_is_chosen(
    dossiers, people, login
):
    client = login(people["admin"])
    page = client.get("/ho-so/?tu=2025-12-15&den=2026-03-14").content.decode()
    assert '<option value="khoang" selected>Từ 15/12/2025 đến 14/03/2026</option>' in page
    assert '<input type="hidden" name="tu" value="2025-12-15">' in page
    assert " selected>Quý I<" not in page
    # "Xem" unchanged keeps the range; another period chosen wins over it.
    kept = client.get("/ho-so/?nam=2026&ky=khoang&tu=2025-12-15&den=2026-03-14")
    assert "Từ 15/12/2025 đến 14/03/2026" in kept.content.decode()
    chosen = client.get("/ho-so/?nam=2026&ky=Q2&tu=2025-12-15&den=2026-03-14").content.decode()
    assert 'value="khoang"' not in chosen and "Từ 15/12/2025" not in chosen
