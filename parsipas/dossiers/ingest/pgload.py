"""The PostgreSQL fast path of the dossier import: the CSV's bytes into SQL, checked in SQL.

``loader.import_dossiers`` calls ``try_fast_import`` for a CSV on PostgreSQL. The file's bytes
after the header row go unchanged into a temporary table of text columns with ``COPY ... (FORMAT
csv)`` (no Python per row); a generated column numbers the lines. One statement then checks
and converts every row in SQL and writes the dossiers:

- dates in the usual forms (``dd/mm/yyyy``, ``dd/mm/yyyy HH:MM[:SS]``, ISO ``yyyy-mm-dd[ T]HH:MM[:SS]``)
  are cast, and a row counts as "usual" only if the cast value prints back as the very text of
  the cell: any other spelling (one-digit day, seconds 60, 24:00, a time zone, spaces) is left
  to Python;
- yes/no flags, channels and small whole numbers are matched against spellings whose values
  are computed by the Python rules themselves (``parse_bool``, ``parse_channel``,
  ``parse_count``), so SQL cannot disagree with them;
- units by a join to the registry's codes, names and aliases as written (resolved by
  ``UnitResolver``);
- a dossier code twice in the file makes ``ON CONFLICT`` (or the unique constraint) fail.

If every row was usual, the import is done: one pass over the staging table. Otherwise (a bad
cell, an unusual spelling, an unknown unit, a repeated code, a cast that failed) the statement
is rolled back to a savepoint and the careful path runs: SQL converts the usual rows with guarded
casts that cannot fail, the other rows (only those) are fetched with their line numbers and go
through ``RowParser`` — same values and same Vietnamese messages as the Python import — and the
problems are listed exactly as ``loader`` lists them, or the rows are written.

The file is not taken on this path (``None`` is returned and the caller reads it in Python) when
it is not a simple one-record-per-line CSV: a double quote anywhere, a header that is not a plain
first line, ``\\.``, or anything ``COPY`` refuses (bad UTF-8, a short or long line, a blank line).

Two paths, one set of rules: this fast path and the plain streaming loader (``loader.py``),
kept both because the plain loader alone cannot hold the import within its bound to a plain
COPY. **A rule that changes here changes in ``loader.py``/``headers.py`` too**;
``tests/test_sql_import.py`` and ``tests/test_daily.py`` run every rule through both paths.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.db import connection, transaction

from parsipas.dossiers import daily
from parsipas.dossiers.ingest.headers import (
    _BOOLEAN_FIELDS,
    _CHANNELS,
    RowError,
    RowParser,
    match_columns,
    parse_bool,
    parse_channel,
    parse_count,
)
from parsipas.dossiers.models import Dossier

BLOCK = 1 << 20
# An empty dossier table and at least this many rows: drop its secondary indexes and build
# them again after the insert (a sort) rather than maintaining them row by row. Readers of the
# (empty) table wait for the import's end meanwhile.
REBUILD_INDEXES_MIN_ROWS = 50_000
ZONE = "Asia/Ho_Chi_Minh"
# What Python's str.strip() removes, every character of it.
_PY_WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
# Whitespace other than the space and the line end: if a file has none, PostgreSQL's btrim()
# (spaces only) strips a cell exactly as Python does. As UTF-8 byte strings.
_EXOTIC_WHITESPACE = tuple(ch.encode() for ch in _PY_WHITESPACE if ch not in " \n\r")

# The written target columns, in this order.
TARGET_COLUMNS = (
    "code", "unit_id", "procedure_code", "received", "due", "finished", "supplement_requests",
    "channel", *_BOOLEAN_FIELDS, "rating", "line",
)  # fmt: skip
_TYPED_TABLE = f"""
CREATE TEMPORARY TABLE dossier_typed (
    line bigint, code text, unit_id bigint, unit_label text, procedure_code text,
    received timestamptz, due timestamptz, finished timestamptz, supplement_requests integer,
    channel text, {", ".join(f"{name} boolean" for name in _BOOLEAN_FIELDS)}, rating integer
) ON COMMIT DROP
"""


class FastPathRefused(Exception):
    """This file is not for the SQL path: read it in Python (nothing was written)."""


@dataclass
class FastOutcome:
    """What the SQL path did: either ``problems`` (the caller refuses the file) or counts."""

    sha256: str
    headers: list[str]
    rows: int
    created: int = 0
    updated: int = 0
    problems: list[str] | None = None


# --- SQL expressions -------------------------------------------------------------------------


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _case_of_spellings(cell: str, values: Mapping[str, str]) -> str:
    branches = " ".join(f"WHEN {_quote(k)} THEN {v}" for k, v in values.items())
    return f"CASE {cell} {branches} END"


def _bool_spellings() -> dict[str, str]:
    words = ["0", "1", "", "x", "X", "-", "có", "Có", "CÓ", "không", "Không", "KHÔNG", "co",
             "khong", "true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "Yes", "No",
             "YES", "NO", "y", "n", "Y", "N", "đúng", "sai", "Đúng", "Sai"]  # fmt: skip
    return {w: "true" if parse_bool(w) else "false" for w in words}


def _channel_spellings() -> dict[str, str]:
    words = ["Trực tuyến", "Trực tiếp", "Bưu chính", "trực tuyến", "trực tiếp", "bưu chính",
             "TRỰC TUYẾN", "TRỰC TIẾP", "BƯU CHÍNH", "Bưu chính công ích", "bưu chính công ích",
             "Online", "Direct", "Postal", "Post", "In person", "BCCI"]  # fmt: skip
    words += list(_CHANNELS)
    return {w: _quote(parse_channel(w)) for w in dict.fromkeys(words)}


def _count_spellings(limit: int, empty: str) -> dict[str, str]:
    values = {str(n): str(parse_count(str(n))) for n in range(limit)}
    values[""] = empty
    return values


# Each date layout: (LIKE pattern, anchored regex for the careful path, positions of day,
# month, year, hour, minute, second in the text (1-based, 0 = absent), how the cell reads
# once rearranged as ``dd/mm/yyyy HH:MM:SS``).
@dataclass(frozen=True)
class _Layout:
    like: str
    regex: str
    day: int
    month: int
    year: int
    hour: int = 0

    def printed(self, cell: str) -> str:
        """The SQL text the cast value must print as (DateStyle SQL, DMY)."""
        if self.day == 1:  # already day first
            if self.hour == 0:
                return f"{cell} || ' 00:00:00 +07'"
            return f"{cell} || {_quote(':00 +07' if len(self.like) == 16 else ' +07')}"
        date = f"substr({cell}, 9, 2) || '/' || substr({cell}, 6, 2) || '/' || left({cell}, 4)"
        if self.hour == 0:
            return f"{date} || ' 00:00:00 +07'"
        tail = "':00 +07'" if len(self.like) == 16 else "' +07'"
        return f"{date} || ' ' || substr({cell}, 12, {len(self.like) - 11}) || {tail}"


_D2 = "[0-9]{2}"
_LAYOUTS = (
    _Layout("__/__/____ __:__:__", f"^{_D2}/{_D2}/[0-9]{{4}} {_D2}:{_D2}:{_D2}$", 1, 4, 7, 12),
    _Layout("__/__/____", f"^{_D2}/{_D2}/[0-9]{{4}}$", 1, 4, 7),
    _Layout("__/__/____ __:__", f"^{_D2}/{_D2}/[0-9]{{4}} {_D2}:{_D2}$", 1, 4, 7, 12),
    _Layout("____-__-__ __:__:__", f"^[0-9]{{4}}-{_D2}-{_D2} {_D2}:{_D2}:{_D2}$", 9, 6, 1, 12),
    _Layout("____-__-__T__:__:__", f"^[0-9]{{4}}-{_D2}-{_D2}T{_D2}:{_D2}:{_D2}$", 9, 6, 1, 12),
    _Layout("____-__-__", f"^[0-9]{{4}}-{_D2}-{_D2}$", 9, 6, 1),
    _Layout("____-__-__ __:__", f"^[0-9]{{4}}-{_D2}-{_D2} {_D2}:{_D2}$", 9, 6, 1, 12),
    _Layout("____-__-__T__:__", f"^[0-9]{{4}}-{_D2}-{_D2}T{_D2}:{_D2}$", 9, 6, 1, 12),
)


def _castable(cell: str, layout: _Layout) -> str:
    """For the careful path: the digits are in range, so the cast cannot fail."""
    part = lambda at, n=2: f"substr({cell}, {at}, {n})::int"  # noqa: E731
    year, month, day = part(layout.year, 4), part(layout.month), part(layout.day)
    checks = [
        f"{cell} ~ {_quote(layout.regex)}",
        f"{year} >= 1",
        f"{month} BETWEEN 1 AND 12",
        f"{day} BETWEEN 1 AND extract(day FROM make_date({year}, {month}, 1) "
        "+ interval '1 month - 1 day')",
    ]
    if layout.hour:
        checks.append(f"{part(layout.hour)} <= 23 AND {part(layout.hour + 3)} <= 59")
        if len(layout.like) == 19:
            checks.append(f"{part(layout.hour + 6)} <= 59")
    return " AND ".join(checks)


def _date_value(cell: str, safe: bool) -> str:
    """The cell as timestamptz (session zone Asia/Ho_Chi_Minh), NULL if in no usual layout."""
    branches = []
    for layout in _LAYOUTS:
        test = f"{cell} LIKE {_quote(layout.like)}"
        if safe:
            test += f" AND {_castable(cell, layout)}"
        branches.append(f"WHEN {test} THEN {cell}::timestamptz")
    return f"CASE {' '.join(branches)} END"


def _date_printed(cell: str) -> str:
    """What the cast value of the cell must print as, for the cell to be in a usual form."""
    branches = [
        f"WHEN {cell} LIKE {_quote(layout.like)} THEN {layout.printed(cell)}" for layout in _LAYOUTS
    ]
    return f"CASE {' '.join(branches)} END"


def _stripped(positions: list[int | None], index: int, exotic: bool) -> str:
    """SQL: a field's cell of ``dossier_raw`` stripped as Python's str.strip() does."""
    position = positions[index]
    cell = "''::text" if position is None else f"r.c{position}"
    extra = f", {_quote(_PY_WHITESPACE)}" if exotic else ""
    return f"btrim({cell}{extra})"


def codes_sql(positions: list[int | None], *, exotic: bool) -> str:
    """A SELECT of the file's dossier codes as the conversion reads them."""
    return f"SELECT {_stripped(positions, 0, exotic)} FROM dossier_raw AS r"


