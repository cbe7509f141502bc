"""Writing Excel workbooks (and CSV meant for spreadsheets) safely: the one way every export
turns a workbook into bytes.

A person's text starting with `=`, `+`, `-` or `@` ("=> Đã ban hành…", "-3 đơn vị") would be taken
as a formula by openpyxl (for `=`) or by a spreadsheet when the cell is edited: an export must never
carry a formula that a person typed (formula injection), and the text must read back unchanged
when the file is uploaded again. So every string cell is written as text.
"""

from __future__ import annotations

import io
from typing import Any


def guard(book: Any) -> None:
    """Make every string cell of every sheet plain text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # data_type "s": stored as a string, never as a formula ("f").
                if isinstance(cell.value, str):
                    cell.data_type = "s"


def workbook_bytes(book: Any) -> bytes:
    """The .xlsx bytes of `book`, after `guard`."""
    guard(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading
    apostrophe (the usual defence; a CSV has no cell types). Numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
