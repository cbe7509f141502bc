"""Dossier benchmark on PostgreSQL: our import against COPY, our indicators against DuckDB.

    .venv/bin/pip install -r requirements-bench.txt      # DuckDB, for this benchmark only
    .venv/bin/python bench/bench_dossiers.py [--rows 1000000] [--repeat 3] [--csv FILE] [--python-path]

Creates (drops first) the database of DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/parsipas_bench), migrates, loads the unit registry,
generates a year of realistic dossiers for the registry's units, then measures, medians of
``--repeat`` runs:

- a plain ``COPY`` of the CSV into a bare table with typed columns and no index;
- ``parsipas dossiers import`` of the same CSV into an empty dossier table, in a child process
  (its wall time, the import's own time, and its peak RSS from RUSAGE_CHILDREN);
- with ``--python-path``, the same import through the plain streaming loader (rows checked
  by ``RowParser`` in Python and sent with COPY), the PostgreSQL fast path (``pgload``) off;
- the unit × month counts of the year: DuckDB over the CSV against ours over PostgreSQL
  (``stats.counts_by_unit_month``), and checks that both give the same numbers.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/parsipas_bench"

BARE_TABLE = """
CREATE TABLE bare_dossiers (
    code text, unit text, procedure_code text, received timestamp, due timestamp,
    finished timestamp, supplement_requests integer, channel text, fully_online boolean,
    fee_required boolean, paid_online boolean, electronic_result boolean, digitized boolean,
    reused_data boolean, synced_national boolean, apology_sent boolean, rating integer
)
"""

# The rules of indicators.py over the CSV's own columns (positional, as DuckDB names them).
DUCKDB_SQL = """
WITH d AS (
    SELECT column01 AS unit,
           strptime(column03, '%d/%m/%Y %H:%M:%S') AS received,
           CASE WHEN column04 IS NULL THEN NULL
                WHEN strptime(column04, '%d/%m/%Y %H:%M:%S')::time = TIME '00:00:00'
                THEN strptime(column04, '%d/%m/%Y %H:%M:%S') + INTERVAL '1 day' - INTERVAL '1 microsecond'
                ELSE strptime(column04, '%d/%m/%Y %H:%M:%S') END AS due,
           strptime(column05, '%d/%m/%Y %H:%M:%S') AS finished,
           column06::integer AS supplements,
           column08 = '1' AS fully_online, column09 = '1' AS fee, column10 = '1' AS paid,
           column11 = '1' AS electronic, column12 = '1' AS digitized, column13 = '1' AS reused,
           column14 = '1' AS synced, column15 = '1' AS apology, column16::integer AS rating
    FROM read_csv(?, header = true, all_varchar = true, auto_detect = false, delim = ',',
                  quote = '"', columns = {
        'column00': 'VARCHAR', 'column01': 'VARCHAR', 'column02': 'VARCHAR', 'column03': 'VARCHAR',
        'column04': 'VARCHAR', 'column05': 'VARCHAR', 'column06': 'VARCHAR', 'column07': 'VARCHAR',
        'column08': 'VARCHAR', 'column09': 'VARCHAR', 'column10': 'VARCHAR', 'column11': 'VARCHAR',
        'column12': 'VARCHAR', 'column13': 'VARCHAR', 'column14': 'VARCHAR', 'column15': 'VARCHAR',
        'column16': 'VARCHAR'})
), m AS (
    SELECT *, month(received) AS month, last_day(received) AS period_end,
           finished IS NOT NULL AND finished::date <= last_day(received) AS fin
    FROM d
), t AS (
    SELECT *, supplements <= 1 AND ((fin AND (due IS NULL OR finished <= due))
              OR (NOT fin AND (due IS NULL OR due::date > period_end))) AS on_time
    FROM m
)
SELECT unit, month, count(*), count(*) FILTER (WHERE fin), count(*) FILTER (WHERE on_time),
       count(*) FILTER (WHERE NOT on_time AND apology), count(*) FILTER (WHERE fully_online),
       count(*) FILTER (WHERE fee), count(*) FILTER (WHERE fee AND paid),
       count(*) FILTER (WHERE electronic), count(*) FILTER (WHERE digitized),
       count(*) FILTER (WHERE reused), count(*) FILTER (WHERE synced), count(rating),
       coalesce(sum(rating), 0)
FROM t GROUP BY unit, month
"""


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def median_of(runs: list[float]) -> float:
    return statistics.median(runs)


def measure_copy(url: str, csv_path: Path, repeat: int) -> list[float]:
    import psycopg

    runs = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bare_dossiers")
        conn.execute(BARE_TABLE)
        for _ in range(repeat):
            conn.execute("TRUNCATE bare_dossiers")
            conn.execute("CHECKPOINT")
            started = time.perf_counter()
            with conn.transaction():
                conn.execute("SET LOCAL datestyle = 'ISO, DMY'")
                with (
                    conn.cursor() as cur,
                    cur.copy(
                        "COPY bare_dossiers FROM STDIN WITH (FORMAT csv, HEADER true)"
                    ) as copy,
                    csv_path.open("rb") as source,
                ):
                    while block := source.read(1 << 20):
                        copy.write(block)
            runs.append(time.perf_counter() - started)
        conn.execute("DROP TABLE bare_dossiers")
    return runs


IMPORT_CHILD = """
import os, sys, time, django
django.setup()
from parsipas.audit.context import acting_as
from parsipas.dossiers.ingest import loader
from parsipas.dossiers.ingest.loader import import_dossiers
if os.environ.get("BENCH_PYTHON_PATH"):
    loader.try_fast_import = lambda *args, **kwargs: None
with acting_as(label="bench"), open(sys.argv[1], "rb") as f:
    result = import_dossiers(f, "bench.csv")