def conversion_sql(positions: list[int | None], *, exotic: bool, safe: bool) -> str:
    """A SELECT over the staging table ``dossier_raw`` of (line, code, unit_text,
    procedure_code, received, due, finished, supplement_requests, channel, the flags, rating,
    usual): the row's values as SQL reads them and whether the row is in the usual forms (then
    the values are those of ``RowParser``). ``positions`` is ``RowParser.positions`` (field ->
    column of the file). ``safe``: casts guarded so that no cell can make the query fail."""

    def cell(index: int) -> str:
        position = positions[index]
        return "''::text" if position is None else f"r.c{position}"

    def stripped(index: int) -> str:
        return _stripped(positions, index, exotic)

    bools = _bool_spellings()
    inner = ",\n  ".join(
        [
            "r.line",
            f"{stripped(0)} AS code",
            f"{cell(1)} AS unit_text",
            f"{stripped(2)} AS procedure_code",
            f"{cell(3)} AS received_text",
            f"{cell(4)} AS due_text",
            f"{cell(5)} AS finished_text",
            f"{_date_value(cell(3), safe)} AS received",
            f"{_date_value(cell(4), safe)} AS due",
            f"{_date_value(cell(5), safe)} AS finished",
            f"{_case_of_spellings(cell(6), _count_spellings(20, '0'))} AS supplement_requests",
            f"{_case_of_spellings(cell(7), _channel_spellings())} AS channel",
            *(
                f"{_case_of_spellings(cell(8 + i), bools)} AS {name}"
                for i, name in enumerate(_BOOLEAN_FIELDS)
            ),
            f"{_case_of_spellings(cell(16), _count_spellings(11, '-1'))} AS rating",
        ]
    )
    due_kept = (
        "CASE WHEN s.due::time = time '00:00' "
        "THEN s.due + interval '1 day' - interval '1 microsecond' ELSE s.due END"
    )
    usual = " AND ".join(
        [
            "s.code <> ''",
            "s.procedure_code <> ''",
            f"s.received::text = {_date_printed('s.received_text')}",
            f"(s.due_text = '' OR s.due::text = {_date_printed('s.due_text')})",
            f"(s.finished_text = '' OR s.finished::text = {_date_printed('s.finished_text')})",
            f"coalesce({due_kept}, s.received) >= s.received",
            "coalesce(s.finished, s.received) >= s.received",
            "s.supplement_requests IS NOT NULL",
            "s.channel IS NOT NULL",
            *(f"s.{name} IS NOT NULL" for name in _BOOLEAN_FIELDS),
            "s.rating IS NOT NULL",
        ]
    )
    return f"""
SELECT s.line, s.code, s.unit_text, s.procedure_code, s.received, {due_kept} AS due, s.finished,
       s.supplement_requests, s.channel, {", ".join(f"s.{n}" for n in _BOOLEAN_FIELDS)},
       NULLIF(s.rating, -1) AS rating, coalesce({usual}, false) AS usual
FROM (SELECT {inner} FROM dossier_raw AS r OFFSET 0) AS s"""


