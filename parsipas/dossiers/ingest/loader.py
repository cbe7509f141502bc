"""Import a dossier export (CSV or XLSX) into the database: streamed, all-or-nothing, upsert.

One pass over the file inside one transaction: every row is checked with the pure rules of
``headers.py`` (``RowParser``) and its unit looked up in the registry; while the file is clean
the rows stream into a temporary staging table (``COPY`` on PostgreSQL, batched inserts on
SQLite). At the end, if any row was bad, any unit unknown or any dossier code repeated, the
transaction is rolled back and every problem is listed; otherwise the staging table is merged
into ``dossiers_dossier`` on the dossier code, and the day counts of the touched days
(``daily``) are computed again. Memory stays flat whatever the file's size.

Two paths, one set of rules: this plain streaming loader (every row through ``RowParser``;
XLSX files, unusual CSVs, SQLite) and the PostgreSQL fast path ``pgload.py`` (checks and
conversion in SQL). The fast path is kept because the plain loader cannot hold the import
within its bound to a plain COPY (19× against 7.9× for the fast path on 1,000,000 rows,
``bench/bench_dossiers.py --python-path``). **A rule that changes here changes in
``pgload.py`` too** (dates, flags, channels, counts, units, repeated codes, messages, the day
counts of ``daily``); ``tests/test_sql_import.py`` and ``tests/test_daily.py`` run every rule
through both paths.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any, BinaryIO

from django.db import connection, transaction

from parsipas.audit.context import current_actor
from parsipas.audit.tracking import record_event
from parsipas.dossiers import daily
from parsipas.dossiers.ingest.headers import (
    FIELDS,
    HeaderError,
    RowError,
    RowParser,
    match_columns,
)
from parsipas.dossiers.ingest.pgload import try_fast_import
from parsipas.dossiers.models import Dossier, DossierImport
from parsipas.lib.tabular import ImportRefused, open_table, sniff_kind
from parsipas.lib.text import fold
from parsipas.units.models import Unit

MAX_LISTED_ERRORS = 50
ROWS_PER_UNIT_SHOWN = 5
SQLITE_BATCH = 5000
PROGRESS_EVERY = 10_000  # rows between two calls of an import's progress callback
UTC_OFFSET = timedelta(hours=7)  # Vietnam, all year: the export's local times -> UTC on SQLite

# Staging columns, in this order: the file's line, then the dossier fields with the unit's id.
_DOSSIER_COLUMNS = ["code", "unit_id", *FIELDS[2:]]
_STAGING_COLUMNS = ["line", *_DOSSIER_COLUMNS]
_PG_STAGING = """
CREATE TEMPORARY TABLE dossier_staging (
    line integer, code text, unit_id bigint, procedure_code text,
    received timestamp, due timestamp, finished timestamp, supplement_requests integer,
    channel text, fully_online boolean, fee_required boolean, paid_online boolean,
    electronic_result boolean, digitized boolean, reused_data boolean,
    synced_national boolean, apology_sent boolean, rating integer
) ON COMMIT DROP
"""
_SQLITE_STAGING = """
CREATE TEMPORARY TABLE dossier_staging (
    line integer, code text, unit_id integer, procedure_code text,
    received text, due text, finished text, supplement_requests integer,
    channel text, fully_online integer, fee_required integer, paid_online integer,
    electronic_result integer, digitized integer, reused_data integer,
    synced_national integer, apology_sent integer, rating integer
)
"""


@dataclass
class ImportResult:
    batch: DossierImport
    rows: int
    created: int
    updated: int
    ignored_columns: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()
    seconds: float = 0.0


# --- reading ---------------------------------------------------------------------------------


def read_table(
    stream: BinaryIO, filename: str
) -> tuple[list[str], Iterator[tuple[int, Sequence[Any]]]]:
    """(headers, rows as (line number, cells)). CSV is read here, straight into cell lists,
    because ``lib.tabular`` builds a dict per row, too slow for a million rows (measured on
    200,000 rows of a generated export: 1.7 s to read them here against 12.3 s through
    ``open_table``; with ``RowParser``, 10.5 s against 24.2 s); the checks and messages are
    the same. XLSX goes through ``lib.tabular``."""
    head = stream.read(8192)
    stream.seek(0)
    if not head:
        raise ImportRefused(f"Tệp '{filename}' rỗng.")
    kind = sniff_kind(head)
    if kind == "binary":
        raise ImportRefused(f"Tệp '{filename}' không phải CSV hay Excel (.xlsx).")
    if kind == "xlsx":
        headers, table_rows = open_table(stream, filename, max_bytes=0)
        return headers, ((row.number, [row.values.get(h) for h in headers]) for row in table_rows)
    return _read_csv(stream, filename, head)


def _read_csv(
    stream: BinaryIO, filename: str, head: bytes
) -> tuple[list[str], Iterator[tuple[int, Sequence[Any]]]]:
    # Only to guess the delimiter: decoding errors are reported while reading, by line.
    first_line = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="ignore")
    try:
        delimiter = csv.Sniffer().sniff(first_line + "\n", delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise ImportRefused(f"Tệp '{filename}' rỗng.") from exc
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"Tệp '{filename}' không phải văn bản UTF-8.") from exc
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ImportRefused(f"Tệp '{filename}': dòng đầu tiên phải là dòng tiêu đề cột.")
    width = len(headers)

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        try:
            for cells in reader:
                if len(cells) != width:
                    if not any(c.strip() for c in cells):
                        continue
                    if len(cells) > width and any(c.strip() for c in cells[width:]):
                        raise ImportRefused(
                            f"Dòng {reader.line_num}: có {len(cells)} ô nhưng chỉ có {width} cột tiêu đề.",
                            row=reader.line_num,
                        )
                yield reader.line_num, cells
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                f"Tệp '{filename}': dòng {reader.line_num + 1} không phải văn bản UTF-8."
            ) from exc
        except csv.Error as exc:
            raise ImportRefused(
                f"Tệp '{filename}', dòng {reader.line_num}: lỗi định dạng CSV ({exc})."
            ) from exc

    return headers, rows()


def sha256_of(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


# --- units -----------------------------------------------------------------------------------


class UnitResolver:
    """The unit column: registry codes first, then names and aliases (any case, diacritics)."""

    def __init__(self) -> None:
        self._by_code: dict[str, int] = {}
        self._by_name: dict[str, int] = {}
        for unit in Unit.objects.all().only("pk", "code", "name", "aliases"):
            self._by_code[unit.code.lower()] = unit.pk
            for name in unit.names():
                self._by_name.setdefault(fold(name), unit.pk)
        self._seen: dict[str, int | None] = {}

    def __call__(self, text: str) -> int | None:
        try:
            return self._seen[text]
        except KeyError:
            pass
        found = self._by_code.get(text.strip().lower()) or self._by_name.get(fold(text))
        self._seen[text] = found
        return found


# --- writing ---------------------------------------------------------------------------------


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


class _SqliteWriter:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.batch: list[tuple[Any, ...]] = []
        marks = ", ".join(["%s"] * len(_STAGING_COLUMNS))
        self.sql = f"INSERT INTO dossier_staging ({', '.join(_STAGING_COLUMNS)}) VALUES ({marks})"

    @staticmethod
    def _utc(moment: datetime | None) -> str | None:
        return None if moment is None else str(moment - UTC_OFFSET)

    def write(self, row: tuple[Any, ...]) -> None:
        utc = self._utc
        self.batch.append((*row[:4], utc(row[4]), utc(row[5]), utc(row[6]), *row[7:]))
        if len(self.batch) >= SQLITE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.cursor.executemany(self.sql, self.batch)
            self.batch = []


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_TEXT = {True: "t", False: "f", None: "\\N"}


def _text(value: str) -> str:
    """A string as a field of COPY's text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


