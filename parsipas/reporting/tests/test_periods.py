from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from parsipas.reporting.models import ReportingPeriod
from parsipas.reporting.periods import default_periods


def test_the_four_default_periods_follow_the_ministrys_regime() -> None:
    from parsipas.lib.workdays import WorkCalendar

    periods = default_periods(2026, WorkCalendar(), unit_days=5)
    assert [(p.code, p.name) for p in periods] == [
        ("Q1", "Quý I"),
        ("Q2", "6 tháng"),
        ("Q3", "Quý III"),
        ("Y", "Năm"),
    ]
    windows = [(p.start, p.end, p.lead_due_date) for p in periods]
    assert windows == [
        (dt.date(2025, 12, 15), dt.date(2026, 3, 14), dt.date(2026, 3, 20)),
        (dt.date(2025, 12, 15), dt.date(2026, 6, 14), dt.date(2026, 6, 20)),
        (dt.date(2026, 6, 15), dt.date(2026, 9, 14), dt.date(2026, 9, 20)),
        (dt.date(2025, 12, 15), dt.date(2026, 12, 14), dt.date(2026, 12, 20)),
    ]
    # Units: 5 working days before the province. 20/03/2026 is a Friday: Friday 13/03.
    assert periods[0].due_date == dt.date(2026, 3, 13)
    # 20/09/2026 is a Sunday: 5 working days back is Monday 14/09.
    assert periods[2].due_date == dt.date(2026, 9, 14)


def test_the_units_due_date_skips_the_governments_days_off() -> None:
    from parsipas.lib.workdays import WorkCalendar

    # Ten working days before Sunday 20/09/2026 is Monday 07/09; a day off inside those ten
    # days (say Tuesday 15/09) moves it one working day earlier, to Friday 04/09.
    plain = default_periods(2026, WorkCalendar(), unit_days=10)[2].due_date
    assert plain == dt.date(2026, 9, 7)
    swapped = WorkCalendar.of(days_off=[dt.date(2026, 9, 15)])
    assert default_periods(2026, swapped, unit_days=10)[2].due_date == dt.date(2026, 9, 4)


def test_a_period_is_planned_then_open_then_closed_by_date() -> None:
    from parsipas.reporting.periods import state_on

    start, due = dt.date(2026, 12, 15), dt.date(2027, 3, 13)
    assert state_on(start, due, dt.date(2026, 12, 1)) == "planned"
    assert state_on(start, due, start) == "open"
    assert state_on(start, due, due) == "open"
    assert state_on(start, due, dt.date(2027, 3, 14)) == "closed"


def test_new_periods_are_created_not_yet_open_and_open_on_their_start_date(db) -> None:
    call_command("periods", "create", "--year", "2027", stdout=io.StringIO())
    q1 = ReportingPeriod.objects.get(year=2027, code="Q1")
    assert (q1.state, q1.auto_state) == ("planned", True)
    ReportingPeriod.sync_states(dt.date(2026, 12, 1), force=True)
    q1.refresh_from_db()
    assert q1.state == "planned"
    ReportingPeriod.sync_states(dt.date(2026, 12, 15), force=True)
    q1.refresh_from_db()
    assert q1.state == "open"


def test_periods_list_prints_json(db) -> None:
    import json

    call_command("periods", "create", "--year", "2027", stdout=io.StringIO())
    out = io.StringIO()
    call_command("periods", "list", "--year", "2027", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["code"] for r in rows] == ["Q1", "Q2", "Q3", "Y"]
    assert set(rows[0]) == {"code", "name", "start", "end", "units_due", "province_due", "state"}
    assert rows[0]["province_due"] == "2027-03-20" and rows[0]["state"] == "planned"


def test_pages_keep_the_working_year_until_the_admin_switches_it(people, login) -> None:
    from parsipas.reporting.models import WorkingYear

    today = dt.date.today()
    ReportingPeriod.create_defaults(today.year)
    ReportingPeriod.create_defaults(today.year + 1)
    current = ReportingPeriod.current()
    assert current is not None and current.year == today.year
    admin = login(people["admin"])
    r = admin.post("/bao-cao/ky/nam/", {"year": today.year + 1})
    assert r.status_code == 302 and WorkingYear.get() == today.year + 1
    current = ReportingPeriod.current()
    assert current is not None and current.year == today.year + 1
    other = login(people["unit"], admin.__class__())
    assert other.post("/bao-cao/ky/nam/", {"year": 2030}).status_code == 403


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
            "due_date": "2026-12-10",
            "lead_due_date": "2027-03-25",
            "mode": "closed",
        },
    )
    assert (
        r.status_code == 200
        and "Hạn gửi báo cáo không được trước ngày bắt đầu" in r.content.decode()
    )
    r = admin.post(
        f"/bao-cao/ky/{period.pk}/sua/",
        {
            "name": "Quý I",
            "start": "2027-01-01",
            "end": "2027-03-14",
            "due_date": "2027-03-18",
            "lead_due_date": "2027-03-25",
            "mode": "closed",
        },
    )
    assert r.status_code == 302
    period.refresh_from_db()
    assert (period.due_date, period.state, period.auto_state) == (
        dt.date(2027, 3, 18),
        "closed",
        False,
    )
    assert "Quý I 2027" in admin.get("/bao-cao/ky/").content.decode()