# --- the import ------------------------------------------------------------------------------


def _header(first_line: bytes) -> tuple[list[str], int, str] | None:
    """(headers as ``loader._read_csv`` reads them, number of cells, delimiter), or None."""
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    line = text[:-1] if text.endswith("\r") else text
    if '"' in text or "\r" in line or "\\" in text:
        return None
    try:  # as loader._read_csv guesses it
        delimiter = csv.Sniffer().sniff(text + "\n", delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    cells = next(csv.reader([line], delimiter=delimiter), [])
    headers = [h.strip() for h in cells]
    width = len(headers)
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers) or width != len(headers):
        return None
    return headers, width, delimiter


class _Streamer:
    """The file's blocks to COPY, hashed on the way, refusing what only Python reads right."""

    def __init__(self, stream: IO[bytes], delimiter: str) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.lines = 0
        self.exotic = False
        self.last = b"\n"
        self.tail = b""
        checked = [w for w in _EXOTIC_WHITESPACE if w.decode() != delimiter]
        self.single = [w for w in checked if len(w) == 1]
        self.multi = [w for w in checked if len(w) > 1]

    def blocks(self, first: bytes) -> Any:
        block = first
        while block:
            if (
                b'"' in block
                or b"\\." in block
                or b"\x00" in block
                or (self.last == b"\\" and block.startswith(b"."))
            ):
                raise FastPathRefused
            if not self.exotic:
                joined = self.tail + block[:4]
                self.exotic = any(w in block for w in self.single) or any(
                    w in block or w in joined for w in self.multi
                )
            self.tail = block[-4:]
            self.lines += block.count(b"\n")
            self.last = block[-1:]
            yield block
            block = self.stream.read(BLOCK)
            if block:
                self.digest.update(block)


