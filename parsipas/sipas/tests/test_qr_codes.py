"""Every unit's desks and QR codes on one page, printable sheets, and the SITE_URL warning."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import checks
from django.test import Client

from parsipas.sipas.checks import site_url_is_public
from parsipas.sipas.links import is_local_address, short_label, survey_url
from parsipas.sipas.models import Desk
from parsipas.units.models import Unit

WARNING = "Cảnh báo: địa chỉ hệ thống đang là địa chỉ cục bộ"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000/",
        "http://0.0.0.0",
        "http://10.1.2.3",
        "http://192.168.1.20:8000",
        "http://172.16.0.5",
        "http://[::1]:8000",
        "http://cchc.local",
        "http://may-chu",
        "",
    ],
)
def test_local_addresses_are_recognised(url: str) -> None:
    assert is_local_address(url)


@pytest.mark.parametrize(
    "url", ["https://cchc.daklak.gov.vn", "http://203.113.131.5", "cchc.daklak.gov.vn"]
)
def test_public_addresses_are_not_local(url: str) -> None:
    assert not is_local_address(url)


def test_a_desk_url_and_its_printed_label(settings: Any) -> None:
    settings.SITE_URL = "https://cchc.daklak.gov.vn/"
    url = survey_url("stp", "quay-1")
    assert url == "https://cchc.daklak.gov.vn/sipas/khao-sat/stp/?quay=quay-1"
    assert short_label(url) == "cchc.daklak.gov.vn/sipas/khao-sat/stp/?quay=quay-1"


def test_production_warns_while_site_url_is_local(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    found = site_url_is_public()
    assert [m.id for m in found] == ["sipas.W001"] and found[0].level == checks.WARNING
    assert "127.0.0.1" in found[0].msg
    settings.SITE_URL = "https://cchc.daklak.gov.vn"
    assert site_url_is_public() == []
    settings.PRODUCTION, settings.SITE_URL = False, "http://127.0.0.1:8000"
    assert site_url_is_public() == []  # a developer's machine is allowed its local address


@pytest.fixture
def desks(db: Any, registry: Any) -> list[Desk]:
    stp = Unit.objects.get(code="stp")
    commune = Unit.objects.get(code="phuong-buon-ma-thuot")
    return [
        Desk.objects.create(unit=stp, code="quay-1", name="Quầy số 1 — Hộ tịch"),
        Desk.objects.create(unit=stp, code="quay-2", name="Quầy số 2 — Công chứng"),
        Desk.objects.create(unit=stp, code="cu", name="Quầy cũ", active=False),
        Desk.objects.create(unit=commune, code="mot-cua", name="Bộ phận Một cửa phường"),
    ]


@pytest.mark.django_db
def test_the_reform_office_sees_every_units_desks_and_codes(
    people: dict, login: Any, desks: list[Desk], settings: Any
) -> None:
    settings.SITE_URL = "https://cchc.daklak.gov.vn"
    admin = login(people["admin"])
    html = admin.get("/sipas/ma-qr/").content.decode()
    assert 'id="dv-stp"' in html and 'id="dv-phuong-buon-ma-thuot"' in html
    assert 'id="dv-snv"' in html  # units without desks are listed with their own code
    assert "Quầy số 2 — Công chứng" in html and "/sipas/don-vi/stp/quay/quay-2/qr.svg" in html
    assert "cchc.daklak.gov.vn/sipas/khao-sat/stp/?quay=quay-1" in html
    assert WARNING not in html
    # communes only, searched
    html = admin.get("/sipas/ma-qr/?nhom=xa-phuong&q=Buôn Ma Thuột").content.decode()
    assert "Bộ phận Một cửa phường" in html and 'id="dv-stp"' not in html
    html = admin.get("/sipas/ma-qr/?nhom=co-quan&co_quay=1").content.decode()
    assert 'id="dv-stp"' in html and 'id="dv-snv"' not in html
    assert 'id="dv-phuong-buon-ma-thuot"' not in html


@pytest.mark.django_db
def test_print_all_gives_one_a4_sheet_per_active_desk(
    people: dict, login: Any, desks: list[Desk], settings: Any
) -> None:
    settings.SITE_URL = "https://cchc.daklak.gov.vn"
    admin = login(people["admin"])
    html = admin.get("/sipas/ma-qr/in/?nhom=co-quan&co_quay=1").content.decode()
    assert html.count('<article class="qr-sheet">') == 2  # the retired desk is not printed
    assert html.count("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK") == 2
    assert "Quét mã để đánh giá sự hài lòng" in html and "Quầy cũ" not in html
    # a unit without desks gets one sheet with its own code
    html = admin.get("/sipas/ma-qr/in/?q=Sở Nội vụ").content.decode()
    assert html.count('<article class="qr-sheet">') == 1 and "/sipas/don-vi/snv/qr.svg" in html
    html = admin.get("/sipas/ma-qr/in/?don_vi=phuong-buon-ma-thuot").content.decode()
    assert html.count('<article class="qr-sheet">') == 1 and "Bộ phận Một cửa phường" in html


@pytest.mark.django_db
def test_a_unit_prints_its_own_sheets_and_no_one_elses(
    people: dict, login: Any, desks: list[Desk]
) -> None:
    officer = login(people["unit"])
    assert officer.get("/sipas/ma-qr/").status_code == 403
    assert officer.get("/sipas/ma-qr/in/").status_code == 403
    assert officer.get("/sipas/ma-qr/in/?don_vi=phuong-buon-ma-thuot").status_code == 403
    html = officer.get("/sipas/ma-qr/in/?don_vi=stp").content.decode()
    assert html.count('<article class="qr-sheet">') == 2
    for role in ("lead", "viewer", "commune"):
        assert login(people[role], Client()).get("/sipas/ma-qr/").status_code == 403
    assert login(people["commune"], Client()).get("/sipas/ma-qr/in/?don_vi=stp").status_code == 403


@pytest.mark.django_db
def test_pages_that_show_codes_warn_while_site_url_is_local(
    people: dict, login: Any, desks: list[Desk], settings: Any, instrument: Any
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8000"
    admin = login(people["admin"])
    for url in (
        "/sipas/ma-qr/",
        "/sipas/ma-qr/in/",
        "/sipas/don-vi/stp/quay/",
        "/sipas/don-vi/stp/quay/quay-1/in/",
        "/sipas/bo-cau-hoi/",
        "/sipas/chi-tieu/",
        "/sipas/",
    ):
        html = admin.get(url).content.decode()
        assert WARNING in html and "127.0.0.1:8000" in html, url
