"""Every page of every role at a province-year's volume, on PostgreSQL (not part of `make test`).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parsipas_bench_pages \\
        .venv/bin/python bench/bench_pages.py [--dossiers 1000000] [--sipas 200000] [--runs 5]
        [--national] [--only PREFIX ...]

Drops and creates the database of DATABASE_URL, then loads, in two halves, a province-year:
the shipped registry, the 2026 plan (published, with its assignments), its reporting periods
and the PAR example framework, the SIPAS instrument and the demo accounts; reports with target
figures for every assignment in every period (every other assignment in each half: the same
periods and shapes, twice the rows), ``--dossiers`` dossiers of the year (imported through ``import_dossiers`` in two
files, the second into a non-empty table) and ``--sipas`` SIPAS responses.

After each half it crawls, for every role (admin, the two leads, a department officer, a
commune officer, the viewer), every page the role can reach from the home page by following
links (GET only; one URL per route and set of query parameters; real ids, as a user would
click them), and measures each page: the median server time of ``--runs`` requests after one
warm-up, and its SQL query count. It prints, at full volume, the 20 slowest pages first and
then every page, and the pages whose query count changed between half and full volume.

``--reuse`` measures the database of an earlier run again, as it is (after a change).

``--national`` then adds 29 copies of every commune (about 3,300 units), with the communes'
assignments and reports, and measures again the plan, desk, review and roll-up pages.
Goal: every page under 150 ms (Word/Excel downloads under 1.5 s), query counts that do not
change with the data.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/parsipas_bench_pages"
YEAR = 2026
ROLES = {
    "admin": "admin",
    "lead": "lead.snv",
    "lead_vp": "lead.vpubnd",
    "unit": "unit.stp",
    "commune": "unit.buonmathuot",
    "viewer": "viewer",
}
# Never followed: they change state on GET or end the session.
SKIP = re.compile(r"/dang-xuat/|^/admin/|^/static/|^/media/")
PAGE_GOAL_MS, FILE_GOAL_MS = 150, 1500
FILE_TYPES = ("officedocument", "ms-excel", "msword", "pdf", "csv", "zip")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            for name, value in attrs:
                if name == "href" and value:
                    self.hrefs.append(value)


@dataclass
class Measured:
    role: str
    url: str
    status: int
    median_ms: float
    queries: int
    kind: str  # page | file

    @property
    def goal_ms(self) -> int:
        return FILE_GOAL_MS if self.kind == "file" else PAGE_GOAL_MS


# --- the data --------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str, fast_hasher: bool = True) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="parsipas-bench-pages-"))
    os.environ["DATABASE_URL"] = url
    os.environ["PARSIPAS_VAR_DIR"] = str(tmp)
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    if fast_hasher:  # pages are measured with the test client: no password is checked
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    import logging

    logging.disable(logging.CRITICAL)  # the crawl's 403s and 404s are expected


def quiet_command(*args: str) -> None:
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command(*args, stdout=devnull, stderr=devnull)


def load_base() -> None:
    import datetime as dt

    from parsipas.audit.context import acting_as
    from parsipas.demo.accounts import ensure_demo_accounts

    quiet_command("migrate", "--noinput")
    quiet_command("units", "load-defaults")
    quiet_command("plan", "load-default")
    quiet_command("periods", "create", "--year", str(YEAR))
    quiet_command("par", "load-examples", "--year", str(YEAR))
    quiet_command("sipas", "load-default-instrument")
    ensure_demo_accounts()
    # A year of every register that exists (as `parsipas demo` makes them).
    with acting_as(label="bench"):
        try:
            from parsipas.petitions import demo as petitions_demo
        except ImportError:
            petitions_demo = None  # type: ignore[assignment]
        if petitions_demo is not None:
            petitions_demo.generate(YEAR, random.Random(YEAR), dt.date(YEAR, 10, 15))
        try:
            from parsipas.registers import demo as registers_demo
        except ImportError:
            registers_demo = None  # type: ignore[assignment]
        if registers_demo is not None:
            registers_demo.generate(YEAR, random.Random(YEAR))


def fill_reports(periods: list[Any], assignments: list[Any] | None = None, seed: int = 1) -> int:
    """A report per assignment and period, with a figure for every target of its criterion."""
    from django.utils import timezone

    from parsipas.plans.models import Assignment, Target
    from parsipas.reporting.models import Report, TargetFigure

    rng = random.Random(seed)
    if assignments is None:
        assignments = list(Assignment.objects.filter(node__plan__year=YEAR))
    targets: dict[int, list[Any]] = {}
    for t in Target.objects.filter(node__plan__year=YEAR):
        targets.setdefault(t.node_id, []).append(t)
    now = timezone.now()
    statuses = ["done", "done", "done", "in_progress", "not_started", "not_done"]
    workflows = ["submitted", "accepted", "accepted", "accepted", "returned", "draft"]
    total = 0
    for period in periods:
        reports = [
            Report(
                assignment=a,
                period=period,
                status=rng.choice(statuses),
                workflow=rng.choice(workflows),
                narrative="Kết quả thực hiện trong kỳ " * 5,
                late=rng.random() < 0.1,
                version=1,
                submitted_at=now,
                first_submitted_at=now,
            )
            for a in assignments
        ]
        Report.objects.bulk_create(reports, batch_size=2000)
        node_of = {a.pk: a.node_id for a in assignments}
        figures = []
        for r in reports:
            for t in targets.get(node_of[r.assignment_id], []):
                if t.value is None:
                    continue
                value = rng.randint(80, 100)
                figures.append(
                    TargetFigure(
                        report=r, target=t, value=value, result="met" if value >= 98 else "not_met"
                    )
                )
        TargetFigure.objects.bulk_create(figures, batch_size=5000)
        total += len(reports)
    return total


def load_dossiers(rows: int, seed: int, code_prefix: str) -> float:
    from parsipas.audit.context import acting_as
    from parsipas.dossiers.ingest.generate import write_csv
    from parsipas.dossiers.ingest.loader import import_dossiers
    from parsipas.units.models import Unit, UnitKind

    units = [(u.code, u.kind == UnitKind.AGENCY) for u in Unit.objects.active().order_by("code")]
    path = Path(tempfile.mkdtemp(prefix="parsipas-bench-pages-")) / "dossiers.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(out, units, rows, YEAR, seed=seed)
    # Two files must not share dossier codes: prefix this file's codes.
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(text[0])
        out.writelines(code_prefix + line for line in text[1:])
    del text
    started = time.perf_counter()
    with acting_as(label="bench"), path.open("rb") as stream:
        import_dossiers(stream, "bench.csv")
    path.unlink()
    return time.perf_counter() - started


def load_sipas(responses: int, first_id: int, seed: int) -> None:
    import bench_sipas

    bench_sipas.generate(responses, YEAR, first_id=first_id, seed=seed)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def load_half(half: int, args: argparse.Namespace) -> None:
    from parsipas.plans.models import Assignment
    from parsipas.reporting.models import ReportingPeriod

    periods = list(ReportingPeriod.objects.filter(year=YEAR).order_by("due_date"))
    # Every other assignment in each half: the same periods and shapes, twice the rows.
    assignments = [
        a
        for n, a in enumerate(Assignment.objects.filter(node__plan__year=YEAR).order_by("pk"))
        if n % 2 == half - 1
    ]
    started = time.perf_counter()
    reports = fill_reports(periods, assignments, seed=half)
    print(f"  {reports:,} reports (4 periods) in {time.perf_counter() - started:.0f} s")
    dossiers = args.dossiers // 2 if half == 1 else args.dossiers - args.dossiers // 2
    seconds = load_dossiers(dossiers, seed=half, code_prefix=f"H{half}-")
    print(f"  {dossiers:,} dossiers imported in {seconds:.0f} s")
    responses = args.sipas // 2 if half == 1 else args.sipas - args.sipas // 2
    load_sipas(responses, first_id=1 if half == 1 else args.sipas // 2 + 1, seed=half)
    analyze()


def add_national_communes(copies: int = 29) -> int:
    """``copies`` clones of every commune, with the commune's assignments and reports."""
    from parsipas.plans.models import Assignment
    from parsipas.reporting.models import ReportingPeriod
    from parsipas.units.models import COMMUNE_KINDS, Unit

    communes = list(Unit.objects.filter(kind__in=COMMUNE_KINDS))
    clones = [
        Unit(
            code=f"{u.code}-{n}",
            name=f"{u.name} {n}",
            kind=u.kind,
            parent_id=u.parent_id,
        )
        for u in communes
        for n in range(2, copies + 2)
    ]
    Unit.objects.bulk_create(clones, batch_size=2000)
    originals = {u.pk: u for u in communes}
    by_code = {u.code: u for u in Unit.objects.filter(code__in=[c.code for c in clones])}
    assignments = []
    for a in Assignment.objects.filter(node__plan__year=YEAR, unit_id__in=originals):
        for n in range(2, copies + 2):
            clone = by_code[f"{originals[a.unit_id].code}-{n}"]
            assignments.append(Assignment(node_id=a.node_id, unit=clone))
    made = Assignment.objects.bulk_create(assignments, batch_size=5000)
    periods = list(ReportingPeriod.objects.filter(year=YEAR).order_by("due_date"))
    fill_reports(periods, made, seed=3)
    analyze()
    return len(clones)