class _CopyWriter:
    """Rows as lines of COPY's text format, sent in blocks: formatting in plain Python here is
    several times faster than a generic ``write_row`` for a million rows."""

    BLOCK = 4000

    def __init__(self, copy: Any) -> None:
        self.copy = copy
        self.lines: list[str] = []

    def write(self, row: tuple[Any, ...]) -> None:
        line, code, unit_id, procedure, received, due, finished, supplements, channel = row[:9]
        text = _TEXT
        flags = "\t".join([text[v] for v in row[9:17]])
        rating = row[17]
        self.lines.append(
            f"{line}\t{_text(code)}\t{unit_id}\t{_text(procedure)}\t{received.isoformat()}\t"
            f"{due.isoformat() if due is not None else '\\N'}\t"
            f"{finished.isoformat() if finished is not None else '\\N'}\t"
            f"{supplements}\t{channel}\t{flags}\t{rating if rating is not None else '\\N'}\n"
        )
        if len(self.lines) >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.copy.write("".join(self.lines))
            self.lines = []


def _stream_rows(
    rows: Iterator[tuple[int, Sequence[Any]]],
    parser: RowParser,
    units: UnitResolver,
    write: Callable[[tuple[Any, ...]], None],
    progress: Callable[[int], None] | None = None,
) -> tuple[int, list[str], int, dict[str, list[int]], dict[str, int]]:
    """Check every row; write clean rows while the file is still clean.

    Returns (rows read, listed errors, number of bad rows, unknown unit -> first rows,
    unknown unit -> number of rows)."""
    errors: list[str] = []
    bad_rows = 0
    unknown_rows: dict[str, list[int]] = defaultdict(list)
    unknown_counts: dict[str, int] = defaultdict(int)
    clean = True
    count = 0
    values_of = parser.values
    for number, cells in rows:
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        try:
            values = values_of(cells, number)
        except RowError as error:
            bad_rows += 1
            clean = False
            if len(errors) < MAX_LISTED_ERRORS:
                errors.append(error.message_vi)
            continue
        unit_id = units(values[1])  # type: ignore[arg-type]
        if unit_id is None:
            clean = False
            unit_text = str(values[1])
            unknown_counts[unit_text] += 1
            if len(unknown_rows[unit_text]) < ROWS_PER_UNIT_SHOWN:
                unknown_rows[unit_text].append(number)
            continue
        if clean:
            write((number, values[0], unit_id, *values[2:]))
    return count, errors, bad_rows, unknown_rows, unknown_counts


