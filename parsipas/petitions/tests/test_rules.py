"""Time limits and 766 parts of petitions on the 2026 working-day calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parsipas.lib.workdays import WorkCalendar
from parsipas.petitions.rules import Timeline, deadlines, on_time, overdue_step, q766_parts

D = dt.date
CAL = WorkCalendar.of(
    days_off=[D(2026, 1, 2), D(2026, 8, 31)], make_up=[D(2026, 1, 10), D(2026, 8, 22)]
)


def test_a_petition_received_the_day_before_tet_gets_its_15_days_after_the_holiday() -> None:
    # Received Friday 13/2/2026; Tết runs 14–22/2: the clock starts again on Monday 23/2.
    d = deadlines(Timeline(clock_start=D(2026, 2, 13)), CAL)
    assert d.refuse == D(2026, 2, 24)
    assert d.info == D(2026, 2, 27)
    assert d.handle == D(2026, 3, 13)
    assert d.publish is None


def test_publication_is_due_two_working_days_after_the_answer() -> None:
    d = deadlines(Timeline(clock_start=D(2026, 4, 20), handled_on=D(2026, 4, 29)), CAL)
    # 30/4 and 1/5 are holidays, 2–3/5 the weekend: Monday 4/5 and Tuesday 5/5.
    assert d.publish == D(2026, 5, 5)


@pytest.mark.parametrize(
    "timeline, as_of, expected",
    [
        (
            Timeline(D(2026, 3, 2), handled_on=D(2026, 3, 20), published_on=D(2026, 3, 20)),
            D(2026, 6, 30),
            True,
        ),
        (
            Timeline(D(2026, 3, 2), handled_on=D(2026, 3, 24), published_on=D(2026, 3, 24)),
            D(2026, 6, 30),
            False,
        ),
        # Answered on time and judged before its publication limit: on time so far …
        (Timeline(D(2026, 3, 2), handled_on=D(2026, 3, 20)), D(2026, 3, 23), True),
        # … but never published: late once the publication limit has passed.
        (Timeline(D(2026, 3, 2), handled_on=D(2026, 3, 20)), D(2026, 6, 30), False),
        (Timeline(D(2026, 3, 2), refused_on=D(2026, 3, 4)), D(2026, 6, 30), True),
        (Timeline(D(2026, 3, 2), refused_on=D(2026, 3, 5)), D(2026, 6, 30), False),
        # Still open at the period's end: on time while inside its 15 working days.
        (Timeline(D(2026, 3, 2)), D(2026, 3, 20), True),
        (Timeline(D(2026, 3, 2)), D(2026, 3, 24), False),
        # Handled on time but published late.
        (
            Timeline(D(2026, 3, 2), handled_on=D(2026, 3, 10), published_on=D(2026, 3, 16)),
            D(2026, 6, 30),
            False,
        ),
        (
            Timeline(D(2026, 3, 2), handled_on=D(2026, 3, 10), published_on=D(2026, 3, 12)),
            D(2026, 6, 30),
            True,
        ),
    ],
)
def test_on_time(timeline: Timeline, as_of: dt.date, expected: bool) -> None:
    assert on_time(timeline, CAL, as_of) is expected


def test_overdue_names_the_step_that_is_late() -> None:
    assert overdue_step(Timeline(D(2026, 3, 2)), CAL, D(2026, 3, 24)) == "handle"
    assert overdue_step(Timeline(D(2026, 3, 2)), CAL, D(2026, 3, 20)) is None
    late_publish = Timeline(D(2026, 3, 2), handled_on=D(2026, 3, 10))
    assert overdue_step(late_publish, CAL, D(2026, 3, 13)) == "publish"


@pytest.mark.parametrize(
    "counts, on_time_points, satisfaction_points",
    [
        ((0, 0, 0, 0), "6.00", "6.00"),  # no petitions: full points on both parts
        ((10, 10, 4, 4), "6.00", "6.00"),
        ((8, 6, 0, 0), "4.50", "6.00"),  # 75 % on time; nobody rated yet
        ((3, 2, 3, 1), "4.00", "2.00"),  # 66.67 % → 4.0002 → 4.00; 33.33 % → 2.00
        ((400, 373, 200, 187), "5.59", "5.61"),  # 93.25 % → 5.595 on a double → 5.59
    ],
)
def test_766_petition_parts(
    counts: tuple[int, int, int, int], on_time_points: str, satisfaction_points: str
) -> None:
    parts = q766_parts(*counts)
    assert parts.on_time_points == Decimal(on_time_points)
    assert parts.satisfaction_points == Decimal(satisfaction_points)
