"""The Excel round trip: the pre-filled template out, the filled file back, all or nothing."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from parsipas.reporting.models import Report, ReportEvent
from parsipas.reporting.tests.conftest import report_data, report_path


def _download(client: Any, sp: Any) -> Any:
    r = client.get(f"/bao-cao/{sp.current.year}/Y/excel/")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(r.content))


def _upload(client: Any, sp: Any, book: Any, name: str = "bao-cao.xlsx") -> Any:
    out = io.BytesIO()
    book.save(out)
    return client.post(
        f"/bao-cao/{sp.current.year}/Y/excel/nhap/",
        {"file": SimpleUploadedFile(name, out.getvalue())},
    )


def _rows(sheet: Any) -> tuple[dict[str, int], dict[str, int]]:
    headers = [c.value for c in sheet[1]]
    code = headers.index("Tiêu chí") + 1
    return {sheet.cell(row=r, column=code).value: r for r in range(2, sheet.max_row + 1)}, {
        h: i + 1 for i, h in enumerate(headers)
    }


def test_the_template_lists_the_units_tasks_pre_filled(small_plan, people, login) -> None:
    sp = small_plan
    unit = login(people["unit"])
    unit.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="Đã làm một phần"))
    book = _download(unit, sp)
    sheet = book["Báo cáo"]
    rows, col = _rows(sheet)
    assert set(rows) == {"1.1", "1.2", "1.8", "2.1", "2.2", "2.3"}
    assert sheet.cell(row=rows["1.1"], column=col["Kết quả thực hiện"]).value == "Đã làm một phần"
    assert sheet.cell(row=rows["1.1"], column=col["Tình trạng"]).value == "Đang thực hiện"
    assert sheet.column_dimensions["A"].hidden  # the report key
    assert (
        sheet.protection.sheet
        and not sheet.cell(row=rows["1.1"], column=col["Tình trạng"]).protection.locked
    )
    assert sheet.cell(row=rows["1.1"], column=col["Mã báo cáo"]).protection.locked
    assert any("Hoàn thành" in dv.formula1 for dv in sheet.data_validations.dataValidation)
    assert "Hướng dẫn" in book.sheetnames


def test_a_filled_template_updates_the_reports_as_drafts(small_plan, people, login) -> None:
    sp = small_plan
    unit = login(people["unit"])
    book = _download(unit, sp)
    sheet = book["Báo cáo"]
    rows, col = _rows(sheet)
    sheet.cell(row=rows["1.2"], column=col["Tình trạng"]).value = "Hoàn thành"
    sheet.cell(row=rows["1.2"], column=col["Kết quả thực hiện"]).value = "Gửi đủ 4 báo cáo đúng hạn"
    sheet.cell(row=rows["1.2"], column=col["Số liệu 1"]).value = 100
    sheet.cell(row=rows["2.1"], column=col["Tình trạng"]).value = "Đang thực hiện"
    sheet.cell(row=rows["2.1"], column=col["Kết quả thực hiện"]).value = "Kiểm tra 12 văn bản"
    sheet.cell(row=rows["2.1"], column=col["Số liệu 1"]).value = "12"
    sheet.cell(row=rows["2.1"], column=col["Số liệu năm trước 1"]).value = 10
    r = _upload(unit, sp, book)
    assert r.status_code == 302
    reports = {r.assignment.node.code: r for r in Report.objects.select_related("assignment__node")}
    assert set(reports) == {"1.2", "2.1"}
    assert reports["1.2"].status == "done" and reports["1.2"].workflow == "draft"
    assert reports["1.2"].figures.get().result == "met"
    assert reports["2.1"].figures.get().result == "met"  # 12 > 10
    assert ReportEvent.objects.filter(action="imported").count() == 2
    # Uploading the same file again changes nothing.
    r = _upload(unit, sp, book)
    assert r.status_code == 302
    assert ReportEvent.objects.filter(action="imported").count() == 2
    assert "không có thay đổi" in unit.get(r["Location"]).content.decode()


def test_a_bad_file_changes_nothing_and_names_each_bad_row(small_plan, people, login) -> None:
    sp = small_plan
    unit = login(people["unit"])
    unit.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="Trước khi nhập"))
    book = _download(unit, sp)
    sheet = book["Báo cáo"]
    rows, col = _rows(sheet)
    sheet.cell(row=rows["1.1"], column=col["Kết quả thực hiện"]).value = "Nội dung mới hợp lệ"
    sheet.cell(row=rows["1.2"], column=col["Tình trạng"]).value = "Xong rồi"
    sheet.cell(row=rows["2.2"], column=col["Số liệu 1"]).value = "ba sáng kiến"
    other = sp.assignment("1.1", "stc").pk  # another unit's task
    sheet.cell(row=rows["1.8"], column=col["Mã báo cáo"]).value = f"{sp.current.year}-Y/{other}"
    r = _upload(unit, sp, book)
    assert r.status_code == 400
    html = r.content.decode()
    assert "chưa có gì thay đổi" in html
    assert (
        f"Dòng {rows['1.2']} (tiêu chí 1.2): tình trạng &#x27;Xong rồi&#x27; không hợp lệ" in html
    )
    assert f"Dòng {rows['2.2']} (tiêu chí 2.2), cột &#x27;Số liệu 1&#x27;" in html
    assert f"Dòng {rows['1.8']} (tiêu chí 1.8): không nhận ra nhiệm vụ" in html
    assert list(Report.objects.values_list("narrative", flat=True)) == ["Trước khi nhập"]


def test_a_file_that_is_not_excel_is_refused(small_plan, people, login) -> None:
    unit = login(people["unit"])
    r = unit.post(
        f"/bao-cao/{small_plan.current.year}/Y/excel/nhap/",
        {"file": SimpleUploadedFile("bao-cao.xlsx", b"MZ\x00\x00 not a workbook")},
    )
    assert r.status_code == 400 and "không phải CSV hay Excel" in r.content.decode()
    assert not Report.objects.exists()


def test_a_row_edited_on_the_site_after_download_is_not_overwritten(
    small_plan, people, login
) -> None:
    sp = small_plan
    unit = login(people["unit"])
    book = _download(unit, sp)
    unit.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="Sửa trên hệ thống"))
    rows, col = _rows(book["Báo cáo"])
    book["Báo cáo"].cell(row=rows["1.1"], column=col["Kết quả thực hiện"]).value = "Từ Excel cũ"
    r = _upload(unit, sp, book)
    assert r.status_code == 400 and "sau khi bạn tải mẫu" in r.content.decode()
    assert Report.objects.get().narrative == "Sửa trên hệ thống"


def test_an_accepted_report_cannot_be_changed_through_excel(
    small_plan, people, login, client
) -> None:
    sp = small_plan
    unit = login(people["unit"])
    unit.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="Xong", action="submit"))
    lead = login(people["lead"], client.__class__())
    lead.post(report_path(sp, "1.1", "stp", suffix="duyet/"), {"decision": "accept"})
    book = _download(unit, sp)
    rows, col = _rows(book["Báo cáo"])
    book["Báo cáo"].cell(row=rows["1.1"], column=col["Kết quả thực hiện"]).value = "Sửa lén"
    r = _upload(unit, sp, book)
    assert r.status_code == 400 and "Đã chấp nhận" in r.content.decode()
    assert Report.objects.get().narrative == "Xong"
