"""The calendar as the database says it: the one place every deadline asks for working days.

The arrangements are a few rows a year, read once and kept in the shared cache under a version key
that every change bumps, so several app servers agree the moment an admin edits a day.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import transaction

from parsipas.lib.workdays import WorkCalendar
from parsipas.workcalendar.models import DayArrangement

_CACHE_KEY = "workcalendar:v1"


def calendar() -> WorkCalendar:
    cached = cache.get(_CACHE_KEY)
    if isinstance(cached, WorkCalendar):
        return cached
    rows = list(DayArrangement.objects.values_list("date", "kind"))
    result = WorkCalendar.of(
        days_off=[d for d, kind in rows if kind == DayArrangement.Kind.OFF],
        make_up=[d for d, kind in rows if kind == DayArrangement.Kind.WORK],
    )
    cache.set(_CACHE_KEY, result, 3600)
    return result


def _forget() -> None:
    cache.delete(_CACHE_KEY)


def _changed() -> None:
    # Now for this process, and again after commit in case a reader cached the old rows meanwhile.
    _forget()
    transaction.on_commit(_forget)


def save_arrangement(day: dt.date, kind: str, reason: str, source: str = "") -> DayArrangement:
    """Add or change the arrangement of one day (the write side of this app)."""
    with transaction.atomic():
        row, _ = DayArrangement.objects.update_or_create(
            date=day, defaults={"kind": kind, "reason": reason, "source": source}
        )
        _changed()
    return row


def delete_arrangement(row: DayArrangement) -> None:
    with transaction.atomic():
        row.delete()
        _changed()
