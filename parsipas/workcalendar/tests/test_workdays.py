"""The working-day calendar on the 2026 dates (shared/reference/README.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from parsipas.lib.workdays import WorkCalendar, statutory_holidays

D = dt.date
# The Government's 2026 arrangements, as the seed migration stores them.
CAL = WorkCalendar.of(
    days_off=[D(2026, 1, 2), D(2026, 8, 31)], make_up=[D(2026, 1, 10), D(2026, 8, 22)]
)


def test_statutory_holidays_of_2026_are_the_labour_code_days_only() -> None:
    assert statutory_holidays(2026) == {
        D(2026, 1, 1),
        *(D(2026, 2, d) for d in range(16, 21)),  # Tết: Monday 16 – Friday 20
        D(2026, 4, 26),  # Giỗ Tổ on a Sunday …
        D(2026, 4, 27),  # … compensated on Monday
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 9, 1),
        D(2026, 9, 2),
    }


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2026, 1, 1), False),  # Tết Dương lịch
        (D(2026, 1, 2), False),  # Friday given off
        (D(2026, 1, 5), True),
        (D(2026, 1, 10), True),  # Saturday worked to make up for 2/1
        (D(2026, 1, 17), False),  # an ordinary Saturday
        (D(2026, 2, 13), True),  # the Friday before Tết
        (D(2026, 2, 16), False),
        (D(2026, 2, 23), True),  # back after Tết
        (D(2026, 4, 27), False),  # Giỗ Tổ compensated
        (D(2026, 8, 22), True),  # make-up Saturday
        (D(2026, 8, 31), False),
        (D(2026, 11, 24), True),  # the proposed Ngày Văn hóa is not law until an admin adds it
    ],
)
def test_working_days_of_2026(day: dt.date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_a_period_starts_the_day_after_the_event() -> None:
    # Received Thursday 12/2/2026, the day before the Tết break: 15 working days run from
    # Friday 13/2, skip the week of Tết, and end on Thursday 12/3.
    assert CAL.add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert CAL.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    assert CAL.add_working_days(D(2026, 2, 12), 15) == D(2026, 3, 12)


def test_counting_back_gives_the_earlier_working_day() -> None:
    # Five working days before the province's due date of Friday 20/3/2026.
    assert CAL.add_working_days(D(2026, 3, 20), -5) == D(2026, 3, 13)
    assert CAL.add_working_days(D(2026, 1, 12), -1) == D(2026, 1, 10)  # the make-up Saturday


def test_working_days_between_counts_from_the_day_after() -> None:
    assert CAL.working_days_between(D(2026, 2, 12), D(2026, 3, 12)) == 15
    assert CAL.working_days_between(D(2026, 3, 6), D(2026, 3, 6)) == 0
    assert CAL.working_days_between(D(2026, 3, 6), D(2026, 3, 1)) == 0


def test_a_last_day_on_a_rest_day_moves_to_the_next_working_day() -> None:
    # 30 days after 1/1/2026 is Saturday 31/1: the period ends on Monday 2/2.
    assert CAL.period_end(D(2026, 1, 1), 30) == D(2026, 2, 2)
    assert CAL.period_end(D(2026, 1, 1), 4) == D(2026, 1, 5)


def test_late_is_after_the_last_working_day() -> None:
    assert not CAL.is_late(D(2026, 2, 12), 15, D(2026, 3, 12))
    assert CAL.is_late(D(2026, 2, 12), 15, D(2026, 3, 13))
