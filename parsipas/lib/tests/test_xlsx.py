from __future__ import annotations

import io

import openpyxl
import pytest

from parsipas.lib.xlsx import csv_text, workbook_bytes


@pytest.mark.parametrize(
    "text", ["=> Đã ban hành", "=1+1", "+84 262", "-3 đơn vị", "@SUM(A1)", '=HYPERLINK("x")']
)
def test_text_that_looks_like_a_formula_is_written_and_read_back_as_text(text: str) -> None:
    book = openpyxl.Workbook()
    book.worksheets[0].append([text, 5, None])
    data = workbook_bytes(book)
    assert b"<f>" not in data and b"<f " not in data
    cell = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]["A1"]
    assert cell.value == text and cell.data_type == "s"


def test_csv_cells_that_look_like_formulas_are_quoted() -> None:
    assert csv_text("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert csv_text("-3") == "'-3" and csv_text(-3) == -3 and csv_text("Sở Tư pháp") == "Sở Tư pháp"