def _unknown_unit_messages(rows: Mapping[str, list[int]], counts: Mapping[str, int]) -> list[str]:
    messages = []
    for text, numbers in sorted(rows.items(), key=lambda item: min(item[1])):
        shown = ", ".join(str(n) for n in numbers)
        more = f" … (tổng {counts[text]} dòng)" if counts[text] > len(numbers) else ""
        messages.append(
            f"Đơn vị '{text}' không có trong danh mục đơn vị (không khớp mã, tên hay tên gọi khác): "
            f"dòng {shown}{more}."
        )
    return messages


def _duplicate_messages(cursor: Any) -> list[str]:
    aggregate = (
        "string_agg(line::text, ', ' ORDER BY line)"
        if _is_postgres()
        else "group_concat(line, ', ')"
    )
    cursor.execute(
        f"SELECT code, {aggregate}, COUNT(*) FROM dossier_staging GROUP BY code HAVING COUNT(*) > 1 "
        "ORDER BY MIN(line) LIMIT %s",
        [MAX_LISTED_ERRORS],
    )
    return [
        f"Mã hồ sơ '{code}' xuất hiện {n} lần trong tệp: dòng {lines}."
        for code, lines, n in cursor.fetchall()
    ]


def _merge(cursor: Any, batch_id: int) -> tuple[int, int]:
    """Staging -> dossiers, on the dossier code. Returns (created, updated)."""
    table = Dossier._meta.db_table
    columns = [*_DOSSIER_COLUMNS, "batch_id", "line"]
    if _is_postgres():
        zone = "'Asia/Ho_Chi_Minh'"
        source = {c: f"s.{c}" for c in _STAGING_COLUMNS}
        for c in ("received", "due", "finished"):
            source[c] = f"s.{c} AT TIME ZONE {zone}"
        source["batch_id"] = "%s"
        assignments = ", ".join(f"{c} = {source[c]}" for c in columns if c != "code")
        cursor.execute(
            f"UPDATE {table} AS d SET {assignments} FROM dossier_staging AS s WHERE d.code = s.code",
            [batch_id],
        )
        updated = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(source[c] for c in columns)} FROM dossier_staging AS s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS d WHERE d.code = s.code)",
            [batch_id],
        )
        return cursor.rowcount, updated
    cursor.execute(
        f"SELECT COUNT(*) FROM dossier_staging AS s JOIN {table} AS d ON d.code = s.code"
    )
    updated = cursor.fetchone()[0]
    source_columns = [c if c != "batch_id" else "%s" for c in columns]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "code")
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(source_columns)} FROM dossier_staging WHERE true "
        f"ON CONFLICT (code) DO UPDATE SET {updates}",
        [batch_id],
    )
    cursor.execute("SELECT COUNT(*) FROM dossier_staging")
    total = cursor.fetchone()[0]
    return total - updated, updated


