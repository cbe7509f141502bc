"""The admin keeps the Government's swaps; every other role is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from parsipas.workcalendar import service
from parsipas.workcalendar.models import DayArrangement

pytestmark = pytest.mark.django_db


def test_the_2026_arrangements_are_seeded_and_counted() -> None:
    cal = service.calendar()
    assert not cal.is_working_day(dt.date(2026, 1, 2))
    assert cal.is_working_day(dt.date(2026, 1, 10))
    assert DayArrangement.objects.filter(date__year=2026).count() == 4


def test_admin_adds_a_day_off_and_deadlines_move(people: Any, login: Any) -> None:
    before = service.calendar().add_working_days(dt.date(2026, 11, 20), 3)
    assert before == dt.date(2026, 11, 25)
    c = login(people["admin"])
    page = c.get("/lich-lam-viec/?nam=2026")
    assert page.status_code == 200
    assert "Làm bù cho ngày nghỉ 02/01/2026" in page.content.decode()
    response = c.post(
        "/lich-lam-viec/",
        {"date": "2026-11-24", "kind": "off", "reason": "Ngày Văn hóa Việt Nam", "source": ""},
    )
    assert response.status_code == 302
    assert service.calendar().add_working_days(dt.date(2026, 11, 20), 3) == dt.date(2026, 11, 26)
    row = DayArrangement.objects.get(date=dt.date(2026, 11, 24))
    c.post(f"/lich-lam-viec/{row.pk}/xoa/")
    assert service.calendar().add_working_days(dt.date(2026, 11, 20), 3) == before


def test_a_bad_date_is_named_and_nothing_saved(people: Any, login: Any) -> None:
    c = login(people["admin"])
    response = c.post("/lich-lam-viec/", {"date": "2026-02-30", "kind": "off", "reason": "x"})
    assert response.status_code == 200
    assert DayArrangement.objects.count() == 6
    page = c.get("/lich-lam-viec/?nam=abc")
    assert page.status_code == 200


@pytest.mark.parametrize("role", ["lead", "unit", "commune", "viewer"])
def test_other_roles_cannot_see_or_change_the_calendar(people: Any, login: Any, role: str) -> None:
    c = login(people[role])
    assert c.get("/lich-lam-viec/").status_code == 403
    response = c.post("/lich-lam-viec/", {"date": "2026-11-24", "kind": "off", "reason": "x"})
    assert response.status_code == 403
    assert not DayArrangement.objects.filter(date=dt.date(2026, 11, 24)).exists()
