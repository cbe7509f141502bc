"""Read CSV or XLSX uploads row by row, whatever the file's name says.

Every import in parsipas (units, dossiers, survey answers, frameworks, report templates) goes
through here, so the checks on type and size and the Vietnamese messages are the same
everywhere. Rows are yielded lazily: a million-row CSV never sits in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

from parsipas.lib.text import fold

XLSX_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class TableError(ValueError):
    """A file-level or row-level problem, with a message for the user in Vietnamese."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Row:
    number: int  # 1-based line (CSV) or row (XLSX) in the file, as the user sees it
    values: dict[str, str]  # header as written in the file -> cell text (stripped)


def sniff_kind(head: bytes) -> str:
    """'xlsx', 'csv' or 'binary', from the first bytes of the content."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if b"\x00" in head[:4096]:
        return "binary"
    return "csv"


def _size(stream: BinaryIO) -> int:
    pos = stream.tell()
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(pos)
    return size


def open_table(
    stream: BinaryIO, filename: str = "tệp", max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[str], Iterator[Row]]:
    """Check the file and return (headers, rows). Raises TableError for a bad file."""
    size = _size(stream)
    if size == 0:
        raise TableError(f"Tệp '{filename}' rỗng.")
    if max_bytes and size > max_bytes:
        raise TableError(
            f"Tệp '{filename}' quá lớn ({size / 1024 / 1024:.1f} MB; tối đa {max_bytes / 1024 / 1024:.0f} MB)."
        )
    head = stream.read(8192)
    stream.seek(0)
    kind = sniff_kind(head)
    if kind == "xlsx":
        return _open_xlsx(stream, filename)
    if kind == "binary":
        raise TableError(f"Tệp '{filename}' không phải CSV hay Excel (.xlsx).")
    return _open_csv(stream, filename)


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _headers(raw: list[object], filename: str) -> list[str]:
    headers = [_clean(h) for h in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise TableError(f"Tệp '{filename}': dòng đầu tiên phải là dòng tiêu đề cột.")
    seen: set[str] = set()
    for h in headers:
        key = fold(h)
        if key and key in seen:
            raise TableError(f"Tệp '{filename}': cột '{h}' bị lặp.", row=1, column=h)
        seen.add(key)
    return headers


def _open_csv(stream: BinaryIO, filename: str) -> tuple[list[str], Iterator[Row]]:
    text: IO[str] = codecs.getreader("utf-8-sig")(stream, errors="strict")  # type: ignore[assignment]
    try:
        sample = text.read(4096)
    except UnicodeDecodeError as exc:
        raise TableError(
            f"Tệp '{filename}' không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start}). "
            "Hãy lưu lại dưới dạng CSV UTF-8 hoặc Excel (.xlsx)."
        ) from exc
    stream.seek(0)
    text = codecs.getreader("utf-8-sig")(stream, errors="strict")  # type: ignore[assignment]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        headers = _headers(next(reader), filename)
    except StopIteration as exc:
        raise TableError(f"Tệp '{filename}' rỗng.") from exc

    def rows() -> Iterator[Row]:
        try:
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
                    raise TableError(
                        f"Dòng {reader.line_num}: có {len(cells)} ô nhưng chỉ có {len(headers)} cột tiêu đề.",
                        row=reader.line_num,
                    )
                values = {
                    h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(headers)
                }
                yield Row(reader.line_num, values)
        except UnicodeDecodeError as exc:
            raise TableError(
                f"Tệp '{filename}': dòng {reader.line_num + 1} không phải văn bản UTF-8."
            ) from exc
        except csv.Error as exc:
            raise TableError(
                f"Tệp '{filename}', dòng {reader.line_num}: lỗi định dạng CSV ({exc})."
            ) from exc

    return headers, rows()


def _open_xlsx(stream: BinaryIO, filename: str) -> tuple[list[str], Iterator[Row]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(f"Tệp '{filename}' không phải tệp Excel (.xlsx) hợp lệ.") from exc
    sheet = book.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        headers = _headers(list(next(iterator)), filename)
    except StopIteration as exc:
        raise TableError(f"Tệp '{filename}' không có dữ liệu.") from exc

    def rows() -> Iterator[Row]:
        for number, cells in enumerate(iterator, start=2):
            texts = [_clean(c) for c in cells]
            if not any(texts):
                continue
            values = {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(headers)}
            yield Row(number, values)
        book.close()

    return headers, rows()


def column_map(headers: list[str], aliases: dict[str, list[str]]) -> dict[str, str]:
    """Map field names to the file's headers, accepting any alias, any case, any diacritics.

    Aliases are tried in the order given, then the field name itself.
    """
    folded = {fold(h): h for h in headers}
    found: dict[str, str] = {}
    for field, names in aliases.items():
        for name in [*names, field]:
            if fold(name) in folded:
                found[field] = folded[fold(name)]
                break
    return found


def write_xlsx(title: str, headers: list[str], rows: list[list[object]]) -> bytes:
    """One sheet: a bold header row, then the rows (dates and numbers kept as such)."""
    import io as _io

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(r[index - 1] or "")) for r in rows)])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
            max(10, longest + 2), 60
        )
    sheet.freeze_panes = "A2"
    out = _io.BytesIO()
    book.save(out)
    return out.getvalue()