# --- the import ------------------------------------------------------------------------------


def _registry_spellings() -> list[str]:
    """The unit texts the SQL path matches as written: codes (any case as registered, upper)
    and names and aliases as registered. Any other spelling is resolved by ``UnitResolver``."""
    keys: list[str] = []
    for unit in Unit.objects.all().only("code", "name", "aliases"):
        keys += [unit.code, unit.code.upper(), *unit.names()]
    return keys


def _import_in_sql(
    stream: BinaryIO,
    filename: str,
    user: Any,
    mapping: Mapping[str, str | None] | None,
    started: float,
) -> ImportResult | None:
    """A CSV on PostgreSQL, checked and converted in SQL (``pgload``); None when the file is
    one for the Python path (an XLSX, or a CSV that is not one record per line)."""
    head = stream.read(8192)
    stream.seek(0)
    if not head or sniff_kind(head) != "csv":
        return None
    actor = current_actor()
    if user is None and getattr(actor.user, "is_authenticated", False):
        user = actor.user
    batch: DossierImport | None = None

    def create_batch(digest: str) -> int:
        nonlocal batch
        batch = DossierImport.objects.create(
            file_name=filename[:255],
            sha256=digest,
            imported_by=user if getattr(user, "is_authenticated", False) else None,
            imported_by_label=(user.get_username() if user is not None else actor.label)[:150],
        )
        return batch.pk

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Dossier._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
            outcome = try_fast_import(
                stream,
                filename,
                mapping,
                create_batch,
                UnitResolver(),
                _registry_spellings(),
                MAX_LISTED_ERRORS,
                _unknown_unit_messages,
            )
            if outcome is None:
                stream.seek(0)
                return None
            if outcome.problems:
                raise ImportRefused(outcome.problems)
            assert batch is not None
            seconds = time.perf_counter() - started
            batch.rows, batch.created, batch.updated, batch.seconds = (
                outcome.rows,
                outcome.created,
                outcome.updated,
                seconds,
            )
            batch.save(update_fields=["rows", "created", "updated", "seconds"])
            record_event(
                f"Nhập hồ sơ TTHC từ tệp '{filename}': {outcome.rows} dòng, "
                f"{outcome.created} hồ sơ mới, {outcome.updated} hồ sơ cập nhật.",
                batch,
            )
    except HeaderError as problem:
        raise ImportRefused([str(problem)]) from problem
    columns = match_columns(outcome.headers, mapping)
    return ImportResult(
        batch=batch,
        rows=outcome.rows,
        created=outcome.created,
        updated=outcome.updated,
        ignored_columns=columns.ignored,
        missing_columns=columns.missing_optional,
        seconds=seconds,
    )


