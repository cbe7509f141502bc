"""The PostgreSQL import checks and converts cells in SQL: same values and same messages as
the Python rules (``RowParser``), whichever path a row takes."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.db import connection, transaction

from parsipas.dossiers.ingest import pgload
from parsipas.dossiers.ingest.generate import HEADER
from parsipas.dossiers.ingest.headers import RowParser, match_columns
from parsipas.dossiers.ingest.loader import ImportRefused, import_dossiers
from parsipas.dossiers.models import Dossier
from parsipas.dossiers.tests.helpers import csv_bytes

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the SQL path is PostgreSQL's"
)

BASE = {"code": "T-0", "unit": "stp", "received": "02/03/2026 08:00:00", "channel": "Trực tiếp"}
# Cells SQL reads itself (usual) and cells it leaves to Python; all valid.
TRICKY = [
    {"received": "02/03/2026 08:00:00", "due": "05/03/2026 17:00:00", "finished": "04/03/2026 09:00:00"},
    {"received": "02/03/2026", "due": "02/03/2026", "finished": ""},
    {"received": "02/03/2026 08:00", "due": "2026-03-05", "finished": "2026-03-04 10:30"},
    {"received": "2026-03-02T08:00:00", "due": "2026-03-05T17:00", "finished": "2026-03-04 10:30:05"},
    {"received": "2026-03-02T08:00:00+07:00", "due": "2026-03-05T10:00:00Z", "finished": ""},
    {"received": "2/3/2026 8:00", "due": "05-03-2026 17:00:00", "finished": "04.03.2026"},
    {"received": " 02/03/2026 08:00:00 ", "due": "", "finished": "02/03/2026 08:00:00"},
    {"received": "29/02/2028 23:59:59", "due": "29/02/2028", "finished": "01/03/2028 00:00:00"},
    {"received": "02/03/2026 00:00:00", "due": "02/03/2026 00:00:00", "finished": ""},
    {"fully_online": "có", "fee": "Không", "paid_online": "x", "electronic": "true",
     "digitized": "FALSE", "reused": "-", "synced": "yes", "apology": "1"},
    {"fully_online": "co", "fee": "khong", "paid_online": "X", "electronic": "Đúng",
     "digitized": "sai", "reused": "1.0", "synced": " 1 ", "apology": "KHÔNG"},
    {"channel": "Trực tuyến", "supplements": "", "rating": ""},
    {"channel": "online", "supplements": "3", "rating": "5"},
    {"channel": "BCCI", "supplements": "2.0", "rating": "04"},
    {"channel": " trực tiếp ", "supplements": "12", "rating": "0"},
    {"code": " T-pad\u00a0", "procedure": " 1.0001 "},
    {"unit": "STP"},
    {"unit": "so tu phap"},
    {"unit": "Sở Tư pháp"},
]  # fmt: skip
BAD = [
    {"received": "31/02/2026 08:00:00"},
    {"received": "02/03/2026 24:00:00"},
    {"received": "02/03/2026 08:00:60"},
    {"received": "0/03/2026"},
    {"received": "02/13/2026"},
    {"received": ""},
    {"received": "ab/cd/efgh"},
    {"due": "01/03/2026 08:00:00"},
    {"finished": "02/03/2026 07:59:59"},
    {"due": "2026-02-30"},
    {"fully_online": "2"},
    {"fee": "có thể"},
    {"channel": "fax"},
    {"channel": ""},
    {"supplements": "-1"},
    {"supplements": "1.5"},
    {"rating": "tốt"},
    {"code": "  "},
    {"procedure": ""},
]


def rows_of(changes: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**BASE, "code": f"T-{n}", **change} for n, change in enumerate(changes)]


def run(data: bytes, name: str = "hs.csv"):
    return import_dossiers(io.BytesIO(data), name)


def python_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("parsipas.dossiers.ingest.loader.try_fast_import", lambda *a, **k: None)


def snapshot() -> list[tuple]:
    fields = [f.name for f in Dossier._meta.fields if f.name not in ("id", "batch")]
    return list(Dossier.objects.order_by("code").values_list(*fields))


def errors_of(data: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as raised:
        run(data)
    return raised.value.errors


def test_sql_conversion_equals_row_parser_on_usual_cells(registry):
    """Each row straight through ``conversion_sql``: where SQL calls it usual, its values are
    RowParser's; the rows SQL must read itself are usual."""
    rows = rows_of(TRICKY)
    data = csv_bytes(rows).decode().splitlines()
    headers = HEADER
    parser = RowParser(match_columns(headers), headers)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        raw.execute("SET LOCAL DateStyle = 'SQL, DMY'; SET LOCAL TimeZone = 'Asia/Ho_Chi_Minh'")
        names = [f"c{i}" for i in range(len(headers))]
        raw.execute(
            f"CREATE TEMPORARY TABLE dossier_raw (line bigint, {', '.join(n + ' text' for n in names)}) "
            "ON COMMIT DROP"
        )
        with raw.copy("COPY dossier_raw FROM STDIN") as copy:
            for number, line in enumerate(data[1:], start=2):
                copy.write_row((number, *next(csv.reader([line]))))
        results = {}
        local = ", ".join(
            f"to_char(c.{name}, 'YYYY-MM-DD HH24:MI:SS.US')"
            for name in ("received", "due", "finished")
        )
        rest = ", ".join(f"c.{name}" for name in pgload.TARGET_COLUMNS[6:-1])
        for safe in (False, True):
            conversion = pgload.conversion_sql(parser.positions, exotic=True, safe=safe)
            raw.execute(
                f"SELECT c.line, c.code, c.procedure_code, {local}, {rest} FROM ({conversion}) AS c "
                "WHERE c.usual ORDER BY line"
            )
            results[safe] = raw.fetchall()
        raw.execute("SET LOCAL TimeZone = 'UTC'")
        transaction.set_rollback(True)
    assert results[False] == results[True]
    usual = {row[0]: row for row in results[True]}
    # The usual spellings are SQL's; one-digit days, time zones, spaces, 1.0 are Python's.
    assert set(range(2, len(TRICKY) + 2)) - set(usual) == {6, 7, 8, 12, 15, 16}
    for number, line in enumerate(data[1:], start=2):
        cells = next(csv.reader([line]))
        values = parser.values(cells, number)
        if number not in usual:
            continue
        row = usual[number]
        moments = [None if v is None else datetime.fromisoformat(v) for v in row[3:6]]
        assert (row[1], row[2], *moments, *row[6:]) == (values[0], values[2], *values[3:]), number


