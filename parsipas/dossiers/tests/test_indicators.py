"""Dossier rules: which dossiers each count takes, rates, gaps, and the bridge to 766."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import pytest

from parsipas.dossiers.indicators import (
    NO_DOSSIERS,
    Counts,
    Dossier,
    Period,
    Timeliness,
    count,
    count_by_unit,
    format_rate,
    gap_to_target,
    indicators,
    roll_up,
    timeliness,
    to_766_counts,
    total,
)
from parsipas.dossiers.q766 import engine

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))


def dossier(**changes) -> Dossier:
    """A dossier received in Q1, finished on time, nothing special."""
    base = Dossier(
        code="H1",
        unit_code="SNV",
        procedure_code="1.001",
        received=datetime(2026, 2, 2, 8, 0),
        due=datetime(2026, 2, 10, 17, 0),
        finished=datetime(2026, 2, 9, 10, 0),
        supplement_requests=0,
        channel="truc_tiep",
        fully_online=False,
        fee_required=False,
        paid_online=False,
        electronic_result=False,
        digitized=False,
        reused_data=False,
        synced_national=False,
        apology_sent=False,
        rating=None,
    )
    return dataclasses.replace(base, **changes)


# --- timeliness ------------------------------------------------------------------------------


def test_a_dossier_finished_by_its_due_date_is_on_time():
    assert timeliness(dossier(), Q1) is Timeliness.FINISHED_ON_TIME
    exactly_due = dossier(finished=datetime(2026, 2, 10, 17, 0))
    assert timeliness(exactly_due, Q1).on_time


def test_a_dossier_finished_after_its_due_date_is_late():
    late = dossier(finished=datetime(2026, 2, 10, 17, 1))
    assert timeliness(late, Q1) is Timeliness.FINISHED_LATE
    assert not timeliness(late, Q1).on_time


def test_one_supplement_request_is_allowed_two_make_it_late():
    assert timeliness(dossier(supplement_requests=1), Q1).on_time
    late = dossier(supplement_requests=2)
    assert timeliness(late, Q1) is Timeliness.TOO_MANY_SUPPLEMENTS
    assert not timeliness(late, Q1).on_time


def test_in_progress_at_period_end_and_not_yet_due_is_on_time():
    pending = dossier(
        received=datetime(2026, 3, 25), due=datetime(2026, 4, 3, 17, 0), finished=None
    )
    assert timeliness(pending, Q1) is Timeliness.IN_PROGRESS_NOT_DUE
    assert timeliness(pending, Q1).on_time


def test_in_progress_at_period_end_and_past_due_is_late():
    overdue = dossier(received=datetime(2026, 3, 2), due=datetime(2026, 3, 20), finished=None)
    assert timeliness(overdue, Q1) is Timeliness.IN_PROGRESS_OVERDUE


def test_due_on_the_last_day_of_the_period_and_unfinished_is_late():
    overdue = dossier(received=datetime(2026, 3, 30), due=datetime(2026, 3, 31, 8), finished=None)
    assert timeliness(overdue, Q1) is Timeliness.IN_PROGRESS_OVERDUE


def test_finished_after_the_period_is_judged_as_in_progress_at_period_end():
    # Finished late, but in April: at the end of March it was in progress and not yet due.
    later = dossier(
        received=datetime(2026, 3, 30), due=datetime(2026, 4, 2), finished=datetime(2026, 4, 5)
    )
    assert timeliness(later, Q1) is Timeliness.IN_PROGRESS_NOT_DUE
    # Finished in April but due in March: already overdue at the end of March.
    overdue = dossier(
        received=datetime(2026, 3, 2), due=datetime(2026, 3, 20), finished=datetime(2026, 4, 5)
    )
    assert timeliness(overdue, Q1) is Timeliness.IN_PROGRESS_OVERDUE


def test_a_dossier_without_due_date_is_never_late_by_date():
    assert timeliness(dossier(due=None), Q1).on_time
    assert timeliness(dossier(due=None, finished=None), Q1).on_time
    assert not timeliness(dossier(due=None, supplement_requests=3), Q1).on_time


def test_timeliness_has_vietnamese_labels():
    assert Timeliness.IN_PROGRESS_OVERDUE.label_vi == "Đang giải quyết, đã quá hạn"


# --- counts ----------------------------------------------------------------------------------


def test_only_dossiers_received_in_the_period_are_counted():
    counts = Counts(Q1)
    assert counts.add(dossier(received=datetime(2026, 1, 1, 0, 0)))
    assert counts.add(dossier(received=datetime(2026, 3, 31, 23, 59)))
    assert not counts.add(dossier(received=datetime(2025, 12, 31, 23, 59)))
    assert not counts.add(dossier(received=datetime(2026, 4, 1, 0, 0)))
    assert counts.received == 2


def test_on_time_and_late_add_up_to_received():
    dossiers = [
        dossier(code="A"),
        dossier(code="B", finished=datetime(2026, 2, 11)),  # late
        dossier(code="C", supplement_requests=2),  # late: two supplement requests
        dossier(code="D", received=datetime(2026, 3, 30), due=datetime(2026, 4, 3), finished=None),
        dossier(code="E", due=datetime(2026, 3, 1), finished=None),  # overdue
    ]
    counts = count(dossiers, Q1)
    assert (counts.received, counts.on_time, counts.late) == (5, 2, 3)
    assert (counts.finished, counts.in_progress) == (3, 2)


def test_apology_letters_are_counted_among_late_dossiers_only():
    dossiers = [
        dossier(apology_sent=True),  # on time: its letter is not counted
        dossier(finished=datetime(2026, 2, 12), apology_sent=True),
        dossier(finished=datetime(2026, 2, 12)),
        dossier(supplement_requests=2),
    ]
    counts = count(dossiers, Q1)
    assert (counts.late, counts.late_with_apology, counts.late_without_apology) == (3, 1, 2)
    assert indicators(counts).apology_rate == Decimal("33.33")


def test_online_payment_is_counted_among_fee_bearing_dossiers_only():
    dossiers = [
        dossier(fee_required=True, paid_online=True),
        dossier(fee_required=True, paid_online=False),
        dossier(fee_required=False, paid_online=True),  # no fee: not an online payment
        dossier(),
    ]
    counts = count(dossiers, Q1)
    assert (counts.fee_required, counts.paid_online) == (2, 1)
    assert indicators(counts).online_payment_rate == Decimal("50.00")


def test_flags_are_counted_over_received_dossiers():
    dossiers = [
        dossier(fully_online=True, channel="truc_tuyen", digitized=True, electronic_result=True),
        dossier(digitized=True, reused_data=True, synced_national=True),
        dossier(),
        dossier(received=datetime(2026, 5, 1), fully_online=True, digitized=True),  # not in Q1
    ]
    counts = count(dossiers, Q1)
    assert (counts.fully_online, counts.digitized, counts.electronic_result) == (1, 2, 1)
    assert (counts.reused_data, counts.synced_national) == (1, 1)
    rates = indicators(counts)
    assert rates.fully_online_rate == Decimal("33.33")
    assert rates.digitization_rate == Decimal("66.67")
    assert rates.on_time_rate == Decimal("100.00")


def test_ratings_keep_count_sum_and_histogram():
    counts = count([dossier(rating=5), dossier(rating=4), dossier(rating=5), dossier()], Q1)
    assert (counts.ratings, counts.rating_sum) == (3, 14)
    assert counts.rating_histogram == {5: 2, 4: 1}
    assert indicators(counts).average_rating == Decimal("4.67")


def test_zero_denominators_give_no_rate():
    empty = indicators(Counts(Q1))
    assert dataclasses.astuple(empty) == (None,) * 6
    all_on_time = indicators(count([dossier()], Q1))
    assert all_on_time.apology_rate is None  # no late dossier
    assert all_on_time.online_payment_rate is None  # no fee-bearing dossier
    assert format_rate(None) == NO_DOSSIERS == "không có hồ sơ"
    assert format_rate(Decimal("97.52")) == "97,52%"


def test_counts_per_unit_roll_up_and_merge():
    dossiers = [
        dossier(unit_code="XA1"),
        dossier(unit_code="XA1", finished=datetime(2026, 3, 1)),
        dossier(unit_code="XA2", fee_required=True, paid_online=True),
        dossier(unit_code="SNV", rating=3),
        dossier(unit_code="XA2", received=datetime(2026, 6, 1)),  # outside Q1
    ]
    by_unit = count_by_unit(dossiers, Q1)
    assert set(by_unit) == {"XA1", "XA2", "SNV"}
    assert (by_unit["XA1"].received, by_unit["XA1"].late) == (2, 1)
    communes = roll_up(by_unit, {"XA1": "cap_xa", "XA2": "cap_xa"})
    assert set(communes) == {"cap_xa"}
    assert (communes["cap_xa"].received, communes["cap_xa"].paid_online) == (3, 1)
    province = roll_up(by_unit, lambda unit: "tinh")["tinh"]
    assert province.as_dict() == count(dossiers, Q1).as_dict()
    assert province.rating_histogram == {3: 1}
    assert total(by_unit.values(), Q1).as_dict() == province.as_dict()


def test_merging_counts_of_different_periods_is_refused():
    with pytest.raises(ValueError):
        Counts(Q1).merge(Counts(Period(date(2026, 4, 1), date(2026, 6, 30))))


def test_a_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(date(2026, 4, 1), date(2026, 3, 31))


# --- gap to target ---------------------------------------------------------------------------


def test_gap_to_target_is_the_smallest_number_of_dossiers_to_convert():
    assert gap_to_target(156, 161, 98) == 2  # 158/161 = 98.1 %, 157/161 = 97.5 %
    assert gap_to_target(98, 100, 98) == 0
    assert gap_to_target(99, 100, 98) == 0
    assert gap_to_target(0, 3, 100) == 3
    assert gap_to_target(1, 3, Decimal("66.67")) == 2  # exact: 2/3 = 66.666… < 66.67
    assert gap_to_target(1, 3, 66.5) == 1


def test_gap_to_target_without_dossiers_is_zero_and_bad_targets_are_refused():
    assert gap_to_target(0, 0, 98) == 0
    with pytest.raises(ValueError):
        gap_to_target(1, 2, 101)
    with pytest.raises(ValueError):
        gap_to_target(-1, 2, 50)


# --- to 766 ----------------------------------------------------------------------------------


def test_counts_score_the_progress_group_through_the_766_engine():
    dossiers = [dossier(code=str(i)) for i in range(9)] + [dossier(supplement_requests=2)]
    fields = to_766_counts(count(dossiers, Q1))
    result = engine.score_group("progress", fields["progress"])
    assert (result.ratio, result.score) == (Decimal("90.00"), Decimal("18.00"))
    assert fields["progress"]["totalOverdue"] == 1


def test_payment_and_digitization_need_the_fields_dossiers_cannot_give():
    counts = count([dossier(fee_required=True, paid_online=True, digitized=True)], Q1)
    fields = to_766_counts(counts)
    with pytest.raises(engine.MissingCountsError) as raised:
        engine.score_group("payment", fields["payment"])
    assert raised.value.fields == [
        "totalDossierOnlineFormalityPaymentSuccess",
        "totalFeeFormality",
        "totalFeeDossierFormality",
    ]
    extra = {
        "payment": {
            "totalDossierOnlineFormalityPaymentSuccess": 8,
            "totalFeeDossierFormality": 8,
            "totalFeeFormality": 10,
        },
        "digitization": {
            "CITIZEN_DATA_CONNECTED_DOSSIER_numerator": 1,
            "CITIZEN_DATA_CONNECTED_DOSSIER_denominator": 1,
            "CITIZEN_DATA_CONNECTED_FORMALITY_numerator": 1,
            "CITIZEN_DATA_CONNECTED_FORMALITY_denominator": 1,
            "ELECTRONIC_CERTIFIED_COPY_ratio": 100,
        },
    }
    fields = to_766_counts(counts, extra)
    assert engine.score_group("payment", fields["payment"]).score == Decimal("10.00")
    digitization = engine.score_group("digitization", fields["digitization"])
    assert digitization.parts["SO_HOA_GIAY_TO_GIAI_QUYET"].score == Decimal("4.00")
    assert digitization.parts["ORIGINAL_RESULT_AVAILABLE"].score == Decimal("0.00")