def try_fast_import(
    stream: IO[bytes],
    filename: str,
    mapping: Mapping[str, str | None] | None,
    batch_id_of: Callable[[str], int],
    resolver: Callable[[str], int | None],
    unit_keys: list[str],
    max_listed: int,
    unknown_messages: Callable[[Mapping[str, list[int]], Mapping[str, int]], list[str]],
) -> FastOutcome | None:
    """Import a CSV in SQL inside the caller's transaction; None to read it in Python instead
    (nothing written). ``batch_id_of(sha256)`` creates the batch row; header problems
    (``HeaderError``) propagate as in the Python path."""
    stream.seek(0)
    first = stream.read(BLOCK)
    if not first:
        return None
    head, newline, rest = first.partition(b"\n")
    parsed = _header(head) if newline else None
    if parsed is None:
        return None
    headers, width, delimiter = parsed
    columns = match_columns(headers, mapping)
    parser = RowParser(columns, headers)
    digest_start = hashlib.sha256(first)
    streamer = _Streamer(stream, delimiter)
    streamer.digest = digest_start
    names = [f"c{i}" for i in range(width)]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            raw.execute("DROP TABLE IF EXISTS pg_temp.dossier_raw")
            raw.execute(
                "CREATE TEMPORARY TABLE dossier_raw (line bigint GENERATED BY DEFAULT AS "
                f"IDENTITY (START 2), {', '.join(f'{n} text' for n in names)}) ON COMMIT DROP"
            )
            options = (
                f"FORMAT csv, DELIMITER {_quote(delimiter)}, FORCE_NOT_NULL ({', '.join(names)})"
            )
            with raw.copy(
                f"COPY dossier_raw ({', '.join(names)}) FROM STDIN WITH ({options})"
            ) as copy:
                for block in streamer.blocks(rest):
                    copy.write(block)
            rows = raw.rowcount
            lines = streamer.lines + (0 if streamer.last == b"\n" else 1)
            if rows <= 0 or rows != lines:
                raise FastPathRefused
    except FastPathRefused:
        return None
    except Exception as error:  # COPY refused the text (encoding, width, blank line...)
        if _is_copy_refusal(error):
            return None
        raise
    sha256 = streamer.digest.hexdigest()
    batch_id = batch_id_of(sha256)
    outcome = FastOutcome(sha256=sha256, headers=headers, rows=rows)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        saved = raw.execute(
            "SELECT current_setting('DateStyle'), current_setting('TimeZone'), "
            "current_setting('enable_nestloop')"
        ).fetchone()
        raw.execute(f"SET LOCAL DateStyle = 'SQL, DMY'; SET LOCAL TimeZone = {_quote(ZONE)}")
        try:
            _unit_map(raw, unit_keys, resolver)
            raw.execute("SET LOCAL enable_nestloop = off")
            done = _quick(raw, parser.positions, streamer.exotic, batch_id, rows)
            if done is None:
                careful = _careful(
                    raw, parser, width, streamer.exotic, batch_id, rows, resolver, max_listed,
                    unknown_messages,
                )  # fmt: skip
                if isinstance(careful, list):
                    outcome.problems = careful
                    return outcome
                done = careful
            outcome.created, outcome.updated = done
        finally:
            raw.execute(
                "SELECT set_config('DateStyle', %s, true), set_config('TimeZone', %s, true), "
                "set_config('enable_nestloop', %s, true)",
                saved,
            )
            raw.execute("DROP TABLE IF EXISTS pg_temp.dossier_raw")
    return outcome


