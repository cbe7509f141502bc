"""read_plan(): bytes of an uploaded appendix → ParsedPlan, whatever its form.

The form is read from the content, not the file name: a .docx renamed .xlsx still reads, and a
PDF or an old .doc gets a message saying what to do instead.
"""

from __future__ import annotations

import io
import zipfile

from parsipas.lib.numbers import number

from .agencies import RegistryLike
from .build import build_plan
from .errors import PlanFormatError
from .model import ParsedPlan
from .reader_docx import read_docx_table
from .reader_text import read_text_table
from .reader_xlsx import read_xlsx_table
from .source import SourceTable

MAX_FILE_BYTES = 10 * 1024 * 1024
# A 10 MB zip may inflate a thousandfold; an appendix never needs more than this.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


def _unreadable(filename: str, why: str) -> PlanFormatError:
    return PlanFormatError(f"Tệp «{filename}» không đọc được: {why}")


def _read_zip(data: bytes, filename: str) -> SourceTable:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise _unreadable(filename, "tệp nén (zip) bị hỏng.") from error
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _unreadable(filename, "nội dung giải nén quá lớn so với một phụ lục kế hoạch.")
    try:
        if "word/document.xml" in names:
            return read_docx_table(data)
        if "xl/workbook.xml" in names:
            return read_xlsx_table(data)
    except PlanFormatError:
        raise
    except Exception as error:  # python-docx/openpyxl raise many kinds on a damaged file
        kind = "Word" if "word/document.xml" in names else "Excel"
        raise _unreadable(
            filename, f"tệp {kind} bị hỏng hoặc không đúng định dạng ({error})."
        ) from error
    raise _unreadable(filename, "tệp nén không phải Word (.docx) hay Excel (.xlsx).")


def _decode_text(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _unreadable(filename, "văn bản UTF-16 bị hỏng.") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unreadable(
            filename,
            f"không phải văn bản UTF-8, Word (.docx) hay Excel (.xlsx) (byte lạ ở vị trí "
            f"{error.start}). Hãy lưu lại dưới dạng văn bản UTF-8, .docx hoặc .xlsx.",
        ) from error
    if "\x00" in text:
        raise _unreadable(
            filename, "tệp nhị phân, không phải văn bản, Word (.docx) hay Excel (.xlsx)."
        )
    return text


def read_source(data: bytes, filename: str) -> SourceTable:
    """The raw rows of the table, in whichever form the file is."""
    if not data or not data.strip():
        raise PlanFormatError(f"Tệp «{filename}» trống, không có dữ liệu.")
    if len(data) > MAX_FILE_BYTES:
        size = number(len(data) / 1024 / 1024, places=1)
        raise PlanFormatError(f"Tệp «{filename}» quá lớn ({size} MB); giới hạn là 10 MB.")
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
    Raises PlanFormatError, with a Vietnamese message, when the file cannot be a plan.
    """
    return build_plan(read_source(data, filename), registry)
