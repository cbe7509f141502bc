"""The 766 engine against every row the national portal published (Phú Thọ, year 2026)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parsipas.dossiers.q766 import engine
from parsipas.dossiers.q766.engine import (
    GROUPS,
    MissingCountsError,
    biggest_loss,
    percent,
    round_half_up,
    score_digitization,
    score_group,
    score_part,
    score_payment,
    score_progress,
    score_satisfaction,
    score_transparency,
    total,
    units_needed,
    what_it_takes,
)
from parsipas.dossiers.q766.portal import PortalFileError, read_portal_file

FIXTURES = Path(__file__).parent / "fixtures" / "qd766"
SHARED = Path(__file__).resolve().parents[4] / "shared" / "reference" / "qd766"
FILES = {
    "progress": "dvc-progress-tree__year-all.csv",
    "payment": "formality-online-payment-tree__year-all.csv",
    "transparency": "transparency__year-all.csv",
    "satisfaction": "handling-satisfaction__year-all.csv",
    "digitization": "dossier-digitized__year-all.csv",
    "online": "provide-online-tree__parents.csv",
}


def read_portal_csv(path: Path, group: str) -> list:
    return read_portal_file(path.read_bytes(), path.name, group).rows


def _published_rows() -> list:
    cases = []
    for group, filename in FILES.items():
        for row in read_portal_csv(FIXTURES / filename, group):
            cases.append(pytest.param(group, row, id=f"{group}-{row.code}"))
    return cases


PUBLISHED = _published_rows()


def _d(text: str) -> Decimal:
    return Decimal(text)


# --- every published row, to the cent -------------------------------------------------------


@pytest.mark.parametrize(("group", "row"), PUBLISHED)
def test_it_reproduces_the_published_group_score_and_ratio(group, row):
    result = score_group(group, row.counts)
    assert result.score == row.published.score
    assert result.ratio == row.published.ratio
    assert result.max == row.published.max


@pytest.mark.parametrize(("group", "row"), PUBLISHED)
def test_it_reproduces_the_published_part_figures(group, row):
    result = score_group(group, row.counts)
    for name, published in row.published.parts.items():
        part = result.parts[name]
        assert part.score == published.score, name
        assert part.pct == published.pct, name
        assert part.max == published.max, name
    assert result.score == sum(p.score for p in result.parts.values())


def test_every_reference_file_is_read_with_all_its_rows():
    for group, filename in FILES.items():
        lines = (FIXTURES / filename).read_text(encoding="utf-8").splitlines()
        assert len(read_portal_csv(FIXTURES / filename, group)) == len(lines) - 1
    assert len(PUBLISHED) == 83 + 83 + 17 + 14 + 5 + 4


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference folder not mounted")
@pytest.mark.parametrize("filename", sorted(FILES.values()))
def test_the_fixture_copies_match_the_shared_reference(filename):
    assert (FIXTURES / filename).read_bytes() == (SHARED / filename).read_bytes()


def test_it_reads_a_portal_row_into_counts_and_published_figures():
    rows = read_portal_csv(FIXTURES / FILES["satisfaction"], "handling-satisfaction")
    parent = rows[0]
    assert (parent.code, parent.level) == ("H44", "PARENT")
    assert parent.counts["DOSSIER_RECEIVING_SATISFACTION_numerator"] == 528464
    assert parent.counts["totalPetitions"] == 570
    assert "DOSSIER_RECEIVING_SATISFACTION_score" not in parent.counts
    assert parent.published.parts["PETITION_PROCESSING_ON_TIME"].score == _d("3.12")
    assert parent.published.other["PETITION_CLASSIFICATION_TTHC_ratio"] == _d("72.46")


def test_the_electronic_certified_copy_ratio_is_read_as_an_input():
    row = read_portal_csv(FIXTURES / FILES["digitization"], "digitization")[0]
    assert row.counts["ELECTRONIC_CERTIFIED_COPY_ratio"] == 100


# --- rounding --------------------------------------------------------------------------------


def test_it_rounds_on_the_binary_value_of_the_double_like_javascript():
    # 6 * 93.25 / 100 is stored as 5.59499999…: toFixed(2) shows 5.59, not 5.60.
    assert round_half_up(6 * 93.25 / 100) == _d("5.59")
    assert score_progress({"totalOnTime": 0, "totalReceived": 1}).score == _d("0.00")
    part = GROUPS["payment"].parts[0]
    assert part.points(_d("93.25")) == _d("5.59")


def test_it_rounds_exact_halves_up():
    assert round_half_up(0.125) == _d("0.13")  # 1/8 is exact in binary
    assert round_half_up(66.65, 1) == _d("66.7")  # 66.65 is stored as 66.650000000000005…


def test_percent_is_rounded_to_two_places_and_zero_without_denominator():
    assert percent(1, 3) == _d("33.33")
    assert percent(2, 3) == _d("66.67")
    assert percent(5, 0) == _d("0.00")


# --- group rules -----------------------------------------------------------------------------


def test_progress_without_dossiers_scores_zero():
    result = score_progress({"totalOnTime": 0, "totalReceived": 0})
    assert (result.score, result.ratio) == (_d("0"), _d("0"))


def test_progress_ratio_is_the_on_time_percentage_not_score_over_max():
    result = score_progress({"totalOnTime": 528684, "totalReceived": 597918})
    assert result.ratio == _d("88.42")
    assert result.score == _d("17.68")


def test_payment_parts_without_denominator_score_zero():
    result = score_payment(
        {
            "totalDossierOnlinePaymentSuccess": 0,
            "totalDossierFinancialObligation": 0,
            "totalDossierOnlineFormalityPaymentSuccess": 0,
            "totalFeeDossierFormality": 0,
            "totalFeeFormality": 0,
        }
    )
    assert result.score == 0
    assert all(part.score == 0 for part in result.parts.values())


def test_payment_procedure_parts_earn_full_points_from_eighty_percent():
    counts = {
        "totalDossierOnlinePaymentSuccess": 10,
        "totalDossierFinancialObligation": 10,
        "totalDossierOnlineFormalityPaymentSuccess": 80,
        "totalFeeDossierFormality": 100,
        "totalFeeFormality": 100,
    }
    result = score_payment(counts)
    assert result.parts["FORMALITY_ONLINE_PAYMENT"].score == _d("2.00")
    assert result.parts["FEE_FORMALITY_DOSSIERS"].score == _d("2.00")  # capped, not 2.50
    assert (result.score, result.ratio) == (_d("10.00"), _d("100.0"))
    counts["totalDossierOnlineFormalityPaymentSuccess"] = 79
    assert score_payment(counts).parts["FORMALITY_ONLINE_PAYMENT"].score == _d("1.98")


def test_payment_ratio_has_one_decimal():
    result = score_payment(
        {
            "totalDossierOnlinePaymentSuccess": 309542,
            "totalDossierFinancialObligation": 358625,
            "totalDossierOnlineFormalityPaymentSuccess": 119,
            "totalFeeDossierFormality": 68,
            "totalFeeFormality": 313,
        }
    )
    assert (result.score, result.ratio) == (_d("6.67"), _d("66.7"))


def _satisfaction(receiving: tuple[int, int], on_time: tuple[int, int], happy: tuple[int, int]):
    names = (
        "DOSSIER_RECEIVING_SATISFACTION",
        "PETITION_PROCESSING_ON_TIME",
        "PETITION_HANDLING_SATISFACTION",
    )
    counts = {}
    for name, (numerator, denominator) in zip(names, (receiving, on_time, happy), strict=True):
        counts[f"{name}_numerator"] = numerator
        counts[f"{name}_denominator"] = denominator
    return score_satisfaction(counts)


def test_no_petitions_earns_the_full_petition_points():
    result = _satisfaction((9, 10), (0, 0), (0, 0))
    assert result.parts["PETITION_PROCESSING_ON_TIME"].score == _d("6.00")
    assert result.parts["PETITION_PROCESSING_ON_TIME"].pct == 0
    assert result.score == _d("18.00")


def test_receiving_satisfaction_is_full_from_ninety_percent_and_zero_without_dossiers():
    assert _satisfaction((90, 100), (1, 1), (1, 1)).parts[
        "DOSSIER_RECEIVING_SATISFACTION"
    ].score == _d("6.00")
    assert _satisfaction((45, 100), (1, 1), (1, 1)).parts[
        "DOSSIER_RECEIVING_SATISFACTION"
    ].score == _d("3.00")
    assert _satisfaction((0, 0), (1, 1), (1, 1)).parts[
        "DOSSIER_RECEIVING_SATISFACTION"
    ].score == _d("0.00")


def test_unanswered_petitions_lose_their_points():
    result = _satisfaction((9, 10), (0, 4), (0, 4))
    assert result.score == _d("6.00")


def _digitization(pct_of_1000: int, reused: int, ecc_ratio: float) -> engine.GroupScore:
    counts: dict = {"ELECTRONIC_CERTIFIED_COPY_ratio": ecc_ratio}
    for part in GROUPS["digitization"].parts:
        if part.numerator:
            counts[part.numerator] = pct_of_1000
            counts[part.denominator] = 1000
    counts["REUSED_DIGITIZED_DATA_numerator"] = reused
    return score_digitization(counts)


def test_reused_data_is_full_from_eighty_percent():
    assert _digitization(1000, 800, 100).parts["REUSED_DIGITIZED_DATA"].score == _d("2.00")
    assert _digitization(1000, 400, 100).parts["REUSED_DIGITIZED_DATA"].score == _d("1.00")
    assert _digitization(1000, 800, 100).score == _d("22.00")


def test_electronic_certified_copy_scores_from_its_published_ratio():
    result = _digitization(1000, 1000, 50)
    part = result.parts["ELECTRONIC_CERTIFIED_COPY"]
    assert (part.numerator, part.denominator, part.pct, part.score) == (
        None,
        None,
        _d("50.00"),
        _d("1.00"),
    )


def test_transparency_is_a_straight_proportion():
    counts = {}
    for part in GROUPS["transparency"].parts:
        counts[part.numerator] = 1
        counts[part.denominator] = 2
    result = score_transparency(counts)
    assert result.score == _d("9.00")
    assert result.ratio == _d("50.00")


# --- dispatch, unknown group, totals ---------------------------------------------------------


def test_groups_are_found_by_name_or_portal_endpoint():
    counts = {"totalOnTime": 1, "totalReceived": 2}
    assert score_group("dvc-progress-tree", counts) == score_group("progress", counts)
    with pytest.raises(ValueError):
        score_group("nonsense", counts)


def test_missing_counts_are_named():
    with pytest.raises(MissingCountsError) as raised:
        score_progress({"totalReceived": 3, "totalOnTime": None})
    assert raised.value.fields == ["totalOnTime"]


def test_the_total_over_six_groups_covers_100_points():
    results = [score_group(group, PUBLISHED_BY_GROUP[group].counts) for group in FILES]
    result = total(results)
    assert (result.max, result.complete, result.missing) == (100, True, ())
    assert result.groups == tuple(GROUPS)
    # The parent rows: 7.96 + 17.68 + 8.56 + 6.67 + 9.59 + 11.43
    assert result.score == _d("61.89")
    assert result.short_of(94) == _d("32.11")
    assert result.short_of(50) == 0


def test_a_partial_total_says_which_groups_it_leaves_out():
    result = total([score_progress({"totalOnTime": 1, "totalReceived": 1})])
    assert (result.score, result.max, result.ratio) == (_d("20.00"), 20, _d("100.00"))
    assert result.missing_max == 80
    assert not result.complete


PUBLISHED_BY_GROUP = {
    group: read_portal_csv(FIXTURES / filename, group)[0] for group, filename in FILES.items()
}


# --- what it takes ---------------------------------------------------------------------------


def _points(part, numerator, denominator):
    return score_part(part, {part.numerator: numerator, part.denominator: denominator}).score


def test_units_needed_is_the_smallest_count_that_reaches_full_points():
    part = GROUPS["progress"].parts[0]
    needed = units_needed(part, 3272, 9552)  # Sở Nội vụ: 34.25 % on time
    assert _points(part, 3272 + needed, 9552) == 20
    assert _points(part, 3272 + needed - 1, 9552) < 20
    # Rounding gives full points a little under 100 %: 9550/9552 = 99.98 % -> 19.996 -> 20.00
    assert needed == 9550 - 3272


def test_units_needed_stops_at_the_threshold_of_threshold_parts():
    part = GROUPS["satisfaction"].parts[0]
    needed = units_needed(part, 7362, 8253)  # 89.20 %, full points from about 90 %
    assert _points(part, 7362 + needed, 8253) == 6
    assert _points(part, 7362 + needed - 1, 8253) < 6
    assert percent(7362 + needed, 8253) < 90  # 6 * 89.93 / 90 = 5.9953 rounds to 6.00


def test_units_needed_towards_a_target_percentage():
    part = GROUPS["progress"].parts[0]
    needed = units_needed(part, 156, 161, target_pct=98)
    assert needed == 2  # 158/161 = 98.14 %; 157/161 = 97.52 %
    assert units_needed(part, 160, 161, target_pct=98) == 0
    assert units_needed(part, 1, 2, target_pct=101) is None


def test_units_needed_is_none_when_counts_cannot_help():
    part = GROUPS["progress"].parts[0]
    assert units_needed(part, 0, 0) is None
    petitions = GROUPS["satisfaction"].parts[1]
    assert units_needed(petitions, 0, 0) == 0  # no petitions: already full


def test_what_it_takes_puts_the_part_losing_most_first():
    row = next(
        r
        for r in read_portal_csv(FIXTURES / FILES["digitization"], "digitization")
        if r.code == "H44.01"
    )
    gaps = what_it_takes(score_group("digitization", row.counts))
    assert [gap.part for gap in gaps[:2]] == [
        "ORIGINAL_RESULT_AVAILABLE",
        "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
    ]
    assert gaps[0].lost == _d("5.74")
    assert gaps[0].units_needed == 161 - 7
    assert [g.lost for g in gaps] == sorted((g.lost for g in gaps), reverse=True)
    ecc = next(g for g in gaps if g.part == "ELECTRONIC_CERTIFIED_COPY")
    assert (ecc.lost, ecc.units_needed) == (0, 0)
    reused = next(g for g in gaps if g.part == "REUSED_DIGITIZED_DATA")
    assert reused.target_pct == 80


def test_what_it_takes_keeps_portal_order_on_ties_and_accepts_targets_per_part():
    result = _satisfaction((7362, 8253), (0, 4), (0, 4))
    gaps = what_it_takes(result, {"PETITION_PROCESSING_ON_TIME": 50})
    assert [g.part for g in gaps] == [
        "PETITION_PROCESSING_ON_TIME",
        "PETITION_HANDLING_SATISFACTION",
        "DOSSIER_RECEIVING_SATISFACTION",
    ]
    assert gaps[0].units_needed == 2
    assert gaps[1].units_needed == 4
    assert biggest_loss(result).part == "PETITION_PROCESSING_ON_TIME"


def test_a_group_with_full_points_has_no_biggest_loss():
    assert biggest_loss(score_progress({"totalOnTime": 5, "totalReceived": 5})) is None


def test_transparency_and_digitization_parts_without_denominator_score_zero():
    counts = {}
    for part in GROUPS["transparency"].parts:
        counts[part.numerator] = 0
        counts[part.denominator] = 0
    assert score_transparency(counts).score == 0


def test_a_portal_file_without_the_group_inputs_is_refused():
    text = b"departmentCode,departmentName,level,totalReceived,ratio,score\nH1,X,PROVINCE,3,0,0\n"
    with pytest.raises(PortalFileError) as raised:
        read_portal_file(text, "x.csv", "progress")
    assert "dòng 2 (H1)" in raised.value.errors[0]
    assert "totalOnTime (số hồ sơ đúng hạn)" in raised.value.errors[0]