def _is_copy_refusal(error: Exception) -> bool:
    import psycopg

    return isinstance(error, psycopg.errors.DataError | psycopg.errors.BadCopyFileFormat) or (
        isinstance(error, psycopg.Error)
        and getattr(error, "sqlstate", "") in {"22P04", "22021", "22P05", "08P01"}
    )


def _unit_map(raw: Any, keys: list[str], resolver: Callable[[str], int | None]) -> None:
    """unit text as written -> unit id (NULL: unknown) and the text as the messages show it."""
    raw.execute("DROP TABLE IF EXISTS pg_temp.dossier_units")
    raw.execute(
        "CREATE TEMPORARY TABLE dossier_units (unit_text text PRIMARY KEY, unit_id bigint, "
        "label text) ON COMMIT DROP"
    )
    with raw.copy("COPY dossier_units FROM STDIN") as copy:
        for key in dict.fromkeys(keys):
            unit_id = resolver(key)
            if unit_id is not None:
                copy.write_row((key, unit_id, key.strip()))
    raw.execute("ANALYZE dossier_units")


def _write(raw: Any, source: str, codes: str, batch_id: int, rows: int) -> tuple[int, int]:
    """Rows of ``source`` (TARGET_COLUMNS) into the dossiers, upsert on the code, and the day
    counts of the touched days (``daily``; ``codes`` selects the file's dossier codes). Raises
    a database error if a code repeats (rolled back by the caller's savepoint)."""
    table = Dossier._meta.db_table
    columns = ", ".join([*TARGET_COLUMNS, "batch_id"])
    select = f"SELECT {', '.join(TARGET_COLUMNS)}, {int(batch_id)} FROM ({source}) AS src"
    raw.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
    empty = not raw.fetchone()[0]
    if empty and rows >= REBUILD_INDEXES_MIN_ROWS:
        rebuild = _drop_secondary_indexes(raw, table)
        # Server memory for the sorts of the index builds, this transaction only.
        raw.execute("SET LOCAL maintenance_work_mem = '256MB'")
        raw.execute(f"INSERT INTO {table} ({columns}) {select}")
        created = raw.rowcount
        if created != rows:
            raise FastPathRefused
        for statement in rebuild:
            raw.execute(statement)
        daily.rebuild(raw)
        return created, 0
    if not empty:
        daily.start(raw)
        daily.remember(raw, codes)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*TARGET_COLUMNS, "batch_id"] if c != "code")
    raw.execute(
        f"WITH written AS (INSERT INTO {table} ({columns}) {select} "
        f"ON CONFLICT (code) DO UPDATE SET {updates} RETURNING xmax = 0 AS created) "
        "SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM written"
    )
    created, updated = raw.fetchone()
    if created + updated != rows:
        raise FastPathRefused
    if empty:
        daily.rebuild(raw)
    else:
        daily.refresh(raw, batch_id)
    return created, updated


