"""Read CSV or XLSX uploads row by row, whatever the file's name says.

Every import in parsipas (units, dossiers, survey answers, frameworks, report templates) goes
through here, so the checks on type and size and the Vietnamese messages are the same
everywhere. Rows are yielded lazily: a million-row CSV never sits in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from parsipas.lib.text import fold

XLSX_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_LISTED = 50  # problems listed to the user; the rest are counted


class ImportRefused(ValueError):
    """A file was refused and nothing was changed: the one error every importer raises.

    `errors` are Vietnamese, one per problem, each naming the file, row or column (see
    `Problems`); `row` and `column` locate a single problem when there is only one.
    """

    def __init__(
        self, errors: str | Iterable[str], row: int | None = None, column: str | None = None
    ) -> None:
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        self.row = row
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "\n".join(self.errors)

    def __str__(self) -> str:
        return self.message


def where(row: int | None = None, column: str | None = None) -> str:
    """'Dòng 12, cột unit_code' — how every importer names a place in a file."""
    parts = []
    if row is not None:
        parts.append(f"Dòng {row}")
    if column:
        parts.append(f"cột {column}" if parts else f"Cột {column}")
    return ", ".join(parts)


class Problems:
    """Collects an import's problems, formats their place and stops listing at a cap.

    Every importer checks the whole file, adds what is wrong here and calls `raise_if_any()`
    before writing anything: the user sees at most `cap` problems, then one line saying that
    there are more, whatever the importer.
    """

    def __init__(self, cap: int = MAX_LISTED, noun: str = "lỗi") -> None:
        self.cap = cap
        self.noun = noun  # what is counted past the cap: "lỗi", "dòng lỗi"
        self.messages: list[str] = []
        self.count = 0

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.count += 1
        if len(self.messages) < self.cap:
            place = where(row, column)
            self.messages.append(f"{place}: {message}" if place else message)

    def extend(self, messages: Iterable[str]) -> None:
        for message in messages:
            self.add(message)

    @property
    def full(self) -> bool:
        """The cap is reached: reading on would only count."""
        return self.count >= self.cap

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count

    def listed(self) -> list[str]:
        if self.count > len(self.messages):
            more = self.count - len(self.messages)
            return [*self.messages, f"… và {more} {self.noun} khác."]
        return list(self.messages)

    def raise_if_any(self) -> None:
        if self.count:
            raise ImportRefused(self.listed())


def refused(messages: Iterable[str]) -> ImportRefused:
    """ImportRefused listing already formatted messages, capped like `Problems`."""
    problems = Problems()
    problems.extend(messages)
    return ImportRefused(problems.listed())


@dataclass(frozen=True)
class Row:
    number: int  # 1-based line (CSV) or row (XLSX) in the file, as the user sees it
    values: dict[str, str]  # header as written in the file -> cell text (stripped)


def text_encoding(head: bytes) -> str | None:
    """The encoding of a text file from its first bytes: UTF-8 (with or without BOM) or
    UTF-16 (with a BOM, or without one when every other byte of the text is zero); None for
    a binary file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 4 and b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        # Latin and Vietnamese text in UTF-16: the high byte of most characters is 0 or 0x1e.
        if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
        return None
    return "utf-8-sig"


