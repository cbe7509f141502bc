from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from parsipas.reporting.models import ReportingPeriod
from parsipas.reporting.periods import default_periods


def test_the_four_default_periods_follow_the_cchc_regime() -> None:
    periods = default_periods(2026)
    assert [p.code for p in periods] == ["Q1", "Q2", "Q3", "Y"]
    q1 = periods[0]
    assert (q1.start, q1.end, q1.due_date, q1.lead_due_date) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 15),
        dt.date(2026, 3, 20),
        dt.date(2026, 3, 25),
    )
    assert periods[-1].due_date == dt.date(2026, 12, 20)


def test_periods_create_command_is_idempotent(db) -> None:
    out = io.StringIO()
    call_command("periods", "create", "--year", "2027", stdout=out)
    call_command("periods", "create", "--year", "2027", stdout=out)
    assert ReportingPeriod.objects.filter(year=2027).count() == 4
    assert "4 mới" in out.getvalue() and "4 đã có" in out.getvalue()


def test_the_admin_creates_and_edits_periods(people, login) -> None:
    admin = login(people["admin"])
    admin.post("/bao-cao/ky/tao/", {"year": 2027})
    period = ReportingPeriod.objects.get(year=2027, code="Q1")
    r = admin.post(
        f"/bao-cao/ky/{period.pk}/sua/",
        {
            "name": "Quý I",
            "start": "2027-01-01",
            "end": "2027-03-14",
            "due_date": "2027-03-10",
            "lead_due_date": "2027-03-25",
            "state": "closed",
        },
    )
    assert (
        r.status_code == 200
        and "Hạn gửi báo cáo không được trước ngày chốt số liệu" in r.content.decode()
    )
    r = admin.post(
        f"/bao-cao/ky/{period.pk}/sua/",
        {
            "name": "Quý I",
            "start": "2027-01-01",
            "end": "2027-03-14",
            "due_date": "2027-03-18",
            "lead_due_date": "2027-03-25",
            "state": "closed",
        },
    )
    assert r.status_code == 302
    period.refresh_from_db()
    assert (period.due_date, period.state) == (dt.date(2027, 3, 18), "closed")
    assert "Quý I 2027" in admin.get("/bao-cao/ky/").content.decode()