def _drop_secondary_indexes(raw: Any, table: str) -> list[str]:
    """Drop every index but the primary key (unique constraints too); the statements that
    build them again, unique ones first (they find a repeated code)."""
    raw.execute(
        "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint AS c "
        "WHERE c.conrelid = %s::regclass AND c.contype = 'u'",
        [table],
    )
    constraints = raw.fetchall()
    raw.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index AS i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)",
        [table],
    )
    indexes = raw.fetchall()
    rebuild = []
    for name, definition in constraints:
        raw.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, definition in indexes:
        raw.execute(f"DROP INDEX {name}")
        rebuild.append(definition)
    return rebuild


def _quick(
    raw: Any, positions: list[int | None], exotic: bool, batch_id: int, rows: int
) -> tuple[int, int] | None:
    """Every row usual, every unit known, every code once: the dossiers written, in one
    statement. Otherwise None and nothing written."""
    conversion = conversion_sql(positions, exotic=exotic, safe=False)
    source = (
        f"SELECT c.*, u.unit_id FROM ({conversion}) AS c "
        "JOIN dossier_units AS u ON u.unit_text = c.unit_text WHERE c.usual"
    )
    import psycopg

    code = codes_sql(positions, exotic=exotic)
    try:
        with transaction.atomic():
            created, updated = _write(raw, source, code, batch_id, rows)
    except (FastPathRefused, psycopg.errors.DataError, psycopg.errors.IntegrityError,
            psycopg.errors.CardinalityViolation):  # fmt: skip
        return None
    return created, updated


