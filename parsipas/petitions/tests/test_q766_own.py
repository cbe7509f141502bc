"""The 766 satisfaction group computed from parsipas' own records takes its petition parts from
the petitions register (no petitions: full points)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from parsipas.dossiers.indicators import Period
from parsipas.dossiers.q766 import engine, scores
from parsipas.petitions import handling
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db


def test_period_data_counts_each_units_petitions(people: Any) -> None:
    stp = Unit.objects.get(code="stp")
    snv = Unit.objects.get(code="snv")
    with time_machine.travel(dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC)):
        late = handling.receive(
            unit=stp, channel="web", content="x", received_on=dt.date(2026, 3, 2)
        )
        handling.answer(late, "muộn", people["unit"], on=dt.date(2026, 4, 1))
        handling.publish(late, people["unit"], on=dt.date(2026, 4, 1))
        handling.rate(late, True)
        data = scores.period_data(Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)), [stp, snv])
    assert data.petitions is not None
    stp_counts = data.own([stp.pk], []).petitions
    assert stp_counts == scores.PetitionCounts(received=1, on_time=0, rated=1, satisfied=1)
    assert data.own([snv.pk], []).petitions == scores.PetitionCounts(0, 0, 0, 0)
    fields = data.own([stp.pk], []).fields()["satisfaction"]
    assert fields["PETITION_PROCESSING_ON_TIME_denominator"] == 1
    # No petitions: denominators 0, which the engine scores as full points.
    empty = data.own([snv.pk], []).fields()["satisfaction"]
    assert empty["PETITION_PROCESSING_ON_TIME_denominator"] == 0
    rule = {p.name: p for p in engine.GROUPS["satisfaction"].parts}
    part = engine.score_part(rule["PETITION_PROCESSING_ON_TIME"], empty)
    assert part.score == Decimal("6.00")
