"""Survey periods: the reporting periods of the year, as ranges of months.

Answers are filed by month of submission (local time), so every period is a union of whole
months: the quarters, and the cumulative 6 and 9 months and the year that provinces report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class PeriodKind:
    code: str
    label: str
    first_month: int
    last_month: int


PERIOD_KINDS: dict[str, PeriodKind] = {
    k.code: k
    for k in (
        PeriodKind("q1", "Quý I", 1, 3),
        PeriodKind("q2", "Quý II", 4, 6),
        PeriodKind("6m", "6 tháng đầu năm", 1, 6),
        PeriodKind("q3", "Quý III", 7, 9),
        PeriodKind("9m", "9 tháng", 1, 9),
        PeriodKind("q4", "Quý IV", 10, 12),
        PeriodKind("year", "Cả năm", 1, 12),
    )
}
QUARTERS = ("q1", "q2", "q3", "q4")


@dataclass(frozen=True)
class Period:
    year: int
    kind: PeriodKind

    @property
    def first(self) -> int:
        return self.year * 100 + self.kind.first_month

    @property
    def last(self) -> int:
        return self.year * 100 + self.kind.last_month

    @property
    def label(self) -> str:
        return f"{self.kind.label} {self.year}" if self.kind.code != "year" else f"Năm {self.year}"

    def contains(self, month: int) -> bool:
        return self.first <= month <= self.last

    def previous_year(self) -> Period:
        return Period(self.year - 1, self.kind)


def period(year: int, code: str | None = None) -> Period:
    """The period `code` (q1 … q4, 6m, 9m, year; None = year) of `year`; ValueError otherwise."""
    kind = PERIOD_KINDS.get(code or "year")
    if kind is None:
        raise ValueError(f"unknown period {code!r}; expected one of {', '.join(PERIOD_KINDS)}")
    if not 2000 <= year <= 2100:
        raise ValueError(f"year out of range: {year}")
    return Period(year, kind)


def month_of(moment: datetime | date) -> int:
    """YYYYMM of a moment, in the deployment's local time (an aware datetime is converted)."""
    if isinstance(moment, datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
    return moment.year * 100 + moment.month
