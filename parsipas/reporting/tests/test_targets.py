from __future__ import annotations

from decimal import Decimal

import pytest

from parsipas.reporting.targets import evaluate, parse_figure


@pytest.mark.parametrize(
    ("op", "value", "value_max", "figure", "expected"),
    [
        (">=", 98, None, 98, "met"),
        (">=", 98, None, "97.99", "not_met"),
        (">", 30, None, 30, "not_met"),
        (">", 30, None, 31, "met"),
        ("<=", 5, None, 5, "met"),
        ("<", 5, None, 5, "not_met"),
        ("=", 100, None, 100, "met"),
        ("between", 90, 100, 90, "met"),
        ("between", 90, 100, 100, "met"),
        ("between", 90, 100, "100.01", "not_met"),
        ("between", 90, 100, 89, "not_met"),
        ("between", 90, None, 150, "met"),
        (">=", 98, None, None, "unknown"),
        (">=", None, None, 5, "unknown"),
        ("~", 1, None, 5, "unknown"),
    ],
)
def test_a_figure_is_compared_with_its_target(op, value, value_max, figure, expected) -> None:
    assert evaluate(op, value, value_max, figure) == expected


def test_increase_needs_the_previous_years_figure() -> None:
    assert evaluate("increase", None, None, 12) == "unknown"
    assert evaluate("increase", None, None, 12, previous=10) == "met"
    assert evaluate("increase", None, None, 10, previous=10) == "not_met"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("98", "98.00"),
        ("98,5", "98.50"),
        ("98.5 %", "98.50"),
        ("1.234.567", "1234567.00"),
        ("98.5", "98.50"),
        ("1.234,5", "1234.50"),
        ("1,234.5", "1234.50"),
        ("", None),
        ("  ", None),
    ],
)
def test_figures_are_read_as_people_type_them(text: str, expected: str | None) -> None:
    result = parse_figure(text)
    assert result == (Decimal(expected) if expected else None)


def test_text_that_is_not_a_number_is_refused_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="không phải là số"):
        parse_figure("khoảng 90")
