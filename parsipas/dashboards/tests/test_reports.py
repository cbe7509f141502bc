"""The Word report and the Excel appendix, from the pages and from the command."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.core.management import call_command

from parsipas.dashboards.models import PeriodNarrative

pytestmark = pytest.mark.django_db


def test_word_report_has_the_state_document_layout_and_the_figures(world, people, login, tmp_path):
    PeriodNarrative.objects.create(
        period=world.periods["Q1"], number="125", direction="Đoạn chỉ đạo do quản trị viên viết."
    )
    response = login(people["viewer"]).get(f"/bao-cao-dinh-ky/{world.plan.year}/Q1/bao-cao.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.content))
    head = document.tables[0]
    assert head.cell(0, 0).text.split("\n") == ["UBND TỈNH ĐẮK LẮK", "SỞ NỘI VỤ"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head.cell(0, 1).text
    assert "Độc lập - Tự do - Hạnh phúc" in head.cell(0, 1).text
    assert head.cell(1, 0).text == "Số: 125/BC-SNV"
    assert head.cell(1, 1).text.startswith("Đắk Lắk, ngày")
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert f"Kết quả thực hiện công tác cải cách hành chính quý I năm {world.plan.year}" in texts
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
    ):
        assert heading in texts
    assert "Đoạn chỉ đạo do quản trị viên viết." in texts
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.page_width.mm) == 210
    fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.text}
    assert fonts == {"Times New Roman"}
    sizes = {r.font.size.pt for p in document.paragraphs for r in p.runs if p.text.startswith("I.")}
    assert sizes <= {13.0, 14.0}
    assert len(document.inline_shapes) >= 1  # the chart
    all_text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Nơi nhận:" in all_text and "GIÁM ĐỐC" in all_text
    assert "Lĩnh vực thử 1" in all_text  # results per field
    assert "Tiêu chí 1.1" in all_text  # the criteria appendix


def test_excel_appendix_has_plan_columns_status_counts_and_a_sheet_per_field(world, people, login):
    response = login(people["admin"]).get(f"/bao-cao-dinh-ky/{world.plan.year}/Q1/phu-luc.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Tiến độ"
    assert any(name.startswith("LV1") for name in book.sheetnames)
    assert "SIPAS" in book.sheetnames
    sheet = book["Tiến độ"]
    headers = [c.value for c in sheet[3]]
    for column in (
        "Mã",
        "Nội dung thực hiện",
        "Cơ quan chủ trì",
        "Hoàn thành",
        "Chưa gửi báo cáo",
        "Chỉ tiêu",
        "Kết quả",
    ):
        assert column in headers
    assert sheet.freeze_panes == "D4"
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1]}
    c11 = rows["1.1"]
    assert c11[headers.index("Số đơn vị")] == 5
    assert (
        sum(
            c11[headers.index(h)]
            for h in (
                "Hoàn thành",
                "Đang thực hiện",
                "Chưa triển khai",
                "Không hoàn thành",
                "Chưa gửi báo cáo",
            )
        )
        == 5
    )
    field_sheet = book[next(n for n in book.sheetnames if n.startswith("LV1"))]
    units = [r[1] for r in field_sheet.iter_rows(min_row=4, values_only=True)]
    assert "Sở Tư pháp" in units


def test_report_command_writes_the_same_files(world, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command(
        "report",
        "--year",
        str(world.plan.year),
        "--period",
        "Q1",
        "--format",
        "docx",
        "-o",
        str(out),
    )
    assert "BÁO CÁO" in [p.text for p in docx.Document(out).paragraphs]
    out = tmp_path / "phu-luc.xlsx"
    call_command(
        "report",
        "--year",
        str(world.plan.year),
        "--period",
        "Q1",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert openpyxl.load_workbook(out).sheetnames[0] == "Tiến độ"


def test_admin_edits_the_narrative_before_generating(world, people, login):
    client = login(people["admin"])
    url = f"/bao-cao-dinh-ky/{world.plan.year}/Q1/noi-dung/"
    response = client.post(
        url,
        {
            "number": "7",
            "direction": "",
            "shortcomings": "Còn chậm.",
            "next_tasks": "",
            "proposals": "Đề nghị Bộ hướng dẫn.",
        },
    )
    assert response.status_code == 302
    document = docx.Document(
        io.BytesIO(client.get(f"/bao-cao-dinh-ky/{world.plan.year}/Q1/bao-cao.docx").content)
    )
    texts = [p.text for p in document.paragraphs]
    assert "Còn chậm." in texts and "Đề nghị Bộ hướng dẫn." in texts
    client.logout()
    assert login(people["viewer"]).post(url, {"number": "8"}).status_code == 403
