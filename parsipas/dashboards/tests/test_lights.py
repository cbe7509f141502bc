import datetime as dt

from parsipas.dashboards import lights


def test_green_from_80_percent_done_or_on_track():
    assert lights.light(10, 8, reported=10).colour == lights.GREEN
    assert lights.light(10, 7, reported=10).colour == lights.AMBER


def test_amber_from_50_percent_red_below():
    assert lights.light(10, 5, reported=10).colour == lights.AMBER
    assert lights.light(10, 4, reported=10).colour == lights.RED


def test_overdue_criterion_makes_it_red_whatever_the_share():
    light = lights.light(10, 10, overdue=1, reported=10)
    assert light.colour == lights.RED
    assert "quá hạn" in light.reason


def test_grey_without_assignments_or_reports():
    assert lights.light(0, 0).colour == lights.GREY
    assert lights.light(10, 0, reported=0).colour == lights.GREY


def test_in_progress_counts_only_before_the_deadline():
    today = dt.date(2026, 6, 1)
    assert lights.good_of_criterion(3, 4, dt.date(2026, 12, 31), today) == 7
    assert lights.good_of_criterion(3, 4, dt.date(2026, 5, 1), today) == 3
    assert lights.good_of_criterion(3, 4, None, today) == 7


def test_reason_uses_vietnamese_decimal_comma():
    assert "84,5%" in lights.light(200, 169, reported=200).reason
