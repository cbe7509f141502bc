"""Open an uploaded workbook (.xlsx) or document (.docx) without trusting it.

An Office file is a zip of XML parts. Before any parser sees it, `check_package` reads the
zip's directory and refuses what no real file has: too many members, a member or a total
that inflates past the limits, a compression ratio of a zip bomb, encrypted members, a DTD
(entity expansion, external entities) in any XML part. While the rows are read,
`guard_rows` counts rows, columns and cell lengths against the same limits and stops at a
deadline. XML is parsed with defusedxml (openpyxl switches to it by itself when it is
installed; our own parsing of parts goes through `parse_part`).

Every violation and every parse error becomes one `ImportRefused`:
"Tệp '…' không phải bảng tính hợp lệ (reason)." — the importer then stores nothing.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as defused_fromstring
from defusedxml.ElementTree import iterparse as defused_iterparse

from parsipas.lib.tabular import ImportRefused

MB = 1024 * 1024
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
# A DTD declaration can only come before the root element; real Office parts have none.
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(r"<[A-Za-z_]")
PROLOG_BYTES = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """What an upload may hold. The defaults fit every importer's real files with room."""

    max_members: int = 1000
    max_member_bytes: int = 300 * MB  # uncompressed, one part
    max_total_bytes: int = 500 * MB  # uncompressed, all parts
    max_ratio: int = 100  # uncompressed / compressed, for parts over RATIO_FROM_BYTES
    max_rows: int = 1_100_000
    max_columns: int = 300
    max_cell_chars: int = 32_767  # Excel's own limit for a cell
    seconds: float = 120.0  # wall time for reading the whole file

    def deadline(self) -> Deadline:
        return Deadline(self.seconds)


RATIO_FROM_BYTES = 1 * MB  # small parts may compress very well (a sheet of one repeated value)
DEFAULT_LIMITS = Limits()


@dataclass
class Deadline:
    seconds: float
    started: float = field(default_factory=time.monotonic)

    def check(self, filename: str, kind: str = "xlsx") -> None:
        if time.monotonic() - self.started > self.seconds:
            raise invalid(
                filename,
                f"đọc tệp quá {self.seconds:.0f} giây — tệp quá lớn hoặc có cấu trúc bất thường",
                kind,
            )


def invalid(filename: str, reason: str, kind: str = "xlsx") -> ImportRefused:
    noun = {"xlsx": "bảng tính", "docx": "tài liệu Word", "csv": "tệp CSV"}.get(kind, "tệp")
    return ImportRefused(f"Tệp '{filename}' không phải {noun} hợp lệ ({reason}).")


def _read(source: bytes | BinaryIO | IO[bytes]) -> BinaryIO:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source)
    source.seek(0)
    return source  # type: ignore[return-value]