def import_dossiers(
    stream: BinaryIO | IO[bytes],
    filename: str,
    *,
    user: Any = None,
    mapping: Mapping[str, str | None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one export file. Raises ``ImportRefused`` (nothing changed) or returns counts.

    ``mapping`` is a complete header map (``headers.header_map`` / ``load_header_map``, for a
    province whose export names its columns differently); by default the built-in one.
    """
    started = time.perf_counter()
    if _is_postgres():
        fast = _import_in_sql(stream, filename, user, mapping, started)  # type: ignore[arg-type]
        if fast is not None:
            return fast
    digest = sha256_of(stream)  # type: ignore[arg-type]
    try:
        headers, rows = read_table(stream, filename)  # type: ignore[arg-type]
        columns = match_columns(headers, mapping)
    except HeaderError as problem:
        raise ImportRefused([str(problem)]) from problem
    parser = RowParser(columns, headers)
    units = UnitResolver()
    actor = current_actor()
    if user is None and getattr(actor.user, "is_authenticated", False):
        user = actor.user
    try:
        staged = None
        if not _is_postgres():
            # Read and check the file into a temporary table before the transaction: SQLite's
            # write lock is then held for the merge only, so logins and saves elsewhere are not
            # refused with "database is locked" while a big file is read. (A temporary table
            # is outside the database file: a crash here leaves nothing.)
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS temp.dossier_staging")
                cursor.execute(_SQLITE_STAGING)
                writer = _SqliteWriter(cursor)
                staged = _stream_rows(rows, parser, units, writer.write, progress)
                writer.flush()
        with transaction.atomic():
            batch = DossierImport.objects.create(
                file_name=filename[:255],
                sha256=digest,
                imported_by=user if getattr(user, "is_authenticated", False) else None,
                imported_by_label=(user.get_username() if user is not None else actor.label)[:150],
            )
            with connection.cursor() as cursor:
                if _is_postgres():
                    # Imports one at a time; readers are not blocked.
                    cursor.execute(
                        f"LOCK TABLE {Dossier._meta.db_table} IN SHARE ROW EXCLUSIVE MODE"
                    )
                    cursor.execute("DROP TABLE IF EXISTS pg_temp.dossier_staging")
                    cursor.execute(_PG_STAGING)
                    copy_sql = f"COPY dossier_staging ({', '.join(_STAGING_COLUMNS)}) FROM STDIN"
                    with cursor.cursor.copy(copy_sql) as copy:
                        copier = _CopyWriter(copy)
                        outcome = _stream_rows(rows, parser, units, copier.write, progress)
                        copier.flush()
                else:
                    assert staged is not None
                    outcome = staged
                count, errors, bad_rows, unknown_rows, unknown_counts = outcome
                problems = list(errors)
                if bad_rows > len(errors):
                    problems.append(f"… và {bad_rows - len(errors)} dòng lỗi khác.")
                problems += _unknown_unit_messages(unknown_rows, unknown_counts)
                if not problems and count == 0:
                    problems.append(f"Tệp '{filename}' không có dòng hồ sơ nào.")
                if not problems:
                    problems = _duplicate_messages(cursor)
                if problems:
                    raise ImportRefused(problems)
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {Dossier._meta.db_table})")
                first_import = not cursor.fetchone()[0]
                if not first_import:
                    daily.start(cursor)
                    daily.remember(cursor, "SELECT code FROM dossier_staging")
                created, updated = _merge(cursor, batch.pk)
                if first_import:
                    daily.rebuild(cursor)
                else:
                    daily.refresh(cursor, batch.pk)
                cursor.execute("DROP TABLE dossier_staging")
            seconds = time.perf_counter() - started
            batch.rows, batch.created, batch.updated, batch.seconds = (
                count,
                created,
                updated,
                seconds,
            )
            batch.save(update_fields=["rows", "created", "updated", "seconds"])
            record_event(
                f"Nhập hồ sơ TTHC từ tệp '{filename}': {count} dòng, {created} hồ sơ mới, "
                f"{updated} hồ sơ cập nhật.",
                batch,
            )
    finally:
        if not _is_postgres():
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS temp.dossier_staging")
    return ImportResult(
        batch=batch,
        rows=count,
        created=created,
        updated=updated,
        ignored_columns=columns.ignored,
        missing_columns=columns.missing_optional,
        seconds=seconds,
    )
