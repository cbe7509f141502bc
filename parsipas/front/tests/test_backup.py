"""Backup round trip: a plan year with reports and evidence, backed up, restored into an empty
database and an empty storage, compared table by table and file by file (SHA-256) — on the
suite's database engine (PostgreSQL in CI, SQLite locally), through the real commands."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from parsipas.front import backup

# The source install, as `make setup` makes it, then a unit's reports with evidence; in one
# process (each command in its own would start Django seven times).
SEED = """
from django.core.management import call_command
call_command('migrate', '--noinput', verbosity=0)
call_command('units', 'load-defaults')
call_command('plan', 'load-default')
call_command('periods', 'create', '--year', '2026')
from io import BytesIO
from parsipas.accounts.models import User
from parsipas.plans.models import Assignment
from parsipas.reporting import workflow
from parsipas.reporting.models import ReportingPeriod
period = ReportingPeriod.objects.filter(year=2026).order_by('start').first()
user = User.objects.create(username='bk.unit', role='unit', unit_id=Assignment.objects.first().unit_id)
for n, assignment in enumerate(Assignment.objects.filter(unit_id=user.unit_id)[:5]):
    report = workflow.report_for(assignment, period)
    workflow.save_report(report, workflow.ReportInput(status='in_progress', narrative=f'Bao cao {n} — Đã làm'), user, [], 0)
    pdf = b'%PDF-1.4\\n' + str(n % 3).encode() + b'\\n%%EOF\\n'
    workflow.add_evidence(report, BytesIO(pdf), f'tai-lieu-{n}.pdf', user)
"""


def _env(tmp: Path, name: str, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "parsipas.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp / f"{name}-media"),
        "PARSIPAS_VAR_DIR": str(tmp / name),
    }


def _run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "parsipas", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[tuple[str, str]]:
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith("postgres"):
        yield (f"sqlite:///{tmp_path / 'src.sqlite3'}", f"sqlite:///{tmp_path / 'dst.sqlite3'}")
        return
    import psycopg

    base, _, _ = suite.rpartition("/")
    names = [f"parsipas_bk_{uuid.uuid4().hex[:8]}_{side}" for side in ("src", "dst")]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _digests(database_url: str) -> dict[str, str]:
    if database_url.startswith("sqlite"):
        db = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        cursor = db.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
        return backup.table_digests(cursor, [r[0] for r in cursor.fetchall()], lambda n: f'"{n}"')
    import psycopg

    with psycopg.connect(database_url) as pg, pg.cursor() as pg_cursor:
        pg_cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        names = [r[0] for r in pg_cursor.fetchall()]
        return backup.table_digests(pg_cursor, names, lambda n: f'"{n}"')


def test_backup_and_restore_give_back_every_table_and_file(tmp_path: Path, databases) -> None:
    source_url, target_url = databases
    source = _env(tmp_path, "src", source_url)
    _run(source, "shell", "-c", SEED)
    archive = tmp_path / "sao-luu" / "parsipas-2026.tar"
    assert "Đã sao lưu" in _run(source, "backup", "create", str(archive))

    target = _env(tmp_path, "dst", target_url)
    out = _run(target, "backup", "restore", str(archive))
    assert "Đã khôi phục" in out and "giống hệt" in out
    # Independently of the command's own check: every table and every file compared.
    before, after = _digests(source_url), _digests(target_url)
    assert "reporting_evidence" in before and "reporting_report" in before
    assert before == after
    source_files = backup.file_digests(tmp_path / "src-media")
    assert len(source_files) == 3  # five evidence records, three distinct contents
    assert backup.file_digests(tmp_path / "dst-media") == source_files
    # A second restore into the now full database is refused, changing nothing.
    again = subprocess.run(
        [sys.executable, "-m", "parsipas", "backup", "restore", str(archive)],
        env=target,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode != 0 and "cơ sở dữ liệu trống" in again.stderr
    assert _digests(target_url) == before
