"""The indicator queries on the pre-aggregated day counts against the same over every dossier,
as the dossier table grows to 10,000,000 rows (PostgreSQL; not part of `make test`).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parsipas_bench_indicators \\
        .venv/bin/python bench/bench_indicators.py [--rows 10000000] [--steps 1000000,3000000]

Drops and creates the database, loads the registry, then grows the dossier table in steps
(rows made in SQL with ``generate_series``: a year of dossiers spread over the registry's
units, with due and finish dates, flags and ratings like the one-stop exports), rebuilds the
day counts (``daily.rebuild``) at each step and measures, median of ``--repeat`` runs:

- the province's year (``counts_by_unit`` of the whole year, every unit), as the PAR
  projection, the API and the dossier pages read it;
- every unit × month of the year (``counts_by_unit_month``), as the dossier page's chart;
- one unit's quarter, as a unit's page and the reporting form's prefill read it;

each from the day counts and from the dossiers (``raw_counts_by_unit``, the definition), and
checks that both give the same figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/parsipas_bench_indicators"
YEAR = 2026

# n dossiers numbered from %(first)s, spread over the units (agencies get more), received in
# the year at any time of day; due 1–20 days later (a tenth without), finished mostly before
# it, some after, a fifth still open at the year's end.
INSERT = """
WITH units AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM units_unit)
INSERT INTO dossiers_dossier (code, unit_id, procedure_code, received, due, finished,
    supplement_requests, channel, fully_online, fee_required, paid_online, electronic_result,
    digitized, reused_data, synced_national, apology_sent, rating, batch_id, line)
SELECT 'G' || g, units.ids[1 + (h.v / 13) %% units.n], '1.001234', r.received,
       CASE WHEN h.v %% 10 = 0 THEN NULL ELSE r.received + (1 + h.v %% 20) * interval '1 day' END,
       CASE WHEN h.v %% 5 = 0 THEN NULL
            WHEN h.v %% 7 = 0 THEN r.received + (2 + h.v %% 30) * interval '1 day'
            ELSE r.received + (h.v %% 12) * interval '1 day' + interval '3 hours' END,
       (h.v / 7) %% 3, CASE WHEN h.v %% 3 = 0 THEN 'truc_tuyen' ELSE 'truc_tiep' END,
       h.v %% 3 = 0, h.v %% 2 = 0, h.v %% 4 = 0, h.v %% 5 < 3, h.v %% 10 < 7, h.v %% 6 = 0,
       h.v %% 8 < 5, h.v %% 9 < 6, CASE WHEN h.v %% 4 = 0 THEN NULL ELSE 1 + h.v %% 5 END,
       %(batch)s, g
FROM units, generate_series(%(first)s, %(last)s) AS g
CROSS JOIN LATERAL (SELECT abs(hashint8(g)) AS v) AS h
CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00+07'
                    + ((h.v / 101) %% (365 * 24 * 60)) * interval '1 minute' AS received) AS r
"""


def median_ms(fn, repeat: int) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--steps", default="1000000,3000000", help="sizes measured before --rows")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("bench_indicators measures PostgreSQL: set DATABASE_URL=postgresql://…")
    import bench_pages

    bench_pages.recreate_database(url)
    bench_pages.setup_django(url)
    bench_pages.quiet_command("migrate", "--noinput")
    bench_pages.quiet_command("units", "load-defaults")
    from django.db import connection

    from parsipas.dossiers import daily
    from parsipas.dossiers.indicators import Period
    from parsipas.dossiers.models import DossierDay, DossierImport
    from parsipas.dossiers.stats import (
        counts_by_unit,
        counts_by_unit_month,
        raw_counts_by_unit,
        raw_counts_by_unit_month,
    )
    from parsipas.units.models import Unit

    batch = DossierImport.objects.create(file_name="bench", sha256="0" * 64)
    sizes = [int(s) for s in args.steps.split(",") if s] + [args.rows]
    year = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    quarter = Period(date(YEAR, 4, 1), date(YEAR, 6, 30))
    unit = Unit.objects.get(code="stp").pk
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'dossiers':>11} {'day rows':>9} {'rebuild s':>9} | {'year agg':>8} {'year raw':>8} | "
        f"{'months agg':>10} {'months raw':>10} | {'unit Q agg':>10} {'unit Q raw':>10}  same"
    )
    loaded = 0
    for size in sizes:
        with connection.cursor() as cursor:
            cursor.execute(INSERT, {"first": loaded + 1, "last": size, "batch": batch.pk})
            cursor.execute("ANALYZE dossiers_dossier")
            started = time.perf_counter()
            daily.rebuild(cursor)
            rebuild_s = time.perf_counter() - started
            cursor.execute("ANALYZE dossiers_dossierday")
        loaded = size
        year_agg, a = median_ms(lambda: counts_by_unit(year, histogram=False), args.repeat)
        year_raw, b = median_ms(lambda: raw_counts_by_unit(year, histogram=False), args.repeat)
        months_agg, c = median_ms(lambda: counts_by_unit_month(YEAR), args.repeat)
        months_raw, d = median_ms(lambda: raw_counts_by_unit_month(YEAR), args.repeat)
        unit_agg, e = median_ms(
            lambda: counts_by_unit(quarter, [unit], histogram=False), args.repeat
        )
        unit_raw, f = median_ms(
            lambda: raw_counts_by_unit(quarter, [unit], histogram=False), args.repeat
        )
        same = all(
            {k: v.as_dict() for k, v in x.items()} == {k: v.as_dict() for k, v in y.items()}  # type: ignore[attr-defined]
            for x, y in ((a, b), (c, d), (e, f))
        )
        print(
            f"{size:>11,} {DossierDay.objects.count():>9,} {rebuild_s:>9.1f} | "
            f"{year_agg:>6.0f}ms {year_raw:>6.0f}ms | {months_agg:>8.0f}ms {months_raw:>8.0f}ms | "
            f"{unit_agg:>8.1f}ms {unit_raw:>8.1f}ms  {'yes' if same else 'NO'}",
            flush=True,
        )
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