# --- the crawl -------------------------------------------------------------------------------


def route_key(url: str) -> tuple[str, tuple[str, ...]]:
    from django.urls import Resolver404, resolve

    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    return route, tuple(sorted({k for k, _ in parse_qsl(parts.query)}))


def crawl(client: Any, limit: int, prefixes: tuple[str, ...] = ("/",)) -> list[str]:
    """Pages reachable from the home page by links: one URL per route and query names."""
    seen_keys: set[tuple[str, tuple[str, ...]]] = set()
    found: list[str] = []
    queue = deque(["/"])
    visited: set[str] = set()
    while queue and len(found) < limit:
        url = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        key = route_key(url)
        if key in seen_keys:
            continue
        seen_keys.add(key)
        response = client.get(url)
        if response.status_code != 200:
            continue
        if url.startswith(prefixes):
            found.append(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode("utf-8", errors="replace"))
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if SKIP.search(parts.path):
                continue
            query = urlencode(parse_qsl(parts.query))
            target = parts.path + (f"?{query}" if query else "")
            if target not in visited:
                queue.append(target)
    return found


def measure(client: Any, role: str, url: str, runs: int) -> Measured:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = None  # the crawl's own request was the warm-up
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    assert response is not None
    content_type = response.get("Content-Type", "")
    kind = "file" if any(t in content_type for t in FILE_TYPES) else "page"
    return Measured(role, url, response.status_code, statistics.median(times), queries, kind)


