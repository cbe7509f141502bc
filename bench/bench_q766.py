"""Decision 766 scorecards on PostgreSQL: the province page's data against the dossier figures.

    .venv/bin/python bench/bench_q766.py [--rows 300000] [--repeat 5]

Creates (drops first) the database of DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/parsipas_bench_q766), migrates, loads the unit registry,
imports a year of generated dossiers, the demo procedure catalogue and the demo portal figures
of the six groups, then prints medians of ``--repeat`` runs of:

- ``stats.counts_by_unit`` for the year (the dossier figures every dossier page reads);
- ``scores.period_data`` (the same counts with ratings, the per-procedure counts, the
  catalogue and the imported portal rows) plus the scorecards of the province, both levels
  and every unit: what ``/ho-so/766/`` computes;

and the ratio of the second to the first (the cost of the 766 page over the plain figures).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/parsipas_bench_q766"


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def timed(fn, repeat: int) -> list[float]:  # noqa: ANN001 - any callable
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
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
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("units", "load-defaults", stdout=devnull)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossiers.csv"
        call_command(
            "dossiers", "generate", "--rows", str(args.rows), "--year", "2026", "-o", str(path),
            stdout=devnull,
        )  # fmt: skip
        call_command("dossiers", "import", str(path), stdout=devnull)

    from parsipas.dossiers.indicators import Period
    from parsipas.dossiers.q766 import demo, scores
    from parsipas.dossiers.stats import counts_by_unit
    from parsipas.units.models import Unit

    demo.generate(2026)
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    ids = [u.pk for u in Unit.objects.active()]

    def page() -> None:
        data = scores.period_data(period)
        cards = [scores.province_card(data), *scores.level_cards(data), *scores.unit_cards(data)]
        for card in cards:
            card.total  # noqa: B018 - the sums the page shows

    plain = statistics.median(
        timed(lambda: counts_by_unit(period, ids, histogram=False), args.repeat)
    )
    full = statistics.median(timed(page, args.repeat))
    out = io.StringIO()
    out.write(f"dossiers: {args.rows}, units: {len(ids)}, repeat: {args.repeat}\n")
    out.write(f"counts_by_unit (year)          median {plain * 1000:8.1f} ms\n")
    out.write(f"766 page data + all scorecards median {full * 1000:8.1f} ms\n")
    out.write(f"ratio 766 page / dossier figures: {full / plain:.2f}\n")
    print(out.getvalue(), end="")


if __name__ == "__main__":
    main()
