"""Dossier indicators: on-time rate, fully online, online payment, digitisation, apologies.

Pure functions over dossier records (no Django). Every count is taken over the dossiers
*received within the period*, and each dossier's state is judged *as at the end of the
period*, so a period's figures do not change when the export is run later:

- ``received``: dossiers whose reception date falls within ``[period.start, period.end]``
  (dates inclusive). Every other count is a subset of these. A dossier received before the
  period is not counted, even if it is finished during the period.
- ``finished``: received dossiers finished on or before the last day of the period. A
  dossier finished after the period end is *in progress* as far as this period goes.
- ``in_progress``: received dossiers not finished by the end of the period.
- ``on_time``: received dossiers with at most one supplement request that are either
  finished by their due date (``finished <= due``), or still in progress at the end of the
  period and not yet due then (due date after the last day of the period). A dossier without
  a due date cannot be late by date.
- ``late``: all other received dossiers — finished after the due date; in progress with the
  due date on or before the last day of the period; or with MORE THAN ONE supplement request
  (a second request for documents counts as late whatever the dates).
  ``on_time + late == received``.
- ``late_with_apology`` / ``late_without_apology``: late dossiers with / without an apology
  letter sent; they add up to ``late``.
- ``fully_online``, ``electronic_result``, ``digitized``, ``reused_data``,
  ``synced_national``: received dossiers with that flag.
- ``fee_required``: received dossiers with a fee or charge to pay; ``paid_online``: those
  among them paid online (a dossier flagged paid online without a fee is not counted).
- ``ratings``: received dossiers with a satisfaction rating; ``rating_sum`` and
  ``rating_histogram`` keep the ratings themselves (the scale is the source system's).

Rates are percentages rounded to 2 dp like the national portal; a rate over an empty
denominator is ``None``, shown as "không có hồ sơ".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from parsipas.dossiers.q766.rules import percent

Channel = Literal["truc_tiep", "truc_tuyen", "buu_chinh"]
CHANNELS: tuple[Channel, ...] = ("truc_tiep", "truc_tuyen", "buu_chinh")
NO_DOSSIERS = "không có hồ sơ"


@dataclass(frozen=True)
class Dossier:
    code: str
    unit_code: str
    procedure_code: str
    received: datetime
    due: datetime | None
    finished: datetime | None
    supplement_requests: int
    channel: Channel
    fully_online: bool
    fee_required: bool
    paid_online: bool
    electronic_result: bool
    digitized: bool
    reused_data: bool
    synced_national: bool
    apology_sent: bool
    rating: int | None


@dataclass(frozen=True)
class Period:
    """A reporting period, both dates inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"period starts after it ends: {self.start} > {self.end}")

    def contains(self, moment: datetime) -> bool:
        # Comparing calendar dates keeps the rules free of time zones and times of day.
        return self.start <= moment.date() <= self.end

    def ended_by(self, moment: datetime) -> bool:
        """True when ``moment`` is on or before the last day of the period."""
        return moment.date() <= self.end


class Timeliness(StrEnum):
    """A received dossier's state at the end of the period."""

    FINISHED_ON_TIME = "finished_on_time"
    IN_PROGRESS_NOT_DUE = "in_progress_not_due"
    FINISHED_LATE = "finished_late"
    IN_PROGRESS_OVERDUE = "in_progress_overdue"
    TOO_MANY_SUPPLEMENTS = "too_many_supplements"

    @property
    def on_time(self) -> bool:
        return self in (Timeliness.FINISHED_ON_TIME, Timeliness.IN_PROGRESS_NOT_DUE)

    @property
    def label_vi(self) -> str:
        return _TIMELINESS_LABELS[self]


_TIMELINESS_LABELS = {
    Timeliness.FINISHED_ON_TIME: "Đã giải quyết đúng hạn",
    Timeliness.IN_PROGRESS_NOT_DUE: "Đang giải quyết, chưa đến hạn",
    Timeliness.FINISHED_LATE: "Đã giải quyết quá hạn",
    Timeliness.IN_PROGRESS_OVERDUE: "Đang giải quyết, đã quá hạn",
    Timeliness.TOO_MANY_SUPPLEMENTS: "Quá hạn do yêu cầu bổ sung hồ sơ nhiều hơn một lần",
}


def finished_by_period_end(dossier: Dossier, period: Period) -> bool:
    return dossier.finished is not None and period.ended_by(dossier.finished)


