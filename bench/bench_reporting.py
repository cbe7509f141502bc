"""Benchmark of reporting with a full year of data (not part of `make test`).

    .venv/bin/python bench/bench_reporting.py                       # throwaway SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parsipas_bench .venv/bin/python bench/bench_reporting.py

Builds a synthetic plan shaped like the 2026 appendix (8 PAR fields with 77 criteria + 5 SIPAS
components), assigns every criterion to every unit of the shipped registry (117 units: the worst
case), and fills the 4 periods with reports and figures. The PostgreSQL database named in
DATABASE_URL is dropped and created again. Then it measures, with Django's test client, the unit's
desk, the review queue and the roll-ups (median server time over RUNS requests, and the number of
SQL queries at two data sizes, to show it does not grow), and the time of `parsipas remind`.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = 20
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _prepare_database() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="parsipas-bench-"))
    os.environ["PARSIPAS_VAR_DIR"] = str(tmp)
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        return
    if url.startswith("postgres"):
        from urllib.parse import urlparse

        import psycopg

        parsed = urlparse(url)
        name = parsed.path.lstrip("/")
        admin_url = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


LEADS = ["snv", "stp", "vpubnd", "snv", "snv", "stc", "skhcn", "stc"]  # field 1..8
CRITERIA_PER_FIELD = [8, 10, 14, 14, 25, 19, 8, 12]  # sums to 110; we keep 77 (see below)


def build_plan(year: int) -> Any:
    from parsipas.plans.models import Node
    from parsipas.testing import builders as build
    from parsipas.units.models import Unit

    plan = build.plan(year, f"Kế hoạch {year} (benchmark)", published_at=None)
    units = {u.code: u for u in Unit.objects.filter(code__in=set(LEADS))}
    par = build.node(plan, "I", Node.Level.INDEX, title="CHỈ SỐ PAR INDEX")
    order = 1
    criteria: list[Any] = []
    counts = [8, 6, 10, 9, 12, 10, 8, 14]  # 77 PAR criteria in 8 fields
    for f, n in enumerate(counts, 1):
        field = build.node(plan, str(f), Node.Level.FIELD, par, order=order, title=f"Lĩnh vực {f}")
        field.lead_units.add(units[LEADS[f - 1]])
        order += 1
        for c in range(1, n + 1):
            node = build.node(
                plan,
                f"{f}.{c}",
                parent=field,
                order=order,
                title=f"Tiêu chí {f}.{c}",
                content="Nội dung thực hiện " * 10,
            )
            node.lead_units.add(units[LEADS[f - 1]])
            criteria.append(node)
            order += 1
    sipas = build.node(
        plan, "II", Node.Level.INDEX, index=Node.Index.SIPAS, order=order, title="CHỈ SỐ SIPAS"
    )
    field = build.node(
        plan,
        "1",
        Node.Level.FIELD,
        sipas,
        index=Node.Index.SIPAS,
        order=order + 1,
        title="Các chỉ số thành phần",
    )
    for c in range(1, 6):
        node = build.node(
            plan,
            f"1.{c}",
            parent=field,
            index=Node.Index.SIPAS,
            order=order + 1 + c,
            title=f"Chỉ số thành phần {c}",
        )
        node.lead_units.add(units["vpubnd"])
        criteria.append(node)
    from parsipas.plans.models import Target

    aggregations = ["share", "sum", "province"]
    targets = []
    for i, node in enumerate(criteria):
        targets.append(
            Target(
                node=node,
                text="từ 98% trở lên",
                op=">=",
                value=98,
                unit="%",
                aggregation=aggregations[i % 3],
            )
        )
        if i % 4 == 0:
            targets.append(
                Target(
                    node=node,
                    text="90% - 100%",
                    op="between",
                    value=90,
                    value_max=100,
                    unit="%",
                    order=1,
                )
            )
    Target.objects.bulk_create(targets)
    return plan, criteria


def assign_and_fill(
    plan: Any, criteria: list[Any], units: list[Any], periods: list[Any], seed: int = 1
) -> int:
    """Every criterion to every unit in `units`, and a report per period for ~90% of them."""
    from django.utils import timezone

    from parsipas.plans.models import Assignment, Target
    from parsipas.reporting.models import Report, TargetFigure

    rng = random.Random(seed)
    assignments = Assignment.objects.bulk_create(
        [Assignment(node=n, unit=u) for u in units for n in criteria], batch_size=2000
    )
    targets: dict[int, list[Any]] = {}
    for t in Target.objects.filter(node__plan=plan):
        targets.setdefault(t.node_id, []).append(t)
    now = timezone.now()
    statuses = ["done", "done", "in_progress", "in_progress", "not_started", "not_done"]
    workflows = ["submitted", "accepted", "accepted", "returned", "draft"]
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
            if rng.random() < 0.9
        ]
        Report.objects.bulk_create(reports, batch_size=2000)
        by_assignment = {a.pk: a for a in assignments}
        figures = []
        for r in reports:
            for t in targets.get(by_assignment[r.assignment_id].node_id, []):
                value = rng.randint(80, 100)
                figures.append(
                    TargetFigure(
                        report=r, target=t, value=value, result="met" if value >= 98 else "not_met"
                    )
                )
        TargetFigure.objects.bulk_create(figures, batch_size=5000)
        total += len(reports)
    return total


def measure(client: Any, url: str) -> tuple[float, int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    times, cpu = [], []
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx)
    # CPU time of this process: on a busy machine wall time mostly measures the wait for a CPU.
    return statistics.median(times), queries, statistics.median(cpu)


def main() -> None:
    _prepare_database()
    _setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from parsipas.accounts.models import Role, User
    from parsipas.reporting import rollups
    from parsipas.reporting.models import ReportingPeriod
    from parsipas.units.models import Unit
    from parsipas.units.registry import load_defaults

    print(
        f"Cơ sở dữ liệu: {connection.vendor} ({connection.settings_dict['NAME']}); "
        f"tải máy lúc bắt đầu: {os.getloadavg()[0]:.1f} trên {os.cpu_count()} CPU"
    )
    load_defaults()
    year = timezone.localdate().year
    ReportingPeriod.create_defaults(year)
    periods = list(ReportingPeriod.objects.filter(year=year).order_by("due_date"))
    # The last period is the current one: due in 3 days, so that reminders have work to do.
    current = periods[-1]
    today = timezone.localdate()
    current.due_date = today + dt.timedelta(days=3)
    current.lead_due_date = current.due_date + dt.timedelta(days=5)
    current.end = min(current.end, current.due_date)
    current.start = min(current.start, current.end)
    current.save()
    t0 = time.perf_counter()
    plan, criteria = build_plan(year)
    units = list(Unit.objects.active().order_by("kind", "code"))
    unit_user = {}
    for u in units:
        user = User(
            username=f"bench.{u.code}",
            role=Role.UNIT,
            unit=u,
            email=f"{u.code}@bench.invalid",
            full_name=u.name,
        )
        user.set_password("x")
        unit_user[u.code] = user
    User.objects.bulk_create(unit_user.values())
    lead = User(
        username="bench.lead.snv",
        role=Role.LEAD,
        unit=Unit.objects.get(code="snv"),
        email="lead@bench.invalid",
    )
    admin = User(username="bench.admin", role=Role.ADMIN, email="admin@bench.invalid")
    for u in (lead, admin):
        u.set_password("x")
        u.save()
    for code in set(LEADS) | {"vpubnd"}:
        User.objects.create(
            username=f"bench.lead.{code}.2",
            role=Role.LEAD,
            unit=Unit.objects.get(code=code),
            email=f"lead.{code}@bench.invalid",
        )

    pages = {
        "Trang báo cáo của đơn vị (desk)": (f"/bao-cao/{year}/{current.code}/", "unit"),
        "Hàng chờ duyệt (lead Sở Nội vụ)": (
            f"/bao-cao/duyet/?ky={year}-{current.code}&buoc=all",
            "lead",
        ),
        "Hàng chờ duyệt (admin, tất cả)": (
            f"/bao-cao/duyet/?ky={year}-{current.code}&buoc=all",
            "admin",
        ),
        "Tổng hợp theo tiêu chí": (f"/bao-cao/tong-hop/?ky={year}-{current.code}", "admin"),
        "Tổng hợp theo đơn vị": (
            f"/bao-cao/tong-hop/?ky={year}-{current.code}&xem=don-vi",
            "admin",
        ),
        "Tổng hợp chỉ tiêu toàn tỉnh": (
            f"/bao-cao/tong-hop/?ky={year}-{current.code}&xem=chi-tieu",
            "admin",
        ),
    }

    def clients() -> dict[str, Client]:
        result = {}
        for key, user in {"unit": unit_user[units[0].code], "lead": lead, "admin": admin}.items():
            c = Client()
            c.force_login(user)
            result[key] = c
        return result

    results: dict[str, list[tuple[float, int, float]]] = {name: [] for name in pages}
    pure: dict[str, list[int]] = {}
    sizes = [units[: len(units) // 4], units[len(units) // 4 :]]
    filled = 0
    for step, chunk in enumerate(sizes):
        filled += assign_and_fill(plan, criteria, chunk, periods, seed=step)
        covered = sum(len(s) for s in sizes[: step + 1])
        print(
            f"\nDữ liệu: {covered} đơn vị × {len(criteria)} tiêu chí × {len(periods)} kỳ = {filled} báo cáo "
            f"(dựng trong {time.perf_counter() - t0:.1f} s)"
        )
        cs = clients()
        for name, (url, who) in pages.items():
            median, queries, cpu = measure(cs[who], url)
            results[name].append((median, queries, cpu))
            print(
                f"  {name:<38} trung vị {median:7.1f} ms (CPU {cpu:6.1f} ms)   {queries:3d} truy vấn SQL"
            )
        from django.db import connection as conn
        from django.test.utils import CaptureQueriesContext

        for fn in (
            rollups.criterion_rollup,
            rollups.unit_rollup,
            rollups.field_rollup,
            rollups.province_rollup,
            rollups.target_figures,
        ):
            times = []
            for _ in range(RUNS):
                with CaptureQueriesContext(conn) as ctx:
                    start = time.perf_counter()
                    fn(plan, current)
                    times.append((time.perf_counter() - start) * 1000)
            pure.setdefault(fn.__name__, []).append(len(ctx))
            print(
                f"  rollups.{fn.__name__:<30} trung vị {statistics.median(times):7.1f} ms   {len(ctx):3d} truy vấn SQL"
            )

    print("\nSố truy vấn không tăng theo dữ liệu:")
    ok = True
    for name, runs in results.items():
        same = runs[0][1] == runs[1][1]
        ok &= same
        print(f"  {name:<38} {runs[0][1]} → {runs[1][1]} {'✓' if same else '✗ TĂNG'}")
    for name, counts in pure.items():
        same = counts[0] == counts[1]
        ok &= same
        print(f"  rollups.{name:<30} {counts[0]} → {counts[1]} {'✓' if same else '✗ TĂNG'}")
    slow = [n for n, runs in results.items() if runs[-1][0] >= 100]
    print(
        f"\nTrang nào trên 100 ms (trung vị, dữ liệu đầy đủ): {', '.join(slow) if slow else 'không có'}"
    )

    from django.core import mail

    mail.outbox = []
    start = time.perf_counter()
    call_command("remind", "--date", today.isoformat(), stdout=open(os.devnull, "w"))
    elapsed = time.perf_counter() - start
    print(
        f"\nparsipas remind (toàn tỉnh): {elapsed:.2f} s, {len(mail.outbox)} thư "
        f"({'dưới' if elapsed < 10 else 'TRÊN'} 10 s)"
    )
    sys.exit(0 if ok and not slow and elapsed < 10 else 1)


if __name__ == "__main__":
    main()