def check_package(
    source: bytes | BinaryIO | IO[bytes],
    filename: str,
    kind: str = "xlsx",
    limits: Limits = DEFAULT_LIMITS,
) -> zipfile.ZipFile:
    """The zip, once its directory and every XML part's prolog passed the checks.

    Only the directory and the first bytes of each XML part are read: a bomb is refused
    before anything inflates it.
    """
    stream = _read(source)
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise invalid(filename, f"tệp nén bị hỏng: {exc}", kind) from exc
    if len(members) > limits.max_members:
        raise invalid(filename, f"có {len(members)} phần, nhiều hơn mức {limits.max_members}", kind)
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise invalid(filename, f"phần '{info.filename}' được mã hóa", kind)
        if info.file_size > limits.max_member_bytes:
            raise invalid(
                filename,
                f"phần '{info.filename}' giải nén ra {info.file_size / MB:.0f} MB, "
                f"quá mức {limits.max_member_bytes / MB:.0f} MB",
                kind,
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > limits.max_ratio:
            raise invalid(
                filename,
                f"phần '{info.filename}' nén với tỉ lệ {ratio:.0f}:1 — dấu hiệu của "
                f"«bom nén» (tối đa {limits.max_ratio}:1)",
                kind,
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        raise invalid(
            filename,
            f"giải nén ra {total / MB:.0f} MB, quá mức {limits.max_total_bytes / MB:.0f} MB",
            kind,
        )
    for info in members:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _check_prolog(archive, info, filename, kind)
    return archive


def _check_prolog(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, kind: str
) -> None:
    try:
        with archive.open(info) as part:
            head = part.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise invalid(filename, f"phần '{info.filename}' bị hỏng: {exc}", kind) from exc
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    root = _ROOT.search(text)
    prolog = text[: root.start()] if root else text
    if _DTD.search(prolog):
        raise invalid(
            filename,
            f"phần '{info.filename}' khai báo DTD/thực thể XML — không được phép",
            kind,
        )
    if root is None and info.file_size > PROLOG_BYTES:
        raise invalid(filename, f"phần '{info.filename}' có phần mở đầu XML bất thường", kind)


def parse_part(archive: zipfile.ZipFile, name: str, filename: str, kind: str = "xlsx") -> Element:
    """One XML part, parsed with defusedxml (no DTD, no entities, no external references)."""
    try:
        return defused_fromstring(archive.read(name))
    except KeyError as exc:
        raise invalid(filename, f"thiếu phần '{name}'", kind) from exc
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise invalid(filename, f"phần '{name}' hỏng: {exc}", kind) from exc


def iterparse_part(
    archive: zipfile.ZipFile, name: str, filename: str, kind: str = "xlsx"
) -> Iterator[tuple[str, Element]]:
    """Stream the elements of one XML part with defusedxml; errors become ImportRefused."""
    try:
        with archive.open(name) as part:
            yield from defused_iterparse(part)
    except KeyError as exc:
        raise invalid(filename, f"thiếu phần '{name}'", kind) from exc
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise invalid(filename, f"phần '{name}' hỏng: {exc}", kind) from exc


def check_shared_strings(archive: zipfile.ZipFile, filename: str) -> int | None:
    """The number of shared strings, once the part parsed whole and matched its own count.

    openpyxl reads a damaged shared-strings part as fewer (or other) strings without a word;
    a workbook whose text cells then point elsewhere must be refused, not imported.
    """
    types = parse_part(archive, "[Content_Types].xml", filename)
    names = [
        o.get("PartName", "").lstrip("/")
        for o in types.iter(f"{_CT}Override")
        if o.get("ContentType") == SHARED_STRINGS_TYPE
    ]
    if not names:
        return None
    name = names[0]
    if name not in archive.namelist():
        raise invalid(filename, f"thiếu phần chuỗi dùng chung '{name}'")
    count = 0
    declared: str | None = None
    for _, element in iterparse_part(archive, name, filename):
        if element.tag == f"{_MAIN}si":
            count += 1
            element.clear()
        elif element.tag == f"{_MAIN}sst":
            declared = element.get("uniqueCount")
    if declared is not None and declared.isdigit() and int(declared) != count:
        raise invalid(
            filename,
            f"phần chuỗi dùng chung bị hỏng: khai báo {declared} chuỗi nhưng có {count}",
        )
    return count


def open_workbook(
    source: bytes | BinaryIO | IO[bytes], filename: str, limits: Limits = DEFAULT_LIMITS
) -> Any:
    """An openpyxl read-only workbook of a checked package (values, not formulas)."""
    import openpyxl

    archive = check_package(source, filename, "xlsx", limits)
    check_shared_strings(archive, filename)
    try:
        book = openpyxl.load_workbook(_read(source), read_only=True, data_only=True)
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        raise invalid(filename, _reason(exc)) from exc
    if not book.worksheets:
        raise invalid(filename, "không có trang tính nào")
    return book


def open_document(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """A python-docx Document of a checked package."""
    import docx

    check_package(data, filename, "docx", limits)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx/lxml raise many kinds on a damaged package
        raise invalid(filename, _reason(exc), "docx") from exc


def sheet_rows(
    sheet: Any, filename: str, limits: Limits = DEFAULT_LIMITS, deadline: Deadline | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of one read-only sheet, within the limits.

    The sheet's declared size is ignored (a hostile `<dimension>` would pad every row to
    16,384 columns); any parse error, a missing sheet part or a text cell pointing past the
    shared strings becomes ImportRefused.
    """
    deadline = deadline or limits.deadline()
    try:
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        yield from guard_rows(
            ((n, list(cells)) for n, cells in enumerate(rows, start=1)),
            filename,
            limits,
            deadline,
        )
    except ImportRefused:
        raise
    except Exception as exc:  # parse errors surface while iterating, of many kinds
        raise invalid(filename, _reason(exc)) from exc


def guard_rows[R: Sequence[Any]](
    rows: Iterable[tuple[int, R]],
    filename: str,
    limits: Limits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
    kind: str = "xlsx",
) -> Iterator[tuple[int, R]]:
    """Pass rows through while they fit: row count, columns used, cell length, time."""
    deadline = deadline or limits.deadline()
    for count, (number, cells) in enumerate(rows, start=1):
        if count > limits.max_rows:
            raise invalid(filename, f"có hơn {_thousands(limits.max_rows)} dòng", kind)
        if len(cells) > limits.max_columns and any(
            c not in (None, "") for c in cells[limits.max_columns :]
        ):
            raise invalid(
                filename,
                f"dòng {number} có dữ liệu ở cột thứ {len(cells)}, quá mức {limits.max_columns} cột",
                kind,
            )
        for column, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                raise invalid(
                    filename,
                    f"dòng {number}, cột thứ {column} dài {_thousands(len(cell))} ký tự, "
                    f"quá mức {_thousands(limits.max_cell_chars)}",
                    kind,
                )
        if count % 1000 == 0:
            deadline.check(filename, kind)
        yield number, cells


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DefusedXmlException):
        return "có khai báo thực thể hoặc DTD XML — không được phép"
    if isinstance(exc, KeyError):
        named = re.search(r"named '([^']*)'", str(exc))
        return f"thiếu phần '{named.group(1) if named else exc}'"
    if isinstance(exc, IndexError):
        return "ô văn bản trỏ tới chuỗi dùng chung không có — phần sharedStrings bị hỏng"
    if isinstance(exc, ParseError):
        return f"XML bị hỏng: {exc}"
    if isinstance(exc, zipfile.BadZipFile):
        return f"tệp nén bị hỏng: {exc}"
    text = str(exc) or type(exc).__name__
    return text[:200]


__all__ = [
    "DEFAULT_LIMITS",
    "Deadline",
    "Limits",
    "check_package",
    "check_shared_strings",
    "guard_rows",
    "invalid",
    "iterparse_part",
    "open_document",
    "open_workbook",
    "parse_part",
    "sheet_rows",
]