def timeliness(dossier: Dossier, period: Period) -> Timeliness:
    """Why a dossier counts as on time or late at the end of ``period`` (see module doc)."""
    if dossier.supplement_requests > 1:
        return Timeliness.TOO_MANY_SUPPLEMENTS
    if finished_by_period_end(dossier, period):
        assert dossier.finished is not None
        if dossier.due is None or dossier.finished <= dossier.due:
            return Timeliness.FINISHED_ON_TIME
        return Timeliness.FINISHED_LATE
    if dossier.due is None or not period.ended_by(dossier.due):
        return Timeliness.IN_PROGRESS_NOT_DUE
    return Timeliness.IN_PROGRESS_OVERDUE


# Plain integer counters of Counts, in display order; merge() adds these up.
_INT_FIELDS = (
    "received",
    "finished",
    "in_progress",
    "on_time",
    "late",
    "late_with_apology",
    "late_without_apology",
    "fully_online",
    "fee_required",
    "paid_online",
    "electronic_result",
    "digitized",
    "reused_data",
    "synced_national",
    "ratings",
    "rating_sum",
)


@dataclass
class Counts:
    """Streaming accumulator of one unit's (or a roll-up's) dossier counts for a period.

    Build it with ``add`` one dossier at a time, or fill the fields from a SQL aggregate, and
    combine partial results with ``merge``. Memory does not grow with the number of dossiers.
    """

    period: Period
    received: int = 0
    finished: int = 0
    in_progress: int = 0
    on_time: int = 0
    late: int = 0
    late_with_apology: int = 0
    late_without_apology: int = 0
    fully_online: int = 0
    fee_required: int = 0
    paid_online: int = 0
    electronic_result: int = 0
    digitized: int = 0
    reused_data: int = 0
    synced_national: int = 0
    ratings: int = 0
    rating_sum: int = 0
    rating_histogram: Counter[int] = field(default_factory=Counter)

    def add(self, dossier: Dossier) -> bool:
        """Count one dossier; returns False (and counts nothing) if it was not received
        within the period."""
        if not self.period.contains(dossier.received):
            return False
        self.received += 1
        if finished_by_period_end(dossier, self.period):
            self.finished += 1
        else:
            self.in_progress += 1
        if timeliness(dossier, self.period).on_time:
            self.on_time += 1
        else:
            self.late += 1
            if dossier.apology_sent:
                self.late_with_apology += 1
            else:
                self.late_without_apology += 1
        self.fully_online += dossier.fully_online
        self.electronic_result += dossier.electronic_result
        self.digitized += dossier.digitized
        self.reused_data += dossier.reused_data
        self.synced_national += dossier.synced_national
        if dossier.fee_required:
            self.fee_required += 1
            self.paid_online += dossier.paid_online
        if dossier.rating is not None:
            self.ratings += 1
            self.rating_sum += dossier.rating
            self.rating_histogram[dossier.rating] += 1
        return True

    def merge(self, other: Counts) -> Counts:
        """Add ``other`` into these counts (same period) and return self."""
        if other.period != self.period:
            raise ValueError(f"cannot merge counts of {other.period} into {self.period}")
        for name in _INT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rating_histogram.update(other.rating_histogram)
        return self

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _INT_FIELDS}


def count(dossiers: Iterable[Dossier], period: Period) -> Counts:
    """All dossiers received in the period, whatever their unit."""
    counts = Counts(period)
    for dossier in dossiers:
        counts.add(dossier)
    return counts


def count_by_unit(dossiers: Iterable[Dossier], period: Period) -> dict[str, Counts]:
    """Counts per ``unit_code``; units with no dossier received in the period are absent."""
    by_unit: dict[str, Counts] = {}
    for dossier in dossiers:
        if period.contains(dossier.received):
            by_unit.setdefault(dossier.unit_code, Counts(period)).add(dossier)
    return by_unit


def roll_up(
    by_unit: Mapping[str, Counts],
    parent_of: Mapping[str, str] | Callable[[str], str | None],
) -> dict[str, Counts]:
    """Add units' counts into their parents (e.g. communes into "cấp xã", or into the province).

    Units without a parent are left out. Only one level: call again for the next one.
    """
    lookup = parent_of.get if isinstance(parent_of, Mapping) else parent_of
    rolled: dict[str, Counts] = {}
    for unit_code, counts in by_unit.items():
        parent = lookup(unit_code)
        if parent is not None:
            rolled.setdefault(parent, Counts(counts.period)).merge(counts)
    return rolled


def total(counts: Iterable[Counts], period: Period) -> Counts:
    """The sum of several counts of the same period (e.g. the whole province)."""
    result = Counts(period)
    for item in counts:
        result.merge(item)
    return result


