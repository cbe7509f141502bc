"""Index formulas on small data sets worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from parsipas.sipas.indices import (
    Rule,
    Tally,
    compute,
    pooled,
    required_sample,
    round_pct,
    wilson,
)
from parsipas.testing.present import present


def tally_of(answers: dict[str, list[int]], respondents: int = 1) -> Tally:
    tally = Tally(respondents=respondents)
    for element, values in answers.items():
        for v in values:
            tally.add(element, v)
    return tally


def test_element_index_is_share_of_4_and_5_among_valid_answers() -> None:
    # E1: 4,5,3,2 -> 2 of 4 satisfied = 50 %; E2: 5,5,4 -> 100 %.
    result = compute(tally_of({"E1": [4, 5, 3, 2], "E2": [5, 5, 4]}))
    assert present(result.elements["E1"]).pct == Decimal("50.00")
    assert present(result.elements["E2"]).pct == Decimal("100.00")
    assert (
        present(result.elements["E1"]).answers == 4
        and present(result.elements["E1"]).satisfied == 2
    )


def test_no_opinion_answers_are_left_out_of_the_denominator() -> None:
    # 0 is "không ý kiến": E1 = 4, 0, 0, 1 -> 1 satisfied of 2 valid = 50 %.
    result = compute(tally_of({"E1": [4, 0, 0, 1]}))
    assert present(result.elements["E1"]).pct == Decimal("50.00")
    assert present(result.elements["E1"]).answers == 2


def test_an_element_with_only_no_opinion_has_no_index_and_is_left_out_of_sipas() -> None:
    # E1 = 1/3 -> 33.33, E2 = 2/2 -> 100, E3 only no-opinion -> None; SIPAS = mean(1/3, 1) = 66.67.
    result = compute(tally_of({"E1": [5, 2, 3], "E2": [4, 5], "E3": [0, 0]}))
    assert result.elements["E3"] is None
    assert result.elements["E4"] is None  # never answered
    assert present(result.sipas).pct == Decimal("66.67")


def test_sipas_is_the_plain_mean_of_the_five_unrounded_element_indices() -> None:
    # 1/3, 2/3, 1, 1/2, 0 -> mean = (2/6 + 4/6 + 6/6 + 3/6 + 0) / 5 = 15/30 = 50 %.
    result = compute(
        tally_of({"E1": [5, 1, 1], "E2": [5, 4, 1], "E3": [4], "E4": [4, 3], "E5": [2, 3]})
    )
    assert [present(result.elements[e]).pct for e in ("E1", "E2", "E3", "E4", "E5")] == [
        Decimal("33.33"),
        Decimal("66.67"),
        Decimal("100.00"),
        Decimal("50.00"),
        Decimal("0.00"),
    ]
    assert present(result.sipas).pct == Decimal("50.00")


def test_weights_and_threshold_are_configuration() -> None:
    tally = tally_of({"E1": [5, 3], "E2": [3, 3]})
    # Counting 3 as satisfied too: E1 = 100, E2 = 100.
    assert present(compute(tally, Rule.with_threshold(5, 3)).sipas).pct == Decimal("100.00")
    # E1 weighs 3, E2 weighs 1: (3 * 50 + 1 * 0) / 4 = 37.5.
    weighted = Rule(weights={"E1": Fraction(3), "E2": Fraction(1)})
    assert present(compute(tally, weighted, elements=["E1", "E2"]).sipas).pct == Decimal("37.50")


def test_a_weight_of_zero_shows_the_element_but_keeps_it_out_of_sipas() -> None:
    tally = tally_of({"E1": [5], "E2": [1]})
    result = compute(tally, Rule(weights={"E2": Fraction(0)}), elements=["E1", "E2"])
    assert present(result.elements["E2"]).pct == Decimal("0.00")
    assert present(result.sipas).pct == Decimal("100.00")


def test_no_answer_at_all_gives_no_sipas() -> None:
    result = compute(Tally(respondents=3))
    assert result.sipas is None and all(f is None for f in result.elements.values())
    assert result.as_dict() == {
        "n": 3,
        "elements": dict.fromkeys(["E1", "E2", "E3", "E4", "E5"]),
        "sipas": None,
    }


def test_pooling_weighs_units_by_their_answers_not_equally() -> None:
    big = tally_of({"E1": [5] * 9 + [1]}, respondents=10)  # 90 %
    small = tally_of({"E1": [1]}, respondents=1)  # 0 %
    province = compute(pooled([big, small]))
    assert present(province.elements["E1"]).pct == Decimal("81.82")  # 9 / 11, not (90 + 0) / 2
    assert province.respondents == 11


def test_wilson_interval_matches_the_textbook_values() -> None:
    # 8 of 10: Wilson 95 % = [0.4902, 0.9433] (Newcombe 1998).
    low, high = present(wilson(8, 10))
    assert round(low, 4) == 0.4902 and round(high, 4) == 0.9433
    low, high = present(wilson(0, 10))
    assert low == 0.0 and round(high, 4) == 0.2775
    assert wilson(0, 0) is None


def test_figures_carry_their_interval_in_percent() -> None:
    result = compute(tally_of({"E1": [5] * 8 + [1, 2]}))
    figure = present(result.elements["E1"])
    assert (figure.low, figure.pct, figure.high) == (
        Decimal("49.02"),
        Decimal("80.00"),
        Decimal("94.33"),
    )
    assert figure.low < present(result.sipas).pct < figure.high


def test_sipas_interval_uses_the_effective_sample_size() -> None:
    # Two elements of 100 answers each at 50 %: n_eff = 200, like one sample of 200 at 50 %.
    result = compute(
        tally_of({"E1": [5] * 50 + [1] * 50, "E2": [4] * 50 + [2] * 50}), elements=["E1", "E2"]
    )
    low, high = present(wilson(100, 200))
    assert present(result.sipas).low == round_pct(low) and present(result.sipas).high == round_pct(
        high
    )


def test_rounding_is_half_up() -> None:
    assert round_pct(Fraction(1, 8)) == Decimal("12.50")
    assert round_pct(Fraction(1, 3)) == Decimal("33.33")
    assert round_pct(Fraction(2, 3)) == Decimal("66.67")
    assert round_pct(Fraction(5, 80000)) == Decimal("0.01")  # 0.00625 -> 0.01


@pytest.mark.parametrize(
    ("population", "margin", "expected"),
    [
        (0, 0.05, 0),
        (100, 0.05, 80),
        (1000, 0.05, 286),
        (10000, 0.05, 385),
        (400, 0.1, 80),
        (5000, 0.03, 910),
    ],
)
def test_required_sample_is_yamane_rounded_up(
    population: int, margin: float, expected: int
) -> None:
    # 100 / 1.25 = 80; 1000 / 3.5 = 285.7 -> 286; 10000 / 26 = 384.6 -> 385; 400 / 5 = 80;
    # 5000 / 5.5 = 909.1 -> 910.
    assert required_sample(population, margin) == expected


def test_required_sample_rejects_a_margin_given_in_percent() -> None:
    with pytest.raises(ValueError):
        required_sample(1000, 5)
