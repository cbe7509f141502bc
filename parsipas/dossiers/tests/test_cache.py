"""The figures read from the dossiers are computed once per import: a second view reads none of
the dossiers, and the next import shows at once."""

from __future__ import annotations

import io
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from parsipas.dossiers.indicators import Period
from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.q766 import scores
from parsipas.dossiers.tests.helpers import csv_bytes
from parsipas.units.models import Unit

PERIOD = Period(date(2025, 12, 15), date(2026, 3, 14))  # a reporting quarter


def _row(code: str) -> dict[str, object]:
    return {"code": code, "unit": "stp", "received": "02/03/2026 08:00:00", "rating": "5"}


def _received(data: scores.PeriodData) -> int:
    return data.counts[Unit.objects.get(code="stp").pk].received


def test_a_second_view_reads_no_dossier_and_the_next_import_shows_at_once(registry):
    import_dossiers(io.BytesIO(csv_bytes([_row("C1"), _row("C2")])), "a.csv")
    assert _received(scores.period_data(PERIOD)) == 2
    with CaptureQueriesContext(connection) as again:
        assert _received(scores.period_data(PERIOD)) == 2
    assert not [q for q in again.captured_queries if '"dossiers_dossier"' in q["sql"]]
    assert not [q for q in again.captured_queries if "dossiers_dossier " in q["sql"]]

    import_dossiers(io.BytesIO(csv_bytes([_row("C3")])), "b.csv")
    data = scores.period_data(PERIOD)
    assert _received(data) == 3
    assert data.counts[Unit.objects.get(code="stp").pk].rating_histogram[5] == 3
