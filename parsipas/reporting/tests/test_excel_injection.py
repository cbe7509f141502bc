"""A narrative that starts like a formula is text in the template and survives the round trip;
out-of-range numbers in the file are a message naming the row, never a crash."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from parsipas.reporting.models import Report
from parsipas.reporting.tests.conftest import report_data, report_path
from parsipas.reporting.tests.test_excel import _download, _rows, _upload

pytestmark = pytest.mark.django_db

NARRATIVE = "=> Đã ban hành Kế hoạch số 12/KH-STP"


def test_a_formula_like_narrative_is_text_and_an_unchanged_upload_keeps_it(
    small_plan: Any, people: dict[str, Any], login: Any
) -> None:
    unit = login(people["unit"])
    assert (
        unit.post(
            report_path(small_plan, "1.1", "stp"), report_data(0, narrative=NARRATIVE)
        ).status_code
        == 302
    )
    raw = unit.get(f"/bao-cao/{small_plan.current.year}/Y/excel/").content
    assert b"<f>" not in raw
    book = load_workbook(io.BytesIO(raw))
    sheet = book["Báo cáo"]
    rows, col = _rows(sheet)
    cell = sheet.cell(row=rows["1.1"], column=col["Kết quả thực hiện"])
    assert cell.value == NARRATIVE and cell.data_type == "s"
    version = Report.objects.get().version
    assert _upload(unit, small_plan, book).status_code == 302
    report = Report.objects.get()
    assert report.narrative == NARRATIVE and report.version == version


@pytest.mark.parametrize("bad", ["inf", "1e999999", "nan", "-inf", "99999999999999999999999"])
def test_an_impossible_version_is_a_message_not_a_crash(
    small_plan: Any, people: dict[str, Any], login: Any, bad: str
) -> None:
    unit = login(people["unit"])
    book = _download(unit, small_plan)
    sheet = book["Báo cáo"]
    rows, col = _rows(sheet)
    sheet.cell(row=rows["1.1"], column=col["Kết quả thực hiện"]).value = "Đã làm"
    sheet.cell(row=rows["1.1"], column=col["Phiên bản"]).value = bad
    response = _upload(unit, small_plan, book)
    assert response.status_code == 400
    assert "Phiên bản" in response.content.decode()
    assert not Report.objects.exists()


def test_the_excel_upload_keeps_the_forms_length_limit(
    small_plan: Any, people: dict[str, Any], login: Any
) -> None:
    unit = login(people["unit"])
    book = _download(unit, small_plan)
    sheet = book["Báo cáo"]
    rows, col = _rows(sheet)
    sheet.cell(row=rows["1.1"], column=col["Kết quả thực hiện"]).value = "x" * 20001
    response = _upload(unit, small_plan, book)
    assert response.status_code == 400
    assert "20.000 ký tự" in response.content.decode()
    assert not Report.objects.exists()
