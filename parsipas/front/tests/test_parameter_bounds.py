"""Unusual query parameters are a 400 (or ignored), never a 500: `²` in a year or a period,
impossible dates, 20-digit years, extreme ranges — on every page that reads a number or a date."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HOSTILE = [
    "²",
    "2026²",
    "99999999999999999999",
    "-1",
    "1e999999",
    "inf",
    "nan",
    "2026-99-99",
    "0001-01-01",
    "9999-12-31",
    "²-Y",
    "2026-²",
    "%00",
    "1" * 400,
]

PAGES = {
    "/ke-hoach/": ["year", "due"],
    "/bao-cao/duyet/": ["ky", "page"],
    "/bao-cao/tong-hop/": ["ky"],
    "/tong-quan/": ["ky"],
    "/tong-quan/chu-tri/": ["ky"],
    "/viec-cua-don-vi/": ["ky"],
    "/ho-so/": ["nam", "ky", "tu", "den"],
    "/ho-so/don-vi/stp/": ["nam", "ky", "tu", "den"],
    "/ho-so/766/": ["nam", "ky"],
    "/par/du-bao/": ["year"],
    "/par/gia-dinh/": ["year"],
    "/par/so-sanh/": ["year"],
    "/sipas/": ["nam", "ky"],
    "/sipas/xuat.csv": ["nam", "ky"],
    "/sipas/co-mau/": ["nam", "e", "N"],
    "/lich-lam-viec/": ["nam"],
}


@pytest.fixture
def admin(people: dict[str, Any], login: Any) -> Client:
    from django.utils import timezone

    from parsipas.plans.models import Plan
    from parsipas.reporting.models import ReportingPeriod

    Plan.objects.create(
        year=2026, title="Kế hoạch", status="published", published_at=timezone.now()
    )
    ReportingPeriod.objects.create(
        year=2026,
        code="Y",
        name="Năm",
        start="2026-01-01",
        end="2026-12-14",
        due_date="2026-12-15",
        lead_due_date="2026-12-20",
    )
    return login(people["admin"], Client())


@pytest.mark.parametrize("path", sorted(PAGES))
def test_hostile_parameters_never_crash_a_page(admin: Client, path: str) -> None:
    for name in PAGES[path]:
        for value in HOSTILE:
            response = admin.get(path, {name: value})
            assert response.status_code in (200, 302, 400, 404), (
                path,
                name,
                value,
                response.status_code,
            )


def test_a_bad_date_parameter_names_itself(admin: Client) -> None:
    response = admin.get("/ke-hoach/", {"due": "2026-99-99"})
    assert response.status_code == 400
    assert "due" in response.content.decode()
