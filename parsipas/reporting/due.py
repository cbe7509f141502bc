"""When a deadline is "due soon": one rule for the home cards, the unit's page, the reminders and
the at-risk list (it was written as 7 days in three places and as 30 in a fourth)."""

from __future__ import annotations

import datetime as dt

DUE_SOON_DAYS = 7


def days_left(deadline: dt.date, today: dt.date) -> int:
    return (deadline - today).days


def is_due_soon(days: int) -> bool:
    """Not past, and at most DUE_SOON_DAYS calendar days away (today counts)."""
    return 0 <= days <= DUE_SOON_DAYS


def is_overdue(days: int) -> bool:
    return days < 0


def tone(days: int, outstanding: bool = True) -> str:
    """The colour of a deadline with work still outstanding: danger, warn or info (ok when done)."""
    if not outstanding:
        return "ok"
    if is_overdue(days):
        return "danger"
    return "warn" if is_due_soon(days) else "info"
