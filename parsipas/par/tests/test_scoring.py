"""The scoring methods, the tree sum, re-basing and ranking, on hand-computed examples."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from parsipas.par.scoring import (
    NOT_APPLICABLE,
    Criterion,
    ScoringError,
    check_params,
    competition_ranks,
    describe_params,
    method_points,
    score_tree,
    score_units,
    shown,
)

# --- one method at a time ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "target", "value", "expected"),
    [
        (">=", 98, 98, D("2")),
        (">=", 98, "97.99", D("0")),
        (">", 98, 98, D("0")),
        ("<=", 0, 0, D("2")),
        ("<", 5, 6, D("0")),
        ("=", 100, "100.0", D("2")),
    ],
)
def test_binary_gives_full_points_only_when_the_comparison_holds(op, target, value, expected):
    assert method_points("binary", {"op": op, "target": target}, 2, value) == expected


def test_ratio_is_proportional_and_capped_at_full_points():
    assert method_points("ratio", {}, 2, 75) == D("1.5")  # 2 × 75/100
    assert method_points("ratio", {"full_at": 30}, 1, 15) == D("0.5")  # 1 × 15/30
    assert method_points("ratio", {"full_at": 30}, 1, 45) == D("1")  # capped
    assert method_points("ratio", {}, 3, -10) == D("0")


def test_ratio_keeps_every_decimal_no_rounding_inside():
    # 1 × 2/3 is not 0.67: the third is kept
    points = method_points("ratio", {"full_at": 3}, 1, 2)
    assert points != D("0.67")
    assert abs(points - D(2) / D(3)) < D("1e-20")
    assert shown(points) == D("0.67")


def test_tiers_take_the_factor_of_the_highest_threshold_reached():
    params = {"tiers": [[100, 1], [80, 0.5], [0, 0]]}
    assert method_points("tiers", params, 2, 100) == D("2")
    assert method_points("tiers", params, 2, 99.9) == D("1.0")
    assert method_points("tiers", params, 2, 80) == D("1.0")
    assert method_points("tiers", params, 2, 79) == D("0")


def test_tiers_ignore_the_order_of_the_pairs_and_give_nothing_below_all_thresholds():
    params = {"tiers": [[50, 0.25], [90, 1], [70, 0.75]]}
    assert method_points("tiers", params, 4, 75) == D("3.00")  # 4 × 0.75
    assert method_points("tiers", params, 4, 49) == D("0")


def test_manual_points_are_kept_within_zero_and_the_maximum():
    assert method_points("manual", {}, 1.5, "1,25") == D("1.25")
    assert method_points("manual", {}, 1.5, 2) == D("1.5")
    assert method_points("manual", {}, 1.5, -1) == D("0")


def test_survey_turns_a_percentage_into_points():
    # Đắk Lắk 2023: 18.29 of 22 points is a survey result of 83.136...%
    assert method_points("survey", {}, 22, 50) == D("11")
    assert method_points("survey", {}, 10, "81.5") == D("8.15")


def test_deduct_removes_points_per_fault_down_to_zero():
    assert method_points("deduct", {"per": 0.5}, 2, 0) == D("2")
    assert method_points("deduct", {"per": 0.5}, 2, 3) == D("0.5")  # 2 − 1.5
    assert method_points("deduct", {"per": 0.5}, 2, 5) == D("0")


def test_bad_parameters_are_named_in_vietnamese():
    assert "không có" in check_params("magic", {})[0]
    assert any("target" in p for p in check_params("binary", {"op": ">="}))
    assert any("phép so sánh" in p for p in check_params("binary", {"op": "~", "target": 1}))
    assert check_params("tiers", {"tiers": [[80, 2]]})  # factor above 1
    assert check_params("deduct", {})
    assert check_params("ratio", {"full_at": 0})
    assert check_params("ratio", {}) == []
    with pytest.raises(ScoringError):
        method_points("ratio", {}, 2, "nhiều")


# --- the tree and re-basing ------------------------------------------------------------

FRAMEWORK = [
    Criterion("A", "Phần A", D("6"), "group"),
    Criterion("A.1", "Báo cáo đúng hạn", D("2"), "binary", {"op": ">=", "target": 100}, "A"),
    Criterion("A.2", "Tỷ lệ hồ sơ đúng hạn", D("4"), "ratio", {}, "A", applies_to="commune"),
    Criterion("B", "Phần B", D("4"), "group"),
    Criterion("B.1", "Sai phạm", D("3"), "deduct", {"per": 1}, "B"),
    Criterion("B.2", "Sáng kiến", D("1"), "manual", {}, "B"),
]


def test_a_group_scores_the_sum_of_its_children():
    score = score_tree(FRAMEWORK, {"A.1": 100, "A.2": 50, "B.1": 1, "B.2": "0.5"}, "commune")
    assert score.nodes["A"].points == D("4")  # 2 + 4 × 0.5
    assert score.nodes["B"].points == D("2.5")  # (3 − 1) + 0.5
    assert score.points == D("6.5")
    assert score.max_points == D("10")
    assert score.percent == D("65")


def test_a_criterion_that_does_not_apply_is_left_out_and_the_maximum_rebased():
    # A.2 applies to communes only: an agency is scored out of 6, not 10.
    score = score_tree(FRAMEWORK, {"A.1": 100, "B.1": 1, "B.2": "0.5"}, "agency")
    assert score.nodes["A.2"].applicable is False
    assert score.nodes["A"].max_points == D("2")
    assert score.points == D("4.5")
    assert score.max_points == D("6")
    assert score.percent == D("75")


def test_a_unit_can_declare_a_criterion_not_applicable():
    score = score_tree(
        FRAMEWORK, {"A.1": 100, "A.2": NOT_APPLICABLE, "B.1": 0, "B.2": 1}, "commune"
    )
    assert score.max_points == D("6")
    assert score.points == D("6")
    assert score.percent == D("100")


def test_a_group_whose_children_all_do_not_apply_does_not_apply():
    score = score_tree(FRAMEWORK, {"A.1": NOT_APPLICABLE, "B.1": 0, "B.2": 1}, "agency")
    assert score.nodes["A"].applicable is False
    assert score.max_points == D("4")


def test_a_missing_value_adds_no_points_is_flagged_and_gives_the_range_of_the_total():
    score = score_tree(FRAMEWORK, {"A.1": 100, "A.2": 100, "B.1": 0}, "commune")
    assert score.nodes["B.2"].missing
    assert score.nodes["B"].missing
    assert score.points == D("9")  # known so far
    assert score.max_points == D("10")
    assert score.missing_codes == ["B", "B.2"]
    # the missing leaf is missing, not at risk: its best case is the full point
    assert score.nodes["B.2"].at_risk == D("0")
    assert score.nodes["B.2"].state == "missing"
    assert (score.nodes["B.2"].low, score.nodes["B.2"].high) == (D("0"), D("1"))
    assert (score.low, score.high) == (D("9"), D("10"))
    assert score.known_max == D("9") and score.missing_count == 1
    assert score.nodes["B"].state == "partial"


def test_a_known_value_below_full_points_is_at_risk_and_groups_add_their_risks():
    score = score_tree(FRAMEWORK, {"A.1": 50, "A.2": 100, "B.1": 0}, "commune")
    a1 = score.nodes["A.1"]
    assert a1.at_risk == a1.max_points - a1.points > 0 and a1.state == "at_risk"
    assert score.nodes["A.2"].state == "full" and score.nodes["A.2"].at_risk == 0
    assert score.nodes["A"].at_risk == a1.at_risk
    assert score.at_risk == a1.at_risk + score.nodes["B.1"].at_risk


def test_a_missing_tiered_value_whose_best_tier_is_short_of_full_points_is_at_risk():
    tiers = [Criterion("T", "T", D("2"), "tiers", {"tiers": [[90, 0.5], [50, 0.25]]})]
    score = score_tree(tiers, {})
    assert score.nodes["T"].missing and score.nodes["T"].high == D("1")
    assert score.nodes["T"].at_risk == D("1") and score.nodes["T"].state == "at_risk"


def test_a_cycle_in_the_tree_is_refused():
    looped = [
        Criterion("X", "X", D("1"), "group", parent_code="Y"),
        Criterion("Y", "Y", D("1"), "group", parent_code="X"),
    ]
    with pytest.raises(ScoringError):
        score_tree(looped, {})


# --- several units: totals and ranks -----------------------------------------------------


def test_ranks_share_a_place_on_ties_and_skip_the_next():
    ranked = competition_ranks(
        ["a", "b", "c", "d", "e"],
        key=lambda x: {"a": D(90), "b": D(95), "c": D(90), "d": D(80), "e": None}[x],
    )
    assert ranked == [(1, "b"), (2, "a"), (2, "c"), (4, "d"), (None, "e")]


def test_a_whole_framework_scored_for_several_units_gives_totals_and_ranks():
    values = {
        # commune, all applicable: 2 + 4×0.9 + 3 + 1 = 9.6 / 10 = 96%
        "xa-a": {"A.1": 100, "A.2": 90, "B.1": 0, "B.2": 1},
        # agency: A.2 left out: (2 + 2 + 0.5) / 6 = 75%
        "so-b": {"A.1": 100, "B.1": 1, "B.2": "0.5"},
        # commune: A.1 missed (99 < 100) 0 + 4×0.75 + 3 + 0 = 6 / 10 = 60%
        "xa-c": {"A.1": 99, "A.2": 75, "B.1": 0, "B.2": 0},
        # agency: 2 + max(0, 3 − 3×1) + 0.2 = 2.2 / 6 = 36.67%
        "so-c": {"A.1": 100, "B.1": 3, "B.2": "0.2"},
    }
    kinds = {"xa-a": "commune", "xa-c": "commune", "so-b": "agency", "so-c": "agency"}
    results = {r.unit: r for r in score_units(FRAMEWORK, values, kinds)}
    assert (results["xa-a"].points, results["xa-a"].max_points) == (D("9.6"), D("10"))
    assert results["xa-a"].percent == D("96")
    assert (results["so-b"].points, results["so-b"].max_points) == (D("4.5"), D("6"))
    assert (results["xa-c"].points, results["xa-c"].max_points) == (D("6.00"), D("10"))
    assert (results["so-c"].points, results["so-c"].max_points) == (D("2.2"), D("6"))
    assert shown(results["so-c"].percent) == D("36.67")
    assert [(r.unit, r.rank) for r in score_units(FRAMEWORK, values, kinds)] == [
        ("xa-a", 1),
        ("so-b", 2),
        ("xa-c", 3),
        ("so-c", 4),
    ]


def test_units_with_the_same_percent_share_a_rank_even_with_different_maxima():
    values = {
        "xa-1": {"A.1": 100, "A.2": 50, "B.1": 0, "B.2": 0},  # 2+2+3+0 = 7/10 = 70%
        "so-1": {"A.1": 0, "B.1": 0, "B.2": "1.2"},  # 0+3+1 (manual capped) = 4/6 = 66.67%
        "so-2": {"A.1": 100, "B.1": "1.8", "B.2": 1},  # 2+1.2+1 = 4.2/6 = 70%
    }
    kinds = {"xa-1": "commune", "so-1": "agency", "so-2": "agency"}
    ranks = {r.unit: r.rank for r in score_units(FRAMEWORK, values, kinds)}
    assert ranks == {"xa-1": 1, "so-2": 1, "so-1": 3}


def test_points_given_by_the_appraisal_team_replace_the_method_and_stay_within_the_maximum():
    values = {"A.1": 100, "A.2": 90, "B.1": 0, "B.2": 1}
    score = score_tree(FRAMEWORK, values, "commune", given_points={"A.2": D("3"), "B.1": D("7")})
    assert score.nodes["A.2"].points == D("3")  # not 3.6 from the ratio
    assert score.nodes["B.1"].points == D("3")  # 7 kept within the maximum of 3
    assert score.points == D("9")


def test_method_parameters_read_as_words_not_as_a_dict():
    assert describe_params("binary", {"op": ">=", "target": 98}) == (
        "Đủ điểm khi giá trị ≥ 98, không thì 0 điểm."
    )
    assert describe_params("ratio", {}) == "Điểm theo tỷ lệ, đủ điểm khi đạt 100%."
    assert describe_params("tiers", {"tiers": [[95, 0.75], [98, 1], [0, 0]]}) == (
        "Từ 98: 100% số điểm; từ 95: 75% số điểm; từ 0: 0% số điểm; thấp hơn: 0 điểm."
    )
    assert describe_params("deduct", {"per": 0.25}) == "Trừ 0,25 điểm cho mỗi lỗi."
    assert describe_params("manual", {}) == ""
