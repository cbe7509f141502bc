"""SIPAS benchmark: indices over 200,000 responses, and the public form under load.

    .venv/bin/python bench/bench_sipas.py                 # throwaway SQLite in a temp dir
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parsipas_bench .venv/bin/python bench/bench_sipas.py

Goals (issue 8): indices for 200,000 responses (all units, a year) in under 2 s; the public
form takes 200 submissions/s on loopback with p95 under 200 ms.

1. Generates 200,000 responses of the default instrument (18 satisfaction questions, a few
   perception and expectation answers) spread over every unit and the 12 months of a year,
   with 2 % excluded and 1 % flagged, in a throwaway database. A PostgreSQL DATABASE_URL
   must name a database this script may drop and create.
2. Times `figures.indices(year)` — the aggregate query, every unit, every kind of unit, the
   province — median of several runs (also the by-month variant the pages use).
3. Starts gunicorn on 127.0.0.1 with a random port against the same database, opens
   --requests forms (GET, which issues the signed token), waits past the minimum fill time,
   then posts them from --clients threads with http.client, each post as a different
   citizen behind the proxy (X-Forwarded-For), and prints submissions/s and p95.
   Traffic only goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_database(tmp: Path) -> dict[str, str]:
    """Environment for a throwaway database (and the same for the server process)."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "parsipas.settings"
    env["PARSIPAS_VAR_DIR"] = str(tmp)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parsed = urllib.parse.urlparse(url)
        name = parsed.path.lstrip("/")
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.update(env)
    return env


def generate(responses: int, year: int, *, first_id: int = 1, seed: int = 8) -> None:
    """``responses`` SIPAS responses of ``year`` with their answers, ids from ``first_id``
    (``bench_pages`` loads them in two halves)."""
    import django
    from django.db import connection, transaction

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from parsipas.sipas.defaults import load_default_instrument
    from parsipas.sipas.models import Answer, Question, QuestionKind, Response
    from parsipas.units.registry import load_defaults

    load_defaults()
    instrument = load_default_instrument().instrument
    from parsipas.units.models import Unit

    units = list(Unit.objects.values_list("pk", flat=True))
    questions = list(Question.objects.filter(instrument=instrument).select_related("scale"))
    satisfaction = [q.pk for q in questions if q.kind == QuestionKind.SATISFACTION]
    others = [
        (q.pk, [c.value for c in q.scale.choices.all()], q.max_choices)
        for q in questions
        if q.kind != QuestionKind.SATISFACTION
    ]
    rng = random.Random(seed)
    # Each unit has its own mood, so the figures differ between units.
    mood = {u: rng.uniform(0.55, 0.95) for u in units}
    response_table = Response._meta.db_table
    answer_table = Answer._meta.db_table
    started = time.perf_counter()
    batch = 5000
    next_id = first_id
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(first_id - 1, first_id - 1 + responses, batch):
            response_rows = []
            answer_rows = []
            for i in range(start, min(start + batch, first_id - 1 + responses)):
                unit = rng.choice(units)
                month = rng.randint(1, 12)
                day = rng.randint(1, 28)
                status = (
                    "excluded"
                    if rng.random() < 0.02
                    else ("flagged" if rng.random() < 0.01 else "valid")
                )
                counted = status == "valid"
                ym = year * 100 + month
                response_rows.append(
                    (
                        next_id,
                        instrument.pk,
                        unit,
                        f"{year}-{month:02d}-{day:02d} 09:00:00+07:00",
                        ym,
                        "web",
                        status,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        None,
                        "",
                        "",
                        "",
                        "",
                        f"{i}",
                        f"{year}-01-01 00:00:00+07:00",
                    )
                )
                p = mood[unit]
                for qid in satisfaction:
                    r = rng.random()
                    value = (
                        0
                        if r < 0.05
                        else (rng.choice((4, 5)) if r < 0.05 + p * 0.95 else rng.choice((1, 2, 3)))
                    )
                    answer_rows.append((next_id, qid, value, unit, ym, counted, True))
                for qid, choices, max_choices in others:
                    for value in rng.sample(
                        choices, rng.randint(1, min(max_choices, len(choices)))
                    ):
                        answer_rows.append((next_id, qid, value, unit, ym, counted, False))
                next_id += 1
            cursor.executemany(
                f"INSERT INTO {response_table} (id, instrument_id, unit_id, submitted_at, month, channel, status, flags, "
                "age_group, sex, respondent_type, procedure, comment, fill_seconds, client_hash, fingerprint, "
                "paper_number, review_note, external_id, created_at) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                response_rows,
            )
            cursor.executemany(
                f"INSERT INTO {answer_table} (response_id, question_id, value, unit_id, month, counted, scored) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                answer_rows,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{response_table}', 'id'), %s)", [next_id]
            )
            cursor.execute(f"VACUUM ANALYZE {answer_table}")
            cursor.execute(f"VACUUM ANALYZE {response_table}")
    print(
        f"generated {responses:,} responses ({Answer.objects.count():,} answers) in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}"
    )


