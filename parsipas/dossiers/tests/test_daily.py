"""The pre-aggregated day counts are the pure rules: on random dossier sets, imported once and
then partly re-imported (units, dates and flags changed), every unit's figures of every
period ending on a month's end or on a 14th (the reporting periods) equal ``indicators.count_by_unit`` over the stored dossiers — through the
plain streaming loader and, on PostgreSQL, through the SQL fast path; the re-import refreshing
the touched days one by one, or all of them at once."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsipas.dossiers import daily, indicators
from parsipas.dossiers.indicators import Period
from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.models import Dossier, DossierDay
from parsipas.dossiers.stats import (
    as_pure,
    counts_by_unit,
    counts_by_unit_month,
    month_period,
    raw_counts_by_unit,
)
from parsipas.dossiers.tests.helpers import csv_bytes, fmt
from parsipas.units.models import Unit

UNITS = ["stp", "stc", "phuong-buon-ma-thuot"]
YEAR = 2026
PATHS = ["python", "sql"] if connection.vendor == "postgresql" else ["python"]


class Rollback(Exception):
    """Ends an example: its dossiers are rolled back."""


@st.composite
def dossier(draw: st.DrawFn, code: str) -> dict[str, object]:
    received = datetime(YEAR, 1, 1) + timedelta(
        days=draw(st.integers(0, 364)), hours=draw(st.integers(0, 23))
    )
    due_kind = draw(st.sampled_from(["none", "date", "time"]))
    due_days = draw(st.integers(0, 75))
    due = received + timedelta(days=due_days, hours=draw(st.integers(0, 23)))
    due_text = {"none": "", "date": due.strftime("%d/%m/%Y"), "time": fmt(due)}[due_kind]
    finished_kind = draw(st.sampled_from(["none", "at_due", "later"]))
    if finished_kind == "at_due" and due_kind == "time":
        finished: datetime | None = due
    elif finished_kind == "none":
        finished = None
    else:
        finished = received + timedelta(
            days=draw(st.integers(0, 90)), hours=draw(st.integers(0, 23))
        )
    flag = st.sampled_from([0, 1])
    return {
        "code": code,
        "unit": draw(st.sampled_from(UNITS)),
        "received": fmt(received),
        "due": due_text,
        "finished": fmt(finished),
        "supplements": draw(st.sampled_from([0, 1, 2])),
        "fully_online": draw(flag),
        "fee": draw(flag),
        "paid_online": draw(flag),
        "electronic": draw(flag),
        "digitized": draw(flag),
        "reused": draw(flag),
        "synced": draw(flag),
        "apology": draw(flag),
        "rating": draw(st.sampled_from(["", "1", "4", "5"])),
    }


@st.composite
def two_imports(draw: st.DrawFn) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    first = [draw(dossier(f"A{n}")) for n in range(draw(st.integers(1, 25)))]
    # The second file: some of the first file's codes with new values, and new codes.
    again = draw(st.lists(st.integers(0, len(first) - 1), unique=True, max_size=10))
    second = [draw(dossier(f"A{n}")) for n in again]
    second += [draw(dossier(f"B{n}")) for n in range(draw(st.integers(0, 8)))]
    return first, second


def periods() -> list[Period]:
    found = [month_period(YEAR, m) for m in range(1, 13)]
    found += [Period(date(YEAR, s, 1), month_period(YEAR, s + 2).end) for s in (1, 4, 7, 10)]
    found += [
        Period(date(YEAR, 1, 1), date(YEAR, 6, 30)),
        Period(date(YEAR, 1, 1), date(YEAR, 12, 31)),
    ]
    # A period starting mid-month, and one running into the next year.
    found += [
        Period(date(YEAR, 3, 17), date(YEAR, 5, 31)),
        Period(date(YEAR, 6, 1), date(YEAR + 1, 2, 28)),
    ]
    # Reporting periods, 15th to 14th (Decree 09/2019): a month, quarters, the year's report.
    found += [
        Period(date(YEAR, 2, 15), date(YEAR, 3, 14)),
        Period(date(YEAR - 1, 12, 15), date(YEAR, 3, 14)),
        Period(date(YEAR, 3, 15), date(YEAR, 6, 14)),
        Period(date(YEAR, 6, 15), date(YEAR, 9, 14)),
        Period(date(YEAR - 1, 12, 15), date(YEAR, 12, 14)),
    ]
    return found


def check_against_pure_rules() -> None:
    ids = dict(Unit.objects.filter(code__in=UNITS).values_list("code", "pk"))
    dossiers = [as_pure(d) for d in Dossier.objects.select_related("unit")]
    for period in periods():
        pure = {ids[code]: c for code, c in indicators.count_by_unit(dossiers, period).items()}
        summed = counts_by_unit(period)
        assert {k: c.as_dict() for k, c in summed.items()} == {
            k: c.as_dict() for k, c in pure.items()
        }, period
        assert {k: c.rating_histogram for k, c in summed.items()} == {
            k: c.rating_histogram for k, c in pure.items()
        }
    by_month = counts_by_unit_month(YEAR)
    for month in range(1, 13):
        period = month_period(YEAR, month)
        monthly = indicators.count_by_unit(dossiers, period)
        assert {u: c.as_dict() for (u, m), c in by_month.items() if m == month} == {
            ids[code]: c.as_dict() for code, c in monthly.items()
        }


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("refresh", ["by_key", "whole"])
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=two_imports())
def test_day_counts_equal_the_pure_rules(registry, monkeypatch, path, refresh, files):
    # A re-import refreshes the touched days one by one, or every row when it touches most.
    monkeypatch.setattr(daily, "REBUILD_SHARE", 10**9 if refresh == "by_key" else 0)
    if path == "python":
        monkeypatch.setattr("parsipas.dossiers.ingest.loader.try_fast_import", lambda *a, **k: None)
    first, second = files
    try:
        with transaction.atomic():
            import_dossiers(io.BytesIO(csv_bytes(first)), "dot-1.csv")
            check_against_pure_rules()
            if second:
                import_dossiers(io.BytesIO(csv_bytes(second)), "dot-2.csv")
                check_against_pure_rules()
            raise Rollback
    except Rollback:
        pass


def test_a_period_not_ending_on_a_month_end_is_counted_from_the_dossiers(registry):
    rows = [
        {"code": "X1", "unit": "stp", "received": "02/03/2026 08:00:00", "due": "10/03/2026"},
        {"code": "X2", "unit": "stp", "received": "05/03/2026 08:00:00",
         "finished": "09/03/2026 10:00:00", "due": "12/03/2026"},
    ]  # fmt: skip
    import_dossiers(io.BytesIO(csv_bytes(rows)), "x.csv")
    period = Period(date(2026, 3, 1), date(2026, 3, 9))
    unit = Unit.objects.get(code="stp").pk
    counts = counts_by_unit(period)[unit]
    assert counts.as_dict() == raw_counts_by_unit(period)[unit].as_dict()
    assert (counts.received, counts.finished, counts.on_time) == (2, 1, 2)
    # At the end of March the first one is late (due on the 10th, never finished).
    assert counts_by_unit(month_period(2026, 3))[unit].on_time == 1


def test_a_reporting_period_ending_on_a_14th_is_summed_from_the_day_counts(registry, monkeypatch):
    rows = [
        {"code": "R1", "unit": "stp", "received": "02/03/2026 08:00:00", "due": "13/03/2026"},
        {"code": "R2", "unit": "stp", "received": "05/03/2026 08:00:00", "due": "20/03/2026"},
        {"code": "R3", "unit": "stp", "received": "06/03/2026 08:00:00",
         "finished": "14/03/2026 10:00:00", "due": "16/03/2026"},
    ]  # fmt: skip
    import_dossiers(io.BytesIO(csv_bytes(rows)), "r.csv")
    period = Period(date(2026, 2, 15), date(2026, 3, 14))
    expected = raw_counts_by_unit(period, histogram=False)
    monkeypatch.setattr(
        "parsipas.dossiers.stats.raw_counts_by_unit",
        lambda *a, **k: pytest.fail("a 14th-ending period read the dossiers"),
    )
    counts = counts_by_unit(period, histogram=False)[Unit.objects.get(code="stp").pk]
    assert counts.as_dict() == next(iter(expected.values())).as_dict()
    # On the 14th: R1 is past due and open (late), R2 not yet due, R3 finished in time.
    assert (counts.received, counts.finished, counts.on_time) == (3, 1, 2)


def test_the_import_keeps_one_row_per_unit_day_and_half_month(registry):
    rows = [
        {"code": "Y1", "unit": "stp", "received": "31/01/2026 08:00:00", "due": "03/02/2026",
         "finished": "05/02/2026 09:00:00"},
        {"code": "Y2", "unit": "stp", "received": "31/01/2026 09:00:00"},
    ]  # fmt: skip
    import_dossiers(io.BytesIO(csv_bytes(rows)), "y.csv")
    stored = list(
        DossierDay.objects.order_by("half").values("day", "half", "received", "on_time", "finished")
    )
    assert stored == [
        {"day": date(2026, 1, 31), "half": date(2026, 1, 15), "received": 2, "on_time": 2, "finished": 0},
        {"day": date(2026, 1, 31), "half": date(2026, 2, 1), "received": 0, "on_time": -1, "finished": 1},
    ]  # fmt: skip
