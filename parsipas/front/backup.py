"""Backups that restore exactly: the database (PostgreSQL or SQLite) and every stored file.

One archive (.tar) holds:
- `database.dump` (PostgreSQL: `pg_dump -Fc`) or `database.sqlite3` (SQLite: the online backup API,
  consistent while the app runs). Never `dumpdata`/`loaddata`: they truncate timestamps and
  renumber ids.
- `media/…`: every file under MEDIA_ROOT (evidence, PAR files, imports).
- `manifest.json`: the engine, the time, a SHA-256 of every table's rows and of every file.
  On PostgreSQL the table digests are read in the very snapshot `pg_dump` dumps
  (`pg_export_snapshot`), so they describe exactly what the dump holds.

`restore` loads an archive into an EMPTY database and storage (it refuses otherwise), then
`verify` compares every table and every file with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

CACHE_TABLE = "parsipas_cache"  # shared counters and cached pages: not data


class BackupError(Exception):
    """A backup or restore that cannot go on, with the reason in Vietnamese."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    tables: dict[str, str]
    files: dict[str, str]

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        return cls(**json.loads(data))


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def table_digests(cursor: Any, tables: list[str], quote: Any) -> dict[str, str]:
    """SHA-256 of each table's rows in a fixed order (every column, sorted)."""
    digests = {}
    for table in sorted(tables):
        if table == CACHE_TABLE:
            continue
        cursor.execute(f"SELECT * FROM {quote(table)} LIMIT 0")
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
        digest = hashlib.sha256()
        for row in cursor.fetchall():
            digest.update(repr(tuple(_plain(v) for v in row)).encode())
        digests[table] = digest.hexdigest()
    return digests


def _plain(value: Any) -> Any:
    """One representation per value, whichever driver read it."""
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def live_table_digests() -> dict[str, str]:
    if _engine() == "sqlite":
        # Read as the backup was: raw sqlite3 values, without Django's type converters.
        db = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            return _sqlite_digests(db)
        finally:
            db.close()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return table_digests(cursor, tables, connection.ops.quote_name)


def _sqlite_digests(db: sqlite3.Connection) -> dict[str, str]:
    cursor = db.cursor()
    cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    return table_digests(cursor, [row[0] for row in cursor.fetchall()], lambda n: f'"{n}"')


def file_digests(root: Path) -> dict[str, str]:
    result = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                    digest.update(chunk)
            result[path.relative_to(root).as_posix()] = digest.hexdigest()
    return result


def _pg_url() -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgresql://{db.get('USER') or ''}{':' + db['PASSWORD'] if db.get('PASSWORD') else ''}"
        f"@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _dump_postgresql(target: Path) -> dict[str, str]:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            result = subprocess.run(
                [
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    "-f",
                    str(target),
                    _pg_url(),
                ],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump thất bại: {result.stderr.strip()}")
            tables = connection.introspection.table_names(cursor)
            return table_digests(cursor, tables, connection.ops.quote_name)
        finally:
            cursor.execute("ROLLBACK")


def _dump_sqlite(target: Path) -> dict[str, str]:
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        return _sqlite_digests(copy)
    finally:
        copy.close()
        source.close()


def create(archive: Path) -> Manifest:
    """Write a backup archive of the database and MEDIA_ROOT."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        engine = _engine()
        dump = Path(work) / ("database.dump" if engine == "postgresql" else "database.sqlite3")
        tables = _dump_postgresql(dump) if engine == "postgresql" else _dump_sqlite(dump)
        files = file_digests(media)
        manifest = Manifest(engine, dt.datetime.now(dt.UTC).isoformat(), tables, files)
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            info = tarfile.TarInfo("manifest.json")
            data = manifest.to_json()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for name in files:
                tar.add(media / name, arcname=f"media/{name}")
        os.replace(partial, archive)  # a half-written backup never has the final name
    return manifest


def read_manifest(archive: Path) -> Manifest:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError(f"Tệp '{archive}' không phải bản sao lưu parsipas.")
        return Manifest.from_json(member.read())


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return not [t for t in tables if t != CACHE_TABLE]


def restore(archive: Path) -> Manifest:
    """Load `archive` into the (empty) database and the (empty) MEDIA_ROOT."""
    manifest = read_manifest(archive)
    if manifest.engine != _engine():
        raise BackupError(
            f"Bản sao lưu là của {manifest.engine}, cơ sở dữ liệu hiện tại là {_engine()}."
        )
    if not _database_is_empty():
        raise BackupError("Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào cơ sở dữ liệu trống.")
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(f"Thư mục tệp {media} đã có tệp: chỉ khôi phục vào thư mục trống.")
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
        root = Path(work)
        if manifest.engine == "postgresql":
            result = subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    "-d",
                    _pg_url(),
                    str(root / "database.dump"),
                ],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore thất bại: {result.stderr.strip()}")
        else:
            connection.close()
            source = sqlite3.connect(root / "database.sqlite3")
            target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        if (root / "media").exists():
            shutil.copytree(root / "media", media, dirs_exist_ok=True)
    return manifest


def verify(manifest: Manifest) -> list[str]:
    """What differs between the live database and storage and the manifest (empty: identical)."""
    problems = []
    live = live_table_digests()
    for table, digest in manifest.tables.items():
        if live.get(table) != digest:
            problems.append(f"Bảng {table}: khác bản sao lưu.")
    for table in sorted(set(live) - set(manifest.tables)):
        problems.append(f"Bảng {table}: không có trong bản sao lưu.")
    files = file_digests(Path(settings.MEDIA_ROOT))
    for name, digest in manifest.files.items():
        if files.get(name) != digest:
            problems.append(f"Tệp {name}: {'thiếu' if name not in files else 'khác nội dung'}.")
    return problems