def clients() -> dict[str, Any]:
    from django.test import Client

    from parsipas.accounts.models import User

    result = {}
    for role, username in ROLES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        result[role] = client
    return result


def crawl_and_measure(
    runs: int, limit: int, prefixes: tuple[str, ...], only: list[str] | None = None
) -> list[Measured]:
    results = []
    for role, client in clients().items():
        urls = crawl(client, limit, prefixes)
        if only:
            urls = [u for u in urls if u.startswith(tuple(only))]
        started = time.perf_counter()
        for url in urls:
            results.append(measure(client, role, url, runs))
        print(
            f"  {role}: {len(urls)} pages measured in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    return results


def table(results: list[Measured], title: str, top: int | None = None) -> None:
    rows = sorted(results, key=lambda m: m.median_ms, reverse=True)
    if top:
        rows = rows[:top]
    print(f"\n{title}")
    print(f"{'median ms':>10} {'queries':>8}  {'role':<8} url")
    for m in rows:
        flag = "  OVER" if m.median_ms > m.goal_ms else ""
        kind = " [file]" if m.kind == "file" else ""
        print(f"{m.median_ms:10.1f} {m.queries:8d}  {m.role:<8} {m.url}{kind}{flag}")


def remeasure(args: argparse.Namespace) -> None:
    """--reuse: after a change, crawl and measure the loaded database again (with --national,
    add the commune copies first, once)."""
    from django.core.cache import cache

    from parsipas.dossiers.models import Dossier
    from parsipas.units.models import Unit

    cache.clear()
    print(
        f"reused database: {Dossier.objects.count():,} dossiers, {Unit.objects.count():,} units; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    if args.national:
        if Unit.objects.count() < 1000:  # the copies are not there yet
            print(f"--national: {add_national_communes():,} commune copies added")
        measure_national(args, {})
        return
    full = crawl_and_measure(args.runs, args.limit, ("/",), args.only)
    table(full, "The 20 slowest pages", top=20)
    table(full, "Every page")
    over = [m for m in full if m.median_ms > m.goal_ms]
    table(over, "Pages over their goal")
    print(
        f"Pages over their goal: {len(over)} of {len(full)}; load average {os.getloadavg()[0]:.1f}"
    )


def measure_national(args: argparse.Namespace, before: dict[tuple[str, str], Measured]) -> None:
    """The plan, desk, review and roll-up pages with about 3,300 units."""
    national = crawl_and_measure(
        args.runs, args.limit, ("/ke-hoach/", "/bao-cao/", "/tong-quan/", "/bao-cao-dinh-ky/"),
        args.only,
    )  # fmt: skip
    table(national, "National volume: plan, desk, review and roll-up pages")
    for m in national:
        b = before.get((m.role, m.url))
        if b is not None and b.queries != m.queries:
            print(f"  queries {b.queries} -> {m.queries}: {m.role} {m.url}")
    over = [m for m in national if m.median_ms > m.goal_ms]
    print(f"National pages over their goal: {len(over)} of {len(national)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--sipas", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--half-runs", type=int, default=1, help="requests per page at half volume (query counts)"
    )
    parser.add_argument("--limit", type=int, default=150, help="pages per role at most")
    parser.add_argument("--national", action="store_true")
    parser.add_argument("--only", nargs="*", help="measure only URLs starting with these")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database a previous run loaded, as it is (no load, no half crawl)",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("bench_pages measures PostgreSQL: set DATABASE_URL=postgresql://…")
    if args.reuse:
        setup_django(url)
        remeasure(args)
        return
    recreate_database(url)
    setup_django(url)
    from django.db import connection

    print(
        f"database {connection.settings_dict['NAME']}; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    started = time.perf_counter()
    load_base()
    print(f"registry, plan, periods, frameworks, accounts in {time.perf_counter() - started:.0f} s")
    print("half of the data:")
    load_half(1, args)
    half = crawl_and_measure(args.half_runs, args.limit, ("/",), args.only)
    print("the other half:")
    load_half(2, args)
    full = crawl_and_measure(args.runs, args.limit, ("/",), args.only)

    print(
        f"\n{args.dossiers:,} dossiers, {args.sipas:,} SIPAS responses, 4 periods of reports; "
        f"{len(full)} pages over {len(ROLES)} roles, median of {args.runs}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    table(full, "The 20 slowest pages", top=20)
    table(full, "Every page")
    at_half = {(m.role, m.url): m for m in half}
    changed = [
        (m, at_half[(m.role, m.url)])
        for m in full
        if (m.role, m.url) in at_half and at_half[(m.role, m.url)].queries != m.queries
    ]
    print(f"\nQuery counts that changed between half and full data: {len(changed)}")
    for m, h in changed:
        print(f"  {h.queries:5d} -> {m.queries:5d}  {m.role:<8} {m.url}")
    missing = {(m.role, m.url) for m in full} ^ {(m.role, m.url) for m in half}
    if missing:
        print(f"  ({len(missing)} pages reached in only one of the crawls)")
    over = [m for m in full if m.median_ms > m.goal_ms]
    print(f"Pages over their goal: {len(over)} of {len(full)}")

    if args.national:
        added = add_national_communes()
        print(f"\n--national: {added:,} commune copies added")
        measure_national(args, {(m.role, m.url): m for m in full})


if __name__ == "__main__":
    main()