def _careful(
    raw: Any,
    parser: RowParser,
    width: int,
    exotic: bool,
    batch_id: int,
    rows: int,
    resolver: Callable[[str], int | None],
    max_listed: int,
    unknown_messages: Callable[[Mapping[str, list[int]], Mapping[str, int]], list[str]],
) -> tuple[int, int] | list[str]:
    """Usual rows converted in SQL (casts that cannot fail), the others by ``RowParser``; the
    problems as ``loader`` lists them, or the dossiers written."""
    # Units not yet in the map: resolved in Python, once per distinct text.
    unit_column = parser.positions[1]
    raw.execute(
        f"SELECT DISTINCT r.c{unit_column} FROM dossier_raw AS r WHERE NOT EXISTS "
        f"(SELECT 1 FROM dossier_units AS u WHERE u.unit_text = r.c{unit_column})"
    )
    new_texts = [text for (text,) in raw.fetchall()]
    with raw.copy("COPY dossier_units FROM STDIN") as copy:
        for text in new_texts:
            copy.write_row((text, resolver(text), text.strip()))
    raw.execute("ANALYZE dossier_raw")
    raw.execute("DROP TABLE IF EXISTS pg_temp.dossier_typed")
    raw.execute(_TYPED_TABLE)
    conversion = conversion_sql(parser.positions, exotic=exotic, safe=True)
    typed_columns = ("line", "code", "unit_id", "unit_label", "procedure_code", "received", "due",
                     "finished", "supplement_requests", "channel", *_BOOLEAN_FIELDS, "rating")  # fmt: skip
    source_columns = ", ".join(
        {"unit_id": "u.unit_id", "unit_label": "u.label"}.get(c, f"c.{c}") for c in typed_columns
    )
    raw.execute(
        f"INSERT INTO dossier_typed ({', '.join(typed_columns)}) SELECT {source_columns} "
        f"FROM ({conversion}) AS c JOIN dossier_units AS u ON u.unit_text = c.unit_text "
        "WHERE c.usual"
    )
    # The other rows, in line order, through the Python rules.
    errors: list[str] = []
    bad_rows = 0
    cells_sql = ", ".join(f"r.c{i}" for i in range(width))
    fetch = connection.connection.cursor(name="dossier_unusual")
    fetch.itersize = 5000
    fetch.execute(
        f"SELECT r.line, {cells_sql} FROM dossier_raw AS r WHERE NOT EXISTS "
        "(SELECT 1 FROM dossier_typed AS t WHERE t.line = r.line) ORDER BY r.line"
    )
    good: list[tuple[Any, ...]] = []

    def flush() -> None:
        if good:
            with raw.copy(f"COPY dossier_typed ({', '.join(typed_columns)}) FROM STDIN") as copy:
                for row in good:
                    copy.write_row(row)
            good.clear()

    labels: dict[str, str] = {}
    for line, *cells in fetch:
        cells = [c if c is not None else "" for c in cells]
        try:
            values = parser.values(cells, line)
        except RowError as error:
            bad_rows += 1
            if len(errors) < max_listed:
                errors.append(error.message_vi)
            continue
        unit_text = str(values[1])
        labels.setdefault(unit_text, unit_text)
        good.append(
            (
                line,
                values[0],
                resolver(unit_text),
                unit_text,
                values[2],
                *(v.isoformat() if v is not None else None for v in values[3:6]),  # type: ignore[attr-defined]
                *values[6:],
            )  # fmt: skip
        )
        if len(good) >= 5000:
            flush()
    fetch.close()
    flush()
    problems = list(errors)
    if bad_rows > len(errors):
        problems.append(f"… và {bad_rows - len(errors)} dòng lỗi khác.")
    raw.execute(
        "SELECT unit_label, (array_agg(line ORDER BY line))[1:%s], count(*) FROM dossier_typed "
        "WHERE unit_id IS NULL GROUP BY unit_label ORDER BY min(line)",
        [5],
    )
    unknown = raw.fetchall()
    problems += unknown_messages(
        {label: list(lines) for label, lines, _ in unknown},
        {label: n for label, _, n in unknown},
    )
    if not problems:
        raw.execute(
            "SELECT code, string_agg(line::text, ', ' ORDER BY line), COUNT(*) FROM dossier_typed "
            "GROUP BY code HAVING COUNT(*) > 1 ORDER BY MIN(line) LIMIT %s",
            [max_listed],
        )
        problems = [
            f"Mã hồ sơ '{code}' xuất hiện {n} lần trong tệp: dòng {lines}."
            for code, lines, n in raw.fetchall()
        ]
    if problems:
        return problems
    return _write(
        raw, "SELECT * FROM dossier_typed", "SELECT code FROM dossier_typed", batch_id, rows
    )
