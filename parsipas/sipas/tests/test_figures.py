"""Indices from the database on small hand-checked data: no-opinion answers, a unit without
answers, excluded and flagged responses, pooling, periods, and the API for the PAR projection."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from parsipas.sipas import review
from parsipas.sipas.api import province_sipas, unit_sipas
from parsipas.sipas.figures import indices
from parsipas.sipas.models import Element
from parsipas.sipas.periods import period
from parsipas.testing.present import present
from parsipas.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def at(month: int, year: int = 2026) -> datetime:
    return timezone.make_aware(datetime(year, month, 10, 9, 0))


@pytest.fixture
def units(make_unit: Any) -> dict[str, Unit]:
    return {
        "a": make_unit("so-a", "Sở A"),
        "b": make_unit("xa-b", "Xã B", kind=UnitKind.XA),
        "c": make_unit("xa-c", "Xã C", kind=UnitKind.XA),
    }


def test_unit_and_province_indices_worked_out_by_hand(
    units: dict, add_response: Any, people: dict
) -> None:
    a, b, c = units["a"], units["b"], units["c"]
    # Sở A: E1 5,4 | 1 -> 2/3; E2 4 | 0 (no opinion) -> 1/1; E3 only no opinion -> none.
    add_response(a, {"E1.1": 5, "E1.2": 4, "E2.1": 4, "E3.1": 0, "P1": [1, 2]})
    add_response(a, {"E1.1": 1, "E2.2": 0, "K1": [4]})
    # Xã B: E1 2 -> 0/1; E2 5 -> 1/1; an excluded response (all 1s) must not count.
    add_response(b, {"E1.3": 2, "E2.4": 5})
    bad = add_response(b, {"E1.1": 1, "E2.1": 1, "E3.1": 1})
    review.exclude(bad, "Phiếu thử nghiệm của cán bộ", people["admin"])
    # A flagged response waits for review and does not count either.
    add_response(b, {"E1.1": 1}, flags=["fast"])
    # Xã C has only a flagged response: no valid answers at all.
    add_response(c, {"E1.1": 5}, flags=["duplicate"])

    figures = indices(period(2026))
    ra, rb = figures.units[a.pk], figures.units[b.pk]
    assert ra.respondents == 2 and rb.respondents == 1
    assert present(ra.elements["E1"]).pct == Decimal("66.67") and present(
        ra.elements["E2"]
    ).pct == Decimal("100.00")
    assert ra.elements["E3"] is None and present(ra.sipas).pct == Decimal("83.33")  # (2/3 + 1) / 2
    assert present(rb.elements["E1"]).pct == Decimal("0.00") and present(rb.sipas).pct == Decimal(
        "50.00"
    )
    assert c.pk not in figures.units and figures.flagged == {b.pk: 1, c.pk: 1}
    # Province pools the answers: E1 = 2 of 4 = 50 %, E2 = 2 of 2 = 100 %: SIPAS 75 %.
    assert present(figures.province.elements["E1"]).pct == Decimal("50.00")
    assert present(figures.province.elements["E1"]).answers == 4
    assert (
        present(figures.province.sipas).pct == Decimal("75.00")
        and figures.province.respondents == 3
    )
    # Communes as a kind: only Xã B's answers.
    assert present(figures.kinds[UnitKind.XA].sipas).pct == Decimal("50.00")

    assert province_sipas(2026) == {
        "sipas": 75.0,
        "elements": {"E1": 50.0, "E2": 100.0, "E3": None, "E4": None, "E5": None},
        "n": 3,
    }
    assert present(unit_sipas(a, 2026))["sipas"] == 83.33
    assert unit_sipas(c, 2026) is None


def test_accepting_a_flagged_response_brings_it_into_the_figures(
    units: dict, add_response: Any, people: dict
) -> None:
    flagged = add_response(units["a"], {"E1.1": 5}, flags=["burst"])
    assert province_sipas(2026) is None
    review.accept(flagged, people["admin"])
    assert present(province_sipas(2026))["sipas"] == 100.0


def test_periods_take_only_their_months(units: dict, add_response: Any) -> None:
    add_response(units["a"], {"E1.1": 5}, when=at(2))  # Q1
    add_response(units["a"], {"E1.1": 1}, when=at(5))  # Q2
    add_response(units["a"], {"E1.1": 1}, when=at(5, 2025))  # last year
    assert present(province_sipas(2026, "q1"))["elements"]["E1"] == 100.0
    assert present(province_sipas(2026, "q2"))["elements"]["E1"] == 0.0
    assert present(province_sipas(2026, "6m"))["elements"]["E1"] == 50.0
    assert province_sipas(2026, "q3") is None
    assert present(province_sipas(2025))["n"] == 1
    with pytest.raises(ValueError):
        province_sipas(2026, "q5")


def test_the_rule_is_configuration_on_the_instrument(
    units: dict, add_response: Any, instrument: Any
) -> None:
    add_response(units["a"], {"E1.1": 3, "E1.2": 5, "E2.1": 3})
    assert present(province_sipas(2026))["sipas"] == 25.0  # E1 50, E2 0
    instrument.satisfied_from = 3
    instrument.save()
    assert present(province_sipas(2026))["sipas"] == 100.0
    instrument.satisfied_from = 4
    instrument.save()
    Element.objects.filter(instrument=instrument, code="E1").update(weight=3)
    assert present(province_sipas(2026))["sipas"] == 37.5  # (3 * 50 + 0) / 4


def test_no_answers_at_all_gives_none(db: Any) -> None:
    assert province_sipas(2026) is None
