"""Petitions near or past their limits reach the unit's home page and the daily digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from parsipas.petitions import handling
from parsipas.reporting import reminders
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db


def test_an_overdue_petition_shows_on_the_home_page_and_in_the_digest(
    people: Any, login: Any
) -> None:
    stp = Unit.objects.get(code="stp")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        p = handling.receive(unit=stp, channel="phone", content="Chậm trả kết quả")
    with time_machine.travel(dt.datetime(2026, 3, 30, 9, tzinfo=dt.UTC)):
        home = login(people["unit"]).get("/").content.decode()
        assert "1 phản ánh, kiến nghị cần xử lý" in home and "1 đã quá hạn" in home
        digests = reminders.collect(dt.date(2026, 3, 30))
        unit_lines = [i.text for i in digests[people["unit"].pk].items if i.section == "registers"]
        assert unit_lines == [f"Phản ánh {p.code} (Sở Tư pháp): trả lời, quá hạn 23/03/2026"]
        # The overseer (Văn phòng UBND tỉnh) hears of it too; another agency does not.
        overseer = [i.text for i in digests[people["lead_vp"].pk].items if i.section == "registers"]
        assert overseer == unit_lines
        other = digests.get(people["lead"].pk)
        assert other is None or not [i for i in other.items if i.section == "registers"]
