"""`parsipas remind`: who gets what, one digest a day, never the same reminder twice."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from parsipas.reporting.models import Notification, ReminderLog, ReportingPeriod
from parsipas.reporting.tests.conftest import report_data, report_path


@pytest.fixture(autouse=True)
def locmem(mailoutbox: Any) -> None:
    """pytest-django's mailoutbox: Django's locmem email backend, emptied for each test."""


@pytest.fixture
def only_current(small_plan: Any) -> Any:
    """Lock the past periods so that only the current one (due in 5 days) reminds."""
    ReportingPeriod.objects.exclude(pk=small_plan.current.pk).update(state="locked")
    return small_plan


def _remind(day: dt.date | None = None, *args: str) -> str:
    out = io.StringIO()
    call_command("remind", *(["--date", day.isoformat()] if day else []), *args, stdout=out)
    return out.getvalue()


def _by_recipient() -> dict[str, Any]:
    return {m.to[0]: m for m in mail.outbox}


def test_units_get_one_digest_about_reports_due_soon_and_leads_about_reviews(
    only_current, people, login
) -> None:
    sp = only_current
    unit = login(people["unit"])
    unit.post(report_path(sp, "1.2", "stp"), report_data(0, narrative="Đang làm", action="submit"))
    due = sp.current.due_date
    _remind(due - dt.timedelta(days=3))
    sent = _by_recipient()
    # Units with tasks: stp and bmt officers; stp has 5 of 6 still to send.
    assert set(sent) >= {
        "t.unit.stp@example.invalid",
        "t.unit.bmt@example.invalid",
        "t.lead.snv@example.invalid",
    }
    stp = sent["t.unit.stp@example.invalid"]
    assert "còn 3 ngày đến hạn" in stp.body and "còn 5/6 báo cáo chưa gửi" in stp.body
    assert stp.subject.startswith("[parsipas] Nhắc việc báo cáo CCHC")
    # The lead of 1.2 (Sở Nội vụ) is told the report waits for review, in the same digest.
    snv = sent["t.lead.snv@example.invalid"]
    assert "tiêu chí 1.2 · Sở Tư pháp đã gửi báo cáo, chờ duyệt" in snv.body
    # Văn phòng UBND tỉnh leads 1.8 but nothing waits for it, and it has no tasks: no email.
    assert "t.lead.vpubnd@example.invalid" not in sent
    # One email per person.
    assert len(mail.outbox) == len(sent)
    # The same events in the bell.
    assert Notification.objects.filter(user=people["unit"], kind="due_soon").count() == 1


def test_a_second_run_sends_nothing_again(only_current, people) -> None:
    day = only_current.current.due_date - dt.timedelta(days=7)
    _remind(day)
    first = len(mail.outbox)
    assert first > 0
    _remind(day)
    assert len(mail.outbox) == first
    # Next day is still within the 7-day threshold: no repeat either.
    _remind(day + dt.timedelta(days=1))
    assert len(mail.outbox) == first
    # At 3 days the next threshold fires once.
    _remind(day + dt.timedelta(days=4))
    assert len(mail.outbox) == 2 * first
    assert ReminderLog.objects.filter(user=people["unit"], kind="due_soon").count() == 2


def test_nobody_is_reminded_when_the_due_date_is_far(only_current) -> None:
    _remind(only_current.current.due_date - dt.timedelta(days=20))
    assert mail.outbox == []


def test_overdue_reports_remind_units_and_leads_see_who_has_not_reported(
    only_current, people, login
) -> None:
    sp = only_current
    unit = login(people["unit"])
    for code in ("1.1", "1.2", "1.8", "2.1", "2.2", "2.3"):
        unit.post(report_path(sp, code, "stp"), report_data(0, narrative="Đã làm", action="submit"))
    mail.outbox.clear()
    _remind(sp.current.due_date + dt.timedelta(days=2))
    sent = _by_recipient()
    assert "t.unit.stp@example.invalid" not in sent  # stp sent everything
    assert "đã quá hạn 2 ngày" in sent["t.unit.bmt@example.invalid"].body
    snv = sent["t.lead.snv@example.invalid"].body
    assert "tiêu chí 1.1: 2/3 đơn vị chưa gửi báo cáo" in snv
    vp = sent["t.lead.vpubnd@example.invalid"].body
    assert (
        "tiêu chí 1.8 · Sở Tư pháp đã gửi báo cáo, chờ duyệt" in vp
        and "tiêu chí 1.8: 1/2 đơn vị" in vp
    )
    # A week later: one more overdue reminder, no repeat of the review item.
    mail.outbox.clear()
    _remind(sp.current.due_date + dt.timedelta(days=9))
    again = _by_recipient()
    assert "đã quá hạn 9 ngày" in again["t.unit.bmt@example.invalid"].body
    assert "chờ duyệt" not in again["t.lead.vpubnd@example.invalid"].body


def test_at_most_one_email_a_day_even_when_new_things_happen(only_current, people, login) -> None:
    sp = only_current
    day = sp.current.due_date - dt.timedelta(days=3)
    unit = login(people["unit"])
    unit.post(report_path(sp, "1.2", "stp"), report_data(0, narrative="x", action="submit"))
    _remind(day)

    def to_lead() -> list[Any]:
        return [m for m in mail.outbox if m.to == ["t.lead.snv@example.invalid"]]

    assert len(to_lead()) == 1
    unit.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="x", action="submit"))
    _remind(day)
    assert len(to_lead()) == 1  # the new submission waits for tomorrow's digest
    _remind(day + dt.timedelta(days=1))
    assert len(to_lead()) == 2
    assert (
        "tiêu chí 1.1 · Sở Tư pháp" in to_lead()[1].body and "tiêu chí 1.2" not in to_lead()[1].body
    )


def test_dry_run_prints_and_sends_nothing(only_current) -> None:
    output = _remind(only_current.current.due_date - dt.timedelta(days=1), "--dry-run")
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    assert (
        "t.unit.stp@example.invalid" in output
        and "Sẽ gửi" in output
        and "còn 1 ngày đến hạn" in output
    )


def test_locked_periods_and_draft_plans_are_not_reminded(only_current) -> None:
    only_current.plan.status = "draft"
    only_current.plan.save()
    _remind(only_current.current.due_date - dt.timedelta(days=1))
    assert mail.outbox == []
