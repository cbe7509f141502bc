"""Benchmark of the integration API (not part of `make test`).

    .venv/bin/python bench/bench_api.py [--rows 50000] [--repeat 3]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parsipas_bench_api .venv/bin/python bench/bench_api.py

Builds a throwaway database (SQLite, or the PostgreSQL database of DATABASE_URL, dropped and
created again) with the shipped registry, the 2026 plan, its periods and the demo reports.
Then, with Django's test client (the whole request stack, no network):

- reads Sở Tư pháp's reports for Q1 (GET /api/v1/reports), median of RUNS calls, and the
  number of SQL queries;
- pushes ``--rows`` dossiers of Sở Tư pháp as one batch (POST /api/v1/dossiers/batches, JSON
  and CSV), into an empty dossier table, against ``parsipas dossiers import`` of the same rows
  from a CSV file; medians of ``--repeat`` runs and the ratio (goal: within 2×).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = 20
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _prepare_database() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="parsipas-bench-api-"))
    os.environ["PARSIPAS_VAR_DIR"] = str(tmp)
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    elif url.startswith("postgres"):
        from urllib.parse import urlparse

        import psycopg

        parsed = urlparse(url)
        name = parsed.path.lstrip("/")
        admin_url = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    return tmp


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["API_RATE_LIMIT_PER_MINUTE"] = "1000000"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    quiet = {"verbosity": 0, "stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("migrate", **quiet)
    call_command("units", "load-defaults", **quiet)
    call_command("plan", "load-default", **quiet)
    call_command("periods", "create", "--year", "2026", **quiet)
    call_command("demo", "--seed", "2026", **quiet)


def _median(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


def _json_rows(csv_text: str) -> list[dict[str, Any]]:
    """The generated export as the API's JSON rows (same values)."""
    from parsipas.dossiers.ingest.generate import CHANNEL_TEXT

    channel = {text: code for code, text in CHANNEL_TEXT.items()}
    flags = [
        "fully_online", "fee_required", "paid_online", "electronic_result", "digitized",
        "reused_data", "synced_national", "apology_sent",
    ]  # fmt: skip
    rows = []
    reader = csv.reader(io.StringIO(csv_text))
    next(reader)
    for cells in reader:
        row: dict[str, Any] = {
            "dossier_code": cells[0],
            "unit_code": cells[1],
            "procedure_code": cells[2],
            "received": cells[3],
            "due": cells[4] or None,
            "finished": cells[5] or None,
            "supplement_requests": int(cells[6]),
            "channel": channel[cells[7]],
            "rating": int(cells[16]) if cells[16] else None,
        }
        for name, cell in zip(flags, cells[8:16], strict=True):
            row[name] = cell == "1"
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = _prepare_database()
    started = time.perf_counter()
    _setup_django()
    print(
        f"database: {os.environ['DATABASE_URL'].split('@')[-1]}  (set up in {time.perf_counter() - started:.1f} s)"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from parsipas.api import tokens
    from parsipas.dossiers.ingest.generate import write_csv
    from parsipas.dossiers.models import Dossier, DossierImport
    from parsipas.units.models import Unit

    stp = Unit.objects.get(code="stp")
    key = tokens.issue(stp, ["read", "write:dossiers"], "bench").key
    client = Client(headers={"Authorization": f"Bearer {key}"})

    # --- reading a unit's reports for a period ---
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        response = client.get("/api/v1/reports", {"year": 2026, "period": "Q1", "limit": 500})
        times.append(time.perf_counter() - t)
        assert response.status_code == 200, response.content[:300]
    items = len(response.json()["items"])
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/reports", {"year": 2026, "period": "Q1", "limit": 500})
    print(
        f"GET /api/v1/reports (Sở Tư pháp, Q1, {items} reports): median {_median(times)}, {len(queries)} SQL queries"
    )

    # --- a dossier batch against the command ---
    buffer = io.StringIO()
    write_csv(buffer, [("stp", True)], args.rows, 2026, seed=7)
    csv_text = buffer.getvalue()
    csv_path = tmp / "batch.csv"
    csv_path.write_text(csv_text, encoding="utf-8")
    body = json.dumps(_json_rows(csv_text)).encode()
    print(
        f"batch: {args.rows:,} dossiers, JSON {len(body) / 1e6:.1f} MB, CSV {len(csv_text.encode()) / 1e6:.1f} MB"
    )

    def empty() -> None:
        Dossier.objects.all().delete()
        DossierImport.objects.all().delete()

    results: dict[str, list[float]] = {"command": [], "api_json": [], "api_csv": []}
    for run in range(args.repeat):
        empty()
        t = time.perf_counter()
        call_command("dossiers", "import", str(csv_path), stdout=io.StringIO())
        results["command"].append(time.perf_counter() - t)
        empty()
        t = time.perf_counter()
        response = client.post(
            "/api/v1/dossiers/batches", body, content_type="application/json",
            headers={"Idempotency-Key": f"json-{run}"},
        )  # fmt: skip
        results["api_json"].append(time.perf_counter() - t)
        assert response.status_code == 201, response.content[:500]
        assert response.json()["created"] == args.rows
        empty()
        t = time.perf_counter()
        response = client.post(
            "/api/v1/dossiers/batches", csv_text.encode(), content_type="text/csv",
            headers={"Idempotency-Key": f"csv-{run}"},
        )  # fmt: skip
        results["api_csv"].append(time.perf_counter() - t)
        assert response.status_code == 201, response.content[:500]
    base = statistics.median(results["command"])
    print(f"parsipas dossiers import: median {base:.2f} s")
    for name, label in (("api_json", "POST batch, JSON"), ("api_csv", "POST batch, CSV")):
        median = statistics.median(results[name])
        print(f"{label}: median {median:.2f} s, {median / base:.2f}× the command (goal ≤ 2×)")


if __name__ == "__main__":
    main()