def pgload_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Ho_Chi_Minh")


def test_tricky_rows_import_the_same_in_sql_and_in_python(registry, monkeypatch):
    data = csv_bytes(rows_of(TRICKY))
    result = run(data)
    assert (result.rows, result.created) == (len(TRICKY), len(TRICKY))
    in_sql = snapshot()
    Dossier.objects.all().delete()
    python_only(monkeypatch)
    run(data)
    assert snapshot() == in_sql
    assert Dossier.objects.get(code="T-pad").procedure_code == "1.0001"
    received = Dossier.objects.get(code="T-4").received
    assert received.astimezone(pgload_zone()).replace(tzinfo=None) == datetime(2026, 3, 2, 8)


def test_bad_rows_get_the_same_messages_in_sql_and_in_python(registry, monkeypatch):
    rows = rows_of([*BAD, *TRICKY[:3]])
    rows.append({**BASE, "code": "U-1", "unit": "khong-co"})
    data = csv_bytes(rows)
    in_sql = errors_of(data)
    assert len(in_sql) == len(BAD) + 1
    assert in_sql[0] == (
        "Dòng 2, cột 'Ngày tiếp nhận': '31/02/2026 08:00:00' không phải ngày hợp lệ (dd/mm/yyyy)"
    )
    python_only(monkeypatch)
    assert errors_of(data) == in_sql
    assert not Dossier.objects.exists()


def test_many_bad_rows_are_counted_the_same(registry, monkeypatch):
    rows = rows_of([{"received": f"{40 + n % 50}/01/2026"} for n in range(120)])
    data = csv_bytes(rows)
    in_sql = errors_of(data)
    assert in_sql[-1] == "… và 70 dòng lỗi khác."
    python_only(monkeypatch)
    assert errors_of(data) == in_sql


def test_repeated_codes_and_unknown_units_are_named_the_same(registry, monkeypatch):
    repeated = csv_bytes(
        [{**BASE, "code": "D-1"}, {**BASE, "code": "D-2"}, {**BASE, "code": "D-1"}]
    )
    unknown = csv_bytes([{**BASE, "code": f"K-{n}", "unit": " nowhere " if n % 2 else "stp"}
                         for n in range(14)])  # fmt: skip
    sql = (errors_of(repeated), errors_of(unknown))
    assert sql[0] == ["Mã hồ sơ 'D-1' xuất hiện 2 lần trong tệp: dòng 2, 4."]
    python_only(monkeypatch)
    assert (errors_of(repeated), errors_of(unknown)) == sql


def test_an_empty_table_gets_its_indexes_back_after_a_big_import(registry, monkeypatch):
    monkeypatch.setattr(pgload, "REBUILD_INDEXES_MIN_ROWS", 1)
    table = Dossier._meta.db_table

    def indexes() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY 1", [table]
            )
            return [r[0] for r in cursor.fetchall()]

    before = indexes()
    assert errors_of(csv_bytes([BASE, BASE])) == [
        "Mã hồ sơ 'T-0' xuất hiện 2 lần trong tệp: dòng 2, 3."
    ]
    assert indexes() == before
    result = run(csv_bytes(rows_of(TRICKY)))
    assert result.created == len(TRICKY) and indexes() == before
    again = run(csv_bytes(rows_of(TRICKY[:2])))
    assert (again.created, again.updated) == (0, 2)


def test_files_only_python_reads_right_still_import(registry):
    quoted = csv_bytes([{**BASE, "code": "Q-1", "unit": "Sở Tư pháp, tỉnh"}])
    assert "Sở Tư pháp, tỉnh" in errors_of(quoted)[0]
    blank_lines = csv_bytes([{**BASE, "code": "B-1"}]) + b"\n\n"
    assert run(blank_lines).created == 1
    crlf = csv_bytes([{**BASE, "code": "C-1"}]).replace(b"\n", b"\r\n")
    assert run(crlf).created == 1
    assert Dossier.objects.get(code="C-1").line == 2


def test_a_clean_export_is_written_in_one_statement(registry, monkeypatch):
    def careful(*args: object, **kwargs: object) -> None:
        raise AssertionError("a clean file needs no second look")

    monkeypatch.setattr(pgload, "_careful", careful)
    result = run(csv_bytes(rows_of(TRICKY[:4] + TRICKY[7:10])))
    assert result.created == 7
