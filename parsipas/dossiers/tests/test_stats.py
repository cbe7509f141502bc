"""The SQL counts are the pure rules of indicators.py, on hand-built and random dossiers."""

from __future__ import annotations

import io
from datetime import date

import pytest

from parsipas.dossiers.indicators import Period, count_by_unit, timeliness
from parsipas.dossiers.ingest.headers import iter_dossiers
from parsipas.dossiers.ingest.loader import import_dossiers, read_table
from parsipas.dossiers.stats import (
    as_pure,
    counts_by_unit,
    counts_by_unit_month,
    dossiers_in,
    month_period,
)
from parsipas.dossiers.tests.helpers import csv_bytes, random_rows
from parsipas.lib.tabular import Row
from parsipas.units.models import Unit

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))

HAND_BUILT = [
    # finished on time, with one supplement request
    {"code": "H-ok", "unit": "stp", "received": "02/03/2026 08:00:00", "due": "10/03/2026 17:00:00",
     "finished": "10/03/2026 17:00:00", "supplements": "1", "rating": "4"},
    # finished a minute late, apology sent
    {"code": "H-late", "unit": "stp", "received": "02/03/2026 08:00:00", "due": "10/03/2026 17:00:00",
     "finished": "10/03/2026 17:01:00", "apology": "1"},
    # two supplement requests: late whatever the dates
    {"code": "H-supp", "unit": "stp", "received": "03/03/2026 08:00:00", "due": "30/03/2026 17:00:00",
     "finished": "04/03/2026 09:00:00", "supplements": "2"},
    # in progress at the end of March, due in April: on time in March, late at the end of Q2
    {"code": "H-pending", "unit": "stp", "received": "25/03/2026 08:00:00", "due": "03/04/2026 17:00:00"},
    # finished in April after its due date (in April): on time (in progress, not yet due) for
    # March and Q1, late for the year
    {"code": "H-april", "unit": "stp", "received": "30/03/2026 08:00:00", "due": "02/04/2026 17:00:00",
     "finished": "06/04/2026 08:00:00"},
    # in progress and already overdue at the end of March, no apology
    {"code": "H-overdue", "unit": "stp", "received": "05/03/2026 08:00:00", "due": "12/03/2026"},
    # received at 02:00 local on 1 April (31 March in UTC): belongs to April
    {"code": "H-night", "unit": "stp", "received": "01/04/2026 02:00:00", "due": "02/04/2026",
     "finished": "01/04/2026 09:00:00"},
    # fee paid online, fully online, digitised; and a paid-online flag without a fee
    {"code": "H-fee", "unit": "snv", "received": "31/03/2026 23:30:00", "due": "31/03/2026",
     "finished": "31/03/2026 23:50:00", "fee": "1", "paid_online": "1", "fully_online": "1",
     "channel": "Trực tuyến", "digitized": "1", "reused": "1", "electronic": "1", "synced": "1"},
    {"code": "H-nofee", "unit": "snv", "received": "15/03/2026 10:00:00", "due": "",
     "finished": "", "paid_online": "1"},
]  # fmt: skip


def load(rows: list[dict[str, object]]) -> bytes:
    data = csv_bytes(rows)
    import_dossiers(io.BytesIO(data), "test.csv")
    return data


def pure_counts(data: bytes, period: Period) -> dict[str, dict[str, object]]:
    headers, rows = read_table(io.BytesIO(data), "test.csv")
    table = [Row(n, dict(zip(headers, cells, strict=False))) for n, cells in rows]
    dossiers = list(iter_dossiers(headers, table))
    return {code: _plain(c) for code, c in count_by_unit(dossiers, period).items()}


def sql_counts(period: Period) -> dict[str, dict[str, object]]:
    codes = dict(Unit.objects.values_list("pk", "code"))
    return {codes[unit_id]: _plain(c) for unit_id, c in counts_by_unit(period).items()}


def _plain(counts) -> dict[str, object]:
    return {**counts.as_dict(), "histogram": dict(counts.rating_histogram)}


@pytest.mark.parametrize("period", [MARCH, Q1, Q2, YEAR], ids=["march", "q1", "q2", "year"])
def test_hand_built_dossiers_count_the_same_in_sql_and_in_python(registry, period):
    data = load(HAND_BUILT)
    assert sql_counts(period) == pure_counts(data, period)


def test_each_rule_lands_where_the_issue_says(registry):
    load(HAND_BUILT)
    stp = Unit.objects.get(code="stp")
    march = counts_by_unit(MARCH)[stp.pk]
    assert march.received == 6  # H-night belongs to April
    assert (march.on_time, march.late) == (3, 3)  # ok, pending, april | late, supp, overdue
    assert (march.late_with_apology, march.late_without_apology) == (1, 2)
    assert (march.finished, march.in_progress) == (3, 3)  # H-april finishes after March
    year = counts_by_unit(YEAR)[stp.pk]
    assert (year.received, year.on_time, year.late) == (7, 2, 5)  # + H-pending, H-april, - H-night
    snv = counts_by_unit(MARCH)[Unit.objects.get(code="snv").pk]
    assert (snv.fee_required, snv.paid_online) == (1, 1)  # paid online without fee: not counted
    assert (snv.fully_online, snv.digitized, snv.reused_data, snv.electronic_result) == (1, 1, 1, 1)


def test_a_quarter_is_judged_at_its_own_end_not_summed_from_months(registry):
    load(HAND_BUILT)
    stp = Unit.objects.get(code="stp").pk
    months = counts_by_unit_month(2026)
    summed_late = sum(months[(stp, m)].late for m in (1, 2, 3, 4, 5, 6) if (stp, m) in months)
    half = counts_by_unit(Period(date(2026, 1, 1), date(2026, 6, 30)))[stp]
    assert half.late == 5 and summed_late == 3


@pytest.mark.parametrize("seed", [1, 2])
def test_random_dossiers_count_the_same_for_every_month_quarter_and_year(registry, seed):
    units = ["stp", "snv", "phuong-buon-ma-thuot", "xa-buon-don"]
    data = load(random_rows(units, 600, 2026, seed))
    quarters = [Period(date(2026, m, 1), month_period(2026, m + 2).end) for m in (1, 4, 7, 10)]
    for period in [*quarters, YEAR, month_period(2026, 2), month_period(2026, 12)]:
        assert sql_counts(period) == pure_counts(data, period), period
    codes = dict(Unit.objects.values_list("pk", "code"))
    by_month = counts_by_unit_month(2026, histogram=True)
    for month in range(1, 13):
        expected = pure_counts(data, month_period(2026, month))
        got = {codes[u]: _plain(c) for (u, m), c in by_month.items() if m == month}
        assert got == expected, month


def test_the_drill_down_lists_exactly_the_dossiers_counted(registry):
    load(HAND_BUILT)
    stp = Unit.objects.get(code="stp")
    late = dossiers_in(MARCH, "late").filter(unit=stp)
    assert sorted(late.values_list("code", flat=True)) == ["H-late", "H-overdue", "H-supp"]
    no_apology = dossiers_in(MARCH, "late_without_apology").filter(unit=stp)
    assert sorted(no_apology.values_list("code", flat=True)) == ["H-overdue", "H-supp"]
    assert dossiers_in(MARCH, "all").filter(unit=stp).count() == 6
    for dossier in dossiers_in(MARCH, "on_time"):
        assert timeliness(as_pure(dossier), MARCH).on_time


def test_no_dossiers_gives_no_counts(registry):
    assert counts_by_unit(MARCH) == {}
    assert counts_by_unit_month(2026) == {}