print(result.seconds, result.rows, result.created, result.updated)
"""


def measure_import(env: dict[str, str], csv_path: Path, repeat: int, empty_first: bool = True):
    import psycopg

    runs, inner = [], []
    result = ""
    for _ in range(repeat):
        if empty_first:
            with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
                conn.execute("TRUNCATE dossiers_dossier")
                conn.execute("CHECKPOINT")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_CHILD, str(csv_path)],
            env=env, cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        runs.append(time.perf_counter() - started)
        if done.returncode:
            sys.exit(f"import failed:\n{done.stderr[-3000:]}")
        result = done.stdout.split()
        inner.append(float(result[0]))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return runs, inner, peak_mb, result


def measure_indicators(csv_path: Path, year: int, repeat: int):
    import duckdb

    from parsipas.dossiers.stats import counts_by_unit_month
    from parsipas.units.models import Unit

    duck_runs, our_runs = [], []
    duck_rows: list[tuple] = []
    ours: dict = {}
    connection = duckdb.connect()
    for _ in range(repeat):
        started = time.perf_counter()
        duck_rows = connection.execute(DUCKDB_SQL, [str(csv_path)]).fetchall()
        duck_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        ours = counts_by_unit_month(year, histogram=False)
        our_runs.append(time.perf_counter() - started)
    ids = dict(Unit.objects.values_list("code", "pk"))
    fields = ("received", "finished", "on_time", "late_with_apology", "fully_online",
              "fee_required", "paid_online", "electronic_result", "digitized", "reused_data",
              "synced_national", "ratings", "rating_sum")  # fmt: skip
    duck = {(ids[r[0]], r[1]): tuple(int(v) for v in r[2:]) for r in duck_rows}
    mine = {k: tuple(getattr(c, f) for f in fields) for k, c in ours.items()}
    return duck_runs, our_runs, duck == mine, len(mine)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--csv", help="reuse a generated CSV instead of writing a new one")
    parser.add_argument(
        "--python-path",
        action="store_true",
        help="also measure the plain streaming loader (the PostgreSQL fast path off)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
    sys.path.insert(0, str(ROOT))
    recreate_database(url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("units", "load-defaults", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from parsipas.dossiers.ingest.generate import write_csv
    from parsipas.units.models import Unit, UnitKind

    workdir = Path(tempfile.mkdtemp(prefix="parsipas-bench-"))
    csv_path = Path(args.csv) if args.csv else workdir / "dossiers.csv"
    if not args.csv:
        units = [
            (u.code, u.kind == UnitKind.AGENCY) for u in Unit.objects.active().order_by("code")
        ]
        started = time.perf_counter()
        with csv_path.open("w", encoding="utf-8", newline="") as out:
            write_csv(out, units, args.rows, args.year, seed=2026)
        print(
            f"generated {args.rows:,} rows for {len(units)} units in {time.perf_counter() - started:.1f} s"
        )
    size_mb = csv_path.stat().st_size / 1e6
    print(f"CSV: {csv_path} ({size_mb:.0f} MB)")

    print("load average before: " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    copy_runs = measure_copy(url, csv_path, args.repeat)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    import_runs, inner_runs, peak_mb, result = measure_import(env, csv_path, args.repeat)
    update_runs, update_inner, update_peak, update_result = measure_import(
        env, csv_path, 1, empty_first=False
    )
    python_runs: list[float] = []
    python_peak = 0.0
    if args.python_path:
        python_env = dict(env, BENCH_PYTHON_PATH="1")
        _, python_runs, python_peak, _ = measure_import(python_env, csv_path, args.repeat)
    duck_runs, our_runs, identical, cells = measure_indicators(csv_path, args.year, args.repeat)

    copy_s, import_s, inner_s = median_of(copy_runs), median_of(import_runs), median_of(inner_runs)
    duck_s, ours_s = median_of(duck_runs), median_of(our_runs)
    print()
    print(
        f"COPY into a bare table        median {copy_s:7.2f} s   runs {', '.join(f'{r:.2f}' for r in copy_runs)}"
    )
    print(
        f"our import (child, wall)      median {import_s:7.2f} s   runs {', '.join(f'{r:.2f}' for r in import_runs)}"
    )
    print(
        f"our import (import_dossiers)  median {inner_s:7.2f} s   rows {result[1]}, created {result[2]}"
    )
    print(f"re-import, all {update_result[3]} updated      {update_inner[0]:7.2f} s")
    print(
        f"import / COPY                 {inner_s / copy_s:7.2f} x   (wall incl. Python start: {import_s / copy_s:.2f} x; goal 2 x)"
    )
    print(f"peak RSS of the import        {max(peak_mb, update_peak):7.0f} MB  (goal < 500 MB)")
    if python_runs:
        python_s = median_of(python_runs)
        print(
            f"plain streaming loader        median {python_s:7.2f} s   "
            f"runs {', '.join(f'{r:.2f}' for r in python_runs)}"
        )
        print(
            f"plain loader / COPY           {python_s / copy_s:7.2f} x   "
            f"(peak RSS so far {python_peak:.0f} MB)"
        )
    print(
        f"DuckDB unit x month           median {duck_s:7.3f} s   runs {', '.join(f'{r:.3f}' for r in duck_runs)}"
    )
    print(
        f"ours unit x month (SQL)       median {ours_s:7.3f} s   runs {', '.join(f'{r:.3f}' for r in our_runs)}"
    )
    print("load average after: " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    print(
        f"ours / DuckDB                 {ours_s / duck_s:7.2f} x   (goal 3 x); same {cells} unit-months: {'yes' if identical else 'NO'}"
    )


if __name__ == "__main__":
    main()