# --- indicators ------------------------------------------------------------------------------


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage rounded to 2 dp like the portal, or None when there is no dossier."""
    return percent(numerator, denominator) if denominator else None


def format_rate(value: Decimal | None) -> str:
    """'97,52%' in Vietnamese notation, or 'không có hồ sơ'."""
    if value is None:
        return NO_DOSSIERS
    from parsipas.lib.numbers import percent

    return percent(value)


@dataclass(frozen=True)
class Indicators:
    """Percentages (2 dp); None means "không có hồ sơ" (empty denominator)."""

    on_time_rate: Decimal | None  # on_time / received
    fully_online_rate: Decimal | None  # fully_online / received
    online_payment_rate: Decimal | None  # paid_online / fee_required
    digitization_rate: Decimal | None  # digitized / received
    apology_rate: Decimal | None  # late_with_apology / late
    average_rating: Decimal | None  # rating_sum / ratings, 2 dp


def indicators(counts: Counts) -> Indicators:
    return Indicators(
        on_time_rate=rate(counts.on_time, counts.received),
        fully_online_rate=rate(counts.fully_online, counts.received),
        online_payment_rate=rate(counts.paid_online, counts.fee_required),
        digitization_rate=rate(counts.digitized, counts.received),
        apology_rate=rate(counts.late_with_apology, counts.late),
        average_rating=(
            (Decimal(counts.rating_sum) / counts.ratings).quantize(Decimal("0.01"))
            if counts.ratings
            else None
        ),
    )


def gap_to_target(numerator: int, denominator: int, target_pct: int | float | Decimal) -> int:
    """How many more qualifying dossiers the period needed to reach ``target_pct``.

    The smallest ``k >= 0`` with ``(numerator + k) / denominator >= target_pct / 100``, on
    exact fractions (no rounding). The denominator stays fixed: the extra dossiers are not
    new ones but received ones that would have had to qualify (late ones handled on time,
    paper ones digitised, …). No dossiers (denominator 0) → 0: there is nothing to convert.
    """
    target = Fraction(str(target_pct))
    if not 0 <= target <= 100:
        raise ValueError(f"target must be between 0 and 100 %, got {target_pct}")
    if numerator < 0 or denominator < 0:
        raise ValueError("counts cannot be negative")
    if denominator == 0:
        return 0
    required = target * denominator / 100
    # ceil of an exact fraction, without going through floats
    needed = -(-required.numerator // required.denominator)
    return max(0, needed - numerator)


# --- to the 766 engine -----------------------------------------------------------------------


def to_766_counts(
    counts: Counts, extra: Mapping[str, Mapping[str, int | float | Decimal]] | None = None
) -> dict[str, dict[str, int | float | Decimal]]:
    """The 766 engine's count fields for the progress, payment and digitisation groups.

    The dossiers give what they can (see the mapping below). What they cannot give is passed in
    ``extra`` (per group) before those groups can be scored — the engine raises
    ``MissingCountsError`` naming any field still absent: payment parts B and C count procedures,
    not dossiers (`scores.OwnData` adds them from the procedure catalogue); the population
    database links and electronic certified copies come from the portal. Satisfaction is not
    mapped: the portal's "satisfied dossier" rule on a rating scale is not known.
    """
    received = counts.received
    groups: dict[str, dict[str, int | float | Decimal]] = {
        "progress": {
            "totalReceived": received,
            "totalOnTime": counts.on_time,
            "totalOverdue": counts.late,
        },
        "payment": {
            "totalDossierOnlinePaymentSuccess": counts.paid_online,
            "totalDossierFinancialObligation": counts.fee_required,
        },
        "digitization": {
            "ORIGINAL_RESULT_AVAILABLE_numerator": counts.electronic_result,
            "ORIGINAL_RESULT_AVAILABLE_denominator": received,
            "SO_HOA_GIAY_TO_GIAI_QUYET_numerator": counts.digitized,
            "SO_HOA_GIAY_TO_GIAI_QUYET_denominator": received,
            "REUSED_DIGITIZED_DATA_numerator": counts.reused_data,
            "REUSED_DIGITIZED_DATA_denominator": received,
            "SYNCED_WITH_DVCQG_PERSONAL_STORAGE_numerator": counts.synced_national,
            "SYNCED_WITH_DVCQG_PERSONAL_STORAGE_denominator": received,
        },
    }
    for group, values in (extra or {}).items():
        groups.setdefault(group, {}).update(values)
    return groups