def sniff_kind(head: bytes) -> str:
    """'xlsx', 'csv' or 'binary', from the first bytes of the content."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if text_encoding(head) is None:
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
    """Check the file and return (headers, rows). Raises ImportRefused for a bad file."""
    size = _size(stream)
    if size == 0:
        raise ImportRefused(f"Tệp '{filename}' rỗng.")
    if max_bytes and size > max_bytes:
        raise ImportRefused(
            f"Tệp '{filename}' quá lớn ({size / 1024 / 1024:.1f} MB; tối đa {max_bytes / 1024 / 1024:.0f} MB)."
        )
    head = stream.read(8192)
    stream.seek(0)
    kind = sniff_kind(head)
    if kind == "xlsx":
        return _open_xlsx(stream, filename)
    if kind == "binary":
        raise ImportRefused(f"Tệp '{filename}' không phải CSV hay Excel (.xlsx).")
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
        raise ImportRefused(f"Tệp '{filename}': dòng đầu tiên phải là dòng tiêu đề cột.")
    seen: set[str] = set()
    for h in headers:
        key = fold(h)
        if key and key in seen:
            raise ImportRefused(f"Tệp '{filename}': cột '{h}' bị lặp.", row=1, column=h)
        seen.add(key)
    return headers


def _open_csv(stream: BinaryIO, filename: str) -> tuple[list[str], Iterator[Row]]:
    from parsipas.lib.safefiles import DEFAULT_LIMITS, guard_rows

    encoding = text_encoding(stream.read(8192)) or "utf-8-sig"
    stream.seek(0)
    # newline="": the csv module itself reads \r\n, \n and \r line ends, mixed or not, and
    # keeps line breaks inside quoted cells.
    text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
    try:
        sample = text.read(4096)
    except UnicodeDecodeError as exc:
        text.detach()
        raise ImportRefused(
            f"Tệp '{filename}' không phải văn bản UTF-8 hay UTF-16 (byte lỗi ở vị trí {exc.start}). "
            "Hãy lưu lại dưới dạng CSV UTF-8 hoặc Excel (.xlsx)."
        ) from exc
    text.detach()
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
    first_line = sample.replace("\r", "\n").split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line + "\n", delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(text, delimiter=delimiter)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                yield reader.line_num, cells
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                f"Tệp '{filename}': dòng {reader.line_num + 1} không phải văn bản {encoding.upper()}."
            ) from exc
        except csv.Error as exc:
            raise ImportRefused(
                f"Tệp '{filename}', dòng {reader.line_num}: lỗi định dạng CSV ({exc})."
            ) from exc

    lines = guard_rows(numbered(), filename, DEFAULT_LIMITS, kind="csv")
    try:
        _, first = next(lines)
    except StopIteration as exc:
        raise ImportRefused(f"Tệp '{filename}' rỗng.") from exc
    headers = _headers(list(first), filename)
    width = len(headers)

    def rows() -> Iterator[Row]:
        for number, cells in lines:
            if not any(c.strip() for c in cells):
                continue
            check_width(filename, number, len(cells), width, cells[width:])
            values = {
                h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(headers)
            }
            yield Row(number, values)

    return headers, rows()


def check_width(
    filename: str, number: int, found: int, width: int, beyond: Sequence[object]
) -> None:
    """A CSV row must have one cell per header: more is a misplaced delimiter, fewer a row
    cut short (a truncated file). Empty cells after the last header are tolerated."""
    if found > width and any(str(c).strip() for c in beyond if c is not None):
        raise ImportRefused(
            f"Tệp '{filename}', dòng {number}: có {found} ô nhưng chỉ có {width} cột tiêu đề.",
            row=number,
        )
    if found < width:
        raise ImportRefused(
            f"Tệp '{filename}', dòng {number}: chỉ có {found} ô trong khi tệp có {width} cột "
            "(thiếu ô — dòng bị cắt hoặc thiếu dấu phân cách).",
            row=number,
        )


def _open_xlsx(stream: BinaryIO, filename: str) -> tuple[list[str], Iterator[Row]]:
    from parsipas.lib.safefiles import open_workbook, sheet_rows

    book = open_workbook(stream, filename)
    lines = sheet_rows(book.worksheets[0], filename)
    try:
        _, first = next(lines)
    except StopIteration as exc:
        book.close()
        raise ImportRefused(f"Tệp '{filename}' không có dữ liệu.") from exc
    headers = _headers(list(first), filename)
    width = len(headers)

    def rows() -> Iterator[Row]:
        try:
            for number, cells in lines:
                texts = [_clean(c) for c in cells]
                if not any(texts):
                    continue
                if len(texts) > width and any(texts[width:]):
                    raise ImportRefused(
                        f"Tệp '{filename}', dòng {number}: có dữ liệu ở cột thứ "
                        f"{width + 1 + next(i for i, t in enumerate(texts[width:]) if t)} "
                        f"nhưng chỉ có {width} cột tiêu đề.",
                        row=number,
                    )
                values = {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(headers)}
                yield Row(number, values)
        finally:
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
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(r[index - 1] or "")) for r in rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
    sheet.freeze_panes = "A2"
    out = _io.BytesIO()
    book.save(out)
    return out.getvalue()