def time_indices(year: int, runs: int) -> None:
    from django.core.cache import cache

    from parsipas.sipas.figures import indices, indices_from_year
    from parsipas.sipas.periods import period

    whole = period(year)
    timings = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = indices(whole)
        timings.append(time.perf_counter() - started)
    assert result is not None
    print(
        f"indices, all units, year {year}: median {statistics.median(timings):.3f} s "
        f"(min {min(timings):.3f}, max {max(timings):.3f}, {runs} runs) — goal < 2 s"
    )
    print(
        f"  province SIPAS {result.province.sipas.pct}% from {result.province.respondents:,} valid responses, "
        f"{len(result.units)} units, {len(result.kinds)} kinds of unit"
    )
    page_timings = []
    for _ in range(max(3, runs // 2)):
        cache.clear()
        started = time.perf_counter()
        indices_from_year(period(year, "q2"))
        page_timings.append(time.perf_counter() - started)
    print(
        f"pages' by-month pass (year counts by month, then Q2): median {statistics.median(page_timings):.3f} s"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    server_env = {
        **env,
        "DEBUG": "0",
        "DB_CONN_MAX_AGE": "60",
        "ALLOWED_HOSTS": "127.0.0.1",
        # The loopback client plays the one trusted proxy (TRUSTED_PROXIES has 127.0.0.1): the
        # citizen's address it sends in X-Forwarded-For is the one the limits count.
        "PROXY_COUNT": "1",
        "SECRET_KEY": env.get("SECRET_KEY", "bench-" + "x" * 60),
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [
            gunicorn,
            "parsipas.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELDS = re.compile(r'id="f-(q\d+)"[^>]*>\s*<legend><span class="qcode">(E[^<]+)</span>')


def load_test(
    port: int, unit_codes: list[str], requests: int, clients: int, min_fill: float
) -> None:
    local = threading.local()

    def conn() -> http.client.HTTPConnection:
        if not hasattr(local, "c"):
            local.c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        return local.c

    def fetch_form(i: int) -> tuple[str, str, str, str, list[str], float]:
        code = unit_codes[i % len(unit_codes)]
        path = f"/sipas/khao-sat/{code}/"
        started = time.perf_counter()
        c = conn()
        c.request(
            "GET",
            path,
            headers={"X-Forwarded-For": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"},
        )
        response = c.getresponse()
        html = response.read().decode()
        elapsed = time.perf_counter() - started
        assert response.status == 200, response.status
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        fields = [f for f, _ in FIELDS.findall(html)]
        return (
            path,
            TOKEN.search(html).group(1),
            CSRF.search(html).group(1),
            cookie,
            fields,
            elapsed,
        )

    with ThreadPoolExecutor(clients) as pool:
        started = time.perf_counter()
        forms = list(pool.map(fetch_form, range(requests)))
        get_seconds = time.perf_counter() - started
    get_times = sorted(f[5] for f in forms)
    print(
        f"form pages: {requests / get_seconds:.0f} /s, p95 {1000 * get_times[int(0.95 * len(get_times))]:.0f} ms"
    )
    time.sleep(max(0.0, min_fill + 0.5 - get_seconds))

    rng = random.Random(1)
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def post(i: int) -> float:
        path, token, csrf, cookie, fields, _ = forms[i]
        body = {"token": token, "csrfmiddlewaretoken": csrf}
        for field in fields:
            body[field] = str(rng.choice((1, 2, 3, 4, 4, 5, 5, 5, 0)))
        data = urllib.parse.urlencode(body)
        started = time.perf_counter()
        c = conn()
        c.request(
            "POST",
            path,
            body=data,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "X-Forwarded-For": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
                "Referer": f"http://127.0.0.1:{port}{path}",
            },
        )
        response = c.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        with lock:
            statuses[response.status] = statuses.get(response.status, 0) + 1
        return elapsed

    local = threading.local()  # fresh keep-alive connections for the posts
    with ThreadPoolExecutor(clients) as pool:
        started = time.perf_counter()
        times = sorted(pool.map(post, range(requests)))
        seconds = time.perf_counter() - started
    p95 = times[int(0.95 * len(times))]
    print(
        f"submissions: {requests} from {clients} concurrent clients in {seconds:.2f} s = {requests / seconds:.0f} /s, "
        f"p50 {1000 * statistics.median(times):.0f} ms, p95 {1000 * p95:.0f} ms, statuses {statuses} "
        f"— goal ≥ 200 /s, p95 < 200 ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="parsipas-bench-sipas-"))
    try:
        env = setup_database(tmp)
        generate(args.responses, args.year)
        time_indices(args.year, args.runs)
        if not args.skip_load:
            from django.db import connections

            from parsipas.sipas import conf
            from parsipas.units.models import Unit

            codes = list(Unit.objects.values_list("code", flat=True))
            connections.close_all()
            port = free_port()
            server = start_server(env, port, args.workers)
            try:
                load_test(port, codes, args.requests, args.clients, conf.min_fill_seconds())
            finally:
                server.terminate()
                server.wait(10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
