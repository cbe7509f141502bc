"""read_plan(): bytes of an uploaded appendix → ParsedPlan, whatever its form.

The form is read from the content, not the file name: a .docx renamed .xlsx still reads, and a
PDF or an old .doc gets a message saying what to do instead.
"""

from __future__ import annotations

import io
import zipfile

from parsipas.lib import safefiles
from parsipas.lib.numbers import number
from parsipas.lib.tabular import ImportRefused, text_encoding

from .agencies import RegistryLike
from .build import build_plan
from .model import ParsedPlan
from .reader_docx import read_docx_table
from .reader_text import read_text_table
from .reader_xlsx import read_xlsx_table
from .source import SourceTable

MAX_FILE_BYTES = 10 * 1024 * 1024
# A 10 MB zip may inflate a thousandfold; an appendix never needs more than this.
LIMITS = safefiles.Limits(
    max_member_bytes=200 * 1024 * 1024,
    max_total_bytes=200 * 1024 * 1024,
    max_rows=20_000,
    seconds=30.0,
)


def _unreadable(filename: str, why: str) -> ImportRefused:
    return ImportRefused(f"Tệp «{filename}» không đọc được: {why}")


def _read_zip(data: bytes, filename: str) -> SourceTable:
    """A .docx or .xlsx, through the safe opener: its limits, defused XML, one message."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _unreadable(filename, "tệp nén (zip) bị hỏng.") from error
    if "word/document.xml" in names:
        return read_docx_table(data, filename, LIMITS)
    if "xl/workbook.xml" in names:
        return read_xlsx_table(data, filename, LIMITS)
    raise _unreadable(filename, "tệp nén không phải Word (.docx) hay Excel (.xlsx).")


def _decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 (with a BOM, or without one): the same text."""
    encoding = text_encoding(data)
    if encoding is None:
        raise _unreadable(
            filename, "tệp nhị phân, không phải văn bản, Word (.docx) hay Excel (.xlsx)."
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        name = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
        raise _unreadable(
            filename,
            f"không phải văn bản {name}, Word (.docx) hay Excel (.xlsx) (byte lạ ở vị trí "
            f"{error.start}). Hãy lưu lại dưới dạng văn bản UTF-8, .docx hoặc .xlsx.",
        ) from error
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise _unreadable(
            filename, "tệp nhị phân, không phải văn bản, Word (.docx) hay Excel (.xlsx)."
        )
    return text


def read_source(data: bytes, filename: str) -> SourceTable:
    """The raw rows of the table, in whichever form the file is."""
    if not data or not data.strip():
        raise ImportRefused(f"Tệp «{filename}» trống, không có dữ liệu.")
    if len(data) > MAX_FILE_BYTES:
        size = number(len(data) / 1024 / 1024, places=1)
        raise ImportRefused(f"Tệp «{filename}» quá lớn ({size} MB); giới hạn là 10 MB.")
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data, filename)
    if data.startswith(b"%PDF"):
        raise _unreadable(
            filename,
            "đây là tệp PDF; hãy dùng bản Word (.docx), Excel (.xlsx) hoặc văn bản trích từ PDF.",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _unreadable(
            filename, "định dạng Word/Excel cũ (.doc/.xls); hãy lưu lại dưới dạng .docx hoặc .xlsx."
        )
    return read_text_table(_decode_text(data, filename))


def read_plan(data: bytes, filename: str, registry: RegistryLike | None = None) -> ParsedPlan:
    """Parse an appendix (extracted text, .docx or .xlsx) into a ParsedPlan.

    `registry` lists the province's agencies (name -> aliases); the default is Đắk Lắk's.
    Raises ImportRefused, with a Vietnamese message, when the file cannot be a plan.
    """
    return build_plan(read_source(data, filename), registry)
