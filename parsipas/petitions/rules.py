"""The time limits of a petition and what "on time" means — pure, on the working-day calendar.

As the 766 method applies them (shared/reference/README.md, "Tiến độ xử lý PAKN"): a petition is
refused within 2 working days of receipt or of the latest forwarding; the first request for more
information is sent within 5; it is handled (an answer ready to publish) within 15 working days of
receipt or the latest forwarding; the answer is published within 2 working days of being handled.
A petition still in progress at the end of a period counts as on time while it is within its 15
working days. Each limit is a setting (`PETITION_LIMITS`), these are the defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from parsipas.dossiers.q766.engine import score_part
from parsipas.dossiers.q766.rules import group_rule
from parsipas.lib.workdays import WorkCalendar

DEFAULT_LIMITS = {"refuse": 2, "info": 5, "handle": 15, "publish": 2}
STEP_LABELS = {
    "refuse": "Từ chối tiếp nhận",
    "info": "Đề nghị bổ sung thông tin",
    "handle": "Xử lý, có văn bản trả lời",
    "publish": "Công khai kết quả",
}


@dataclass(frozen=True)
class Timeline:
    """The dates that decide a petition's timeliness (None: the step has not happened)."""

    clock_start: dt.date  # receipt, or the latest forwarding
    refused_on: dt.date | None = None
    info_requested_on: dt.date | None = None
    handled_on: dt.date | None = None
    published_on: dt.date | None = None


@dataclass(frozen=True)
class Deadlines:
    refuse: dt.date
    info: dt.date
    handle: dt.date
    publish: dt.date | None  # known once handled


def pct(part: int, whole: int) -> Decimal:
    """`part` of `whole` in percent, unrounded (pages round it for display)."""
    return Decimal(part) * 100 / Decimal(whole)


def deadlines(t: Timeline, cal: WorkCalendar, limits: dict[str, int] | None = None) -> Deadlines:
    lim = {**DEFAULT_LIMITS, **(limits or {})}
    return Deadlines(
        refuse=cal.add_working_days(t.clock_start, lim["refuse"]),
        info=cal.add_working_days(t.clock_start, lim["info"]),
        handle=cal.add_working_days(t.clock_start, lim["handle"]),
        publish=cal.add_working_days(t.handled_on, lim["publish"]) if t.handled_on else None,
    )


def on_time(
    t: Timeline, cal: WorkCalendar, as_of: dt.date, limits: dict[str, int] | None = None
) -> bool:
    """Whether the petition counts as handled on time, judged at `as_of` (a period's end).

    Refused: on time when refused within its limit. Handled: on time when handled within the
    handling limit (and, once published, published within its limit). Still open: on time while
    `as_of` is within the handling limit.
    """
    d = deadlines(t, cal, limits)
    if t.refused_on is not None:
        return t.refused_on <= d.refuse
    if t.handled_on is not None and t.handled_on <= as_of:
        if t.handled_on > d.handle:
            return False
        if t.published_on is not None and d.publish is not None:
            return t.published_on <= d.publish
        return d.publish is None or as_of <= d.publish
    return as_of <= d.handle


def overdue_step(
    t: Timeline, cal: WorkCalendar, today: dt.date, limits: dict[str, int] | None = None
) -> str | None:
    """The step whose limit has passed without it being done ('handle' or 'publish'), if any."""
    if t.refused_on is not None:
        return None
    d = deadlines(t, cal, limits)
    if t.handled_on is None:
        return "handle" if today > d.handle else None
    if t.published_on is None and d.publish is not None and today > d.publish:
        return "publish"
    return None


@dataclass(frozen=True)
class Q766Parts:
    """The two petition parts of the 766 satisfaction group (6 points each)."""

    on_time_points: Decimal
    satisfaction_points: Decimal


def q766_parts(total: int, on_time_count: int, rated: int, satisfied: int) -> Q766Parts:
    """PETITION_PROCESSING_ON_TIME and PETITION_HANDLING_SATISFACTION scored by the 766 engine
    itself (its rounding, its rule that no petitions earn full points)."""
    rule = {part.name: part for part in group_rule("satisfaction").parts}
    on_time = score_part(
        rule["PETITION_PROCESSING_ON_TIME"],
        {
            "PETITION_PROCESSING_ON_TIME_numerator": on_time_count,
            "PETITION_PROCESSING_ON_TIME_denominator": total,
        },
    )
    satisfaction = score_part(
        rule["PETITION_HANDLING_SATISFACTION"],
        {
            "PETITION_HANDLING_SATISFACTION_numerator": satisfied,
            "PETITION_HANDLING_SATISFACTION_denominator": rated,
        },
    )
    return Q766Parts(on_time.score, satisfaction.score)
