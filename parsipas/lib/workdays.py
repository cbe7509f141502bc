"""The working-day calendar behind every "N ngày làm việc" deadline.

A day is a working day when it is Monday to Friday, not a statutory holiday and not a day the
Government gave off that year — or when it is a make-up Saturday the Government named. The
statutory holidays (Labour Code 2019, art. 112, with the compensation of a holiday that falls on a
weekly rest day) come from the `holidays` package; the yearly arrangements (swapped days off,
make-up Saturdays, a new holiday before the package knows it) are data an admin keeps, passed in
here as two sets. This module is pure: `parsipas.workcalendar.service.calendar()` builds the
calendar from the database.

Counting follows the Civil Code 2015 (arts. 144–148): a period starts the day after the event, and
a period whose last day is a rest day ends at the end of the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import holidays

# The package also carries some years' Government swaps and proposed holidays; those are kept as
# admin data here (one source per fact), so only the statutory days and their compensation are
# taken from it.
_NOT_STATUTORY = ("Day off (substituted", "Vietnam Cultural Day")


@cache
def statutory_holidays(year: int) -> frozenset[dt.date]:
    """The statutory public holidays of Vietnam in `year`, compensated days included."""
    days = holidays.country_holidays("VN", years=year, language="en_US")
    return frozenset(
        day
        for day, name in days.items()
        if not any(part.startswith(_NOT_STATUTORY) for part in name.split("; "))
    )


@dataclass(frozen=True)
class WorkCalendar:
    """Statutory holidays plus the given extra days off and make-up working days."""

    extra_days_off: frozenset[dt.date] = field(default_factory=frozenset)
    make_up_days: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, days_off: Iterable[dt.date] = (), make_up: Iterable[dt.date] = ()) -> WorkCalendar:
        return cls(frozenset(days_off), frozenset(make_up))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.make_up_days:
            return True
        if day.weekday() >= 5 or day in self.extra_days_off:
            return False
        return day not in statutory_holidays(day.year)

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, event: dt.date, count: int) -> dt.date:
        """The last day of a period of `count` working days starting the day after `event`.

        `add_working_days(d, 0)` is `d` itself. A negative count goes back: the date that many
        working days before `event` (a unit's due date before the province's, say).
        """
        day = event
        step = dt.timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, event: dt.date, day: dt.date) -> int:
        """Working days from the day after `event` up to and including `day` (0 if not after)."""
        count = 0
        current = event + dt.timedelta(days=1)
        while current <= day:
            if self.is_working_day(current):
                count += 1
            current += dt.timedelta(days=1)
        return count

    def period_end(self, event: dt.date, days: int) -> dt.date:
        """The last day of a period of `days` calendar days after `event` (Civil Code art. 148):
        moved to the next working day when it falls on a rest day."""
        return self.next_working_day(event + dt.timedelta(days=days))

    def is_late(self, event: dt.date, limit_working_days: int, done: dt.date) -> bool:
        """Whether something due `limit_working_days` after `event` was done after its deadline."""
        return done > self.add_working_days(event, limit_working_days)
