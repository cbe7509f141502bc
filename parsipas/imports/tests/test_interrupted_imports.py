"""An import killed with SIGKILL midway leaves the database as it was; the next one succeeds.

Real processes on a real database file (SQLite) or a scratch PostgreSQL database, since the
point is what a crash leaves on disk: `parsipas` is run as the operator would run it. A
500,000-row dossier export is killed once half of it has been read (the command's
`--progress` lines say where it is), a plan import once it has started writing.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

KILL_ROWS = 500_000
# `python -m parsipas` from this checkout, so a worktree runs its own code.
ROOT = Path(__file__).resolve().parents[3]
PARSIPAS = (sys.executable, "-m", "parsipas")
SEED = ROOT / "data" / "plans" / "daklak-2026.txt"
TABLES = (
    "dossiers_dossier",
    "dossiers_dossierimport",
    "plans_plan",
    "plans_node",
    "plans_assignment",
    "plans_target",
    "audit_auditentry",
)
PG_URL = os.environ.get("DATABASE_URL", "")

# Minutes, not seconds (both tests on SQLite: 834 s on the shared 2-core machine, 1 December
# 2026; each generates and imports 500,000 rows twice): opt-in with PARSIPAS_KILL_TEST=1 (CI
# should set it), never in the default `make test`.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("PARSIPAS_KILL_TEST"), reason="set PARSIPAS_KILL_TEST=1 to run"
    ),
]


class Scratch:
    """A migrated database with the unit registry, for subprocesses."""

    def __init__(self, url: str, tmp: Path) -> None:
        self.url = url
        self.tmp = tmp
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "parsipas.settings",
            "PYTHONUNBUFFERED": "1",
        }

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*PARSIPAS, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*PARSIPAS, *args],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql).fetchall()

    def state(self) -> dict[str, tuple[int, str]]:
        """(row count, SHA-256 of every row) of each table an import touches."""
        found = {}
        for table in TABLES:
            rows = self.rows(f"SELECT * FROM {table} ORDER BY 1")
            found[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return found


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch(request: Any, tmp_path: Path) -> Iterator[Scratch]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kill.sqlite3'}"
        yield _ready(Scratch(url, tmp_path))
        return
    if not PG_URL.startswith("postgres"):
        pytest.skip("PostgreSQL run only (DATABASE_URL=postgresql://…)")
    import psycopg

    name = f"parsipas_kill_{os.getpid()}"
    server = PG_URL.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield _ready(Scratch(f"{server}/{name}", tmp_path))
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _ready(scratch: Scratch) -> Scratch:
    for args in (("migrate", "--noinput"), ("units", "load-defaults")):
        done = scratch.run(*args)
        assert done.returncode == 0, done.stderr
    return scratch


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


def _settle(scratch: Scratch) -> None:
    """On PostgreSQL, wait for the killed client's server process to roll back and go."""
    if scratch.url.startswith("sqlite"):
        return
    name = scratch.url.rsplit("/", 1)[1]
    for _ in range(600):
        others = scratch.rows(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
            f"'{name}' AND pid <> pg_backend_pid()"
        )[0][0]
        if not others:
            return
        time.sleep(0.2)
    raise AssertionError("the killed import's server process did not end")


def _wait_midway(scratch: Scratch, process: subprocess.Popen[str]) -> None:
    """Until half the rows are read (Python path) or the SQL load is running (PostgreSQL)."""
    if scratch.url.startswith("sqlite"):
        assert process.stderr is not None
        for line in process.stderr:
            if line.strip() == f"đã đọc {KILL_ROWS // 2} dòng":
                return
        raise AssertionError("the import ended before reaching the middle")
    name = scratch.url.rsplit("/", 1)[1]
    for _ in range(1200):
        active = scratch.rows(
            "SELECT query FROM pg_stat_activity WHERE datname = "
            f"'{name}' AND state = 'active' AND pid <> pg_backend_pid()"
        )
        if any("dossier" in query.lower() for (query,) in active):
            time.sleep(1.0)  # well inside the load
            assert process.poll() is None, "the import ended before it could be killed"
            return
        time.sleep(0.1)
    raise AssertionError("the SQL load never started")


def test_a_dossier_import_killed_midway_leaves_nothing(scratch: Scratch) -> None:
    big, small = scratch.tmp / "big.csv", scratch.tmp / "small.csv"
    for path, rows, seed in ((big, KILL_ROWS, "1"), (small, 1000, "2")):
        done = scratch.run(
            "dossiers", "generate", "--rows", str(rows), "--seed", seed, "-o", str(path)
        )
        assert done.returncode == 0, done.stderr
    assert scratch.run("dossiers", "import", str(small)).returncode == 0
    before = scratch.state()

    process = scratch.start("dossiers", "import", str(big), "--progress")
    _wait_midway(scratch, process)
    if scratch.url.startswith("sqlite"):
        # Meanwhile another process can take the write lock, as a login does: the import
        # holds it only for its final merge, not while it reads the file.
        db = sqlite3.connect(
            scratch.url.removeprefix("sqlite:///"), timeout=2, isolation_level=None
        )
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        db.close()
    _kill(process)
    _settle(scratch)
    assert scratch.state() == before

    again = scratch.run("dossiers", "import", str(big))
    assert again.returncode == 0, again.stderr
    assert scratch.state()["dossiers_dossierimport"][0] == before["dossiers_dossierimport"][0] + 1


def test_a_plan_import_killed_midway_leaves_nothing(scratch: Scratch) -> None:
    before = scratch.state()
    process = scratch.start("plan", "import", str(SEED), "--year", "2026")
    assert process.stdout is not None
    # The report is printed before the plan is written: kill once writing has begun.
    first = process.stdout.readline()
    assert first.startswith("Kế hoạch năm 2026"), first
    time.sleep(0.3)
    _kill(process)
    _settle(scratch)
    assert scratch.state() == before

    again = scratch.run("plan", "import", str(SEED), "--year", "2026")
    assert again.returncode == 0, again.stderr
    assert scratch.state()["plans_node"][0] > 0
