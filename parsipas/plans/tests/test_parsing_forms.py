"""The same plan as extracted text, Word and Excel gives the same nodes and texts."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from parsipas.plans.parsing import plan_to_dict, read_plan, write_docx, write_xlsx

from .test_parsing_seed import SEED, seed_plan

HEADER = [
    "STT",
    "LĨNH VỰC, TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN",
    "NỘI DUNG THỰC HIỆN",
    "CƠ QUAN THỰC HIỆN",
    "CƠ QUAN CHỦ TRÌ",
    "THỜI GIAN THỰC HIỆN",
]


def nodes_of(plan) -> list[dict]:
    return plan_to_dict(plan)["nodes"]


def test_the_seed_as_docx_gives_the_same_plan():
    plan = read_plan(write_docx(seed_plan()), "phu-luc.docx")
    assert plan_to_dict(plan) == plan_to_dict(seed_plan())
    assert plan.node("PAR", "1.6").location == "bảng 1, hàng 9, mục 1.6"


def test_the_seed_as_xlsx_gives_the_same_plan():
    plan = read_plan(write_xlsx(seed_plan()), "phu-luc.xlsx")
    assert plan_to_dict(plan) == plan_to_dict(seed_plan())
    assert plan.node("PAR", "1.1").location == "hàng 7, mục 1.1"


def test_agencies_and_deadline_flags_survive_the_round_trip():
    for data, name in ((write_docx(seed_plan()), "a.docx"), (write_xlsx(seed_plan()), "a.xlsx")):
        plan = read_plan(data, name)
        for original, again in zip(seed_plan().nodes, plan.nodes, strict=True):
            assert (again.leads, again.implementers) == (original.leads, original.implementers)
            assert again.deadline_by_authority == original.deadline_by_authority


def test_the_doubts_are_found_in_every_form():
    def doubts(plan):
        return [
            (i.location.split("mục ")[-1], i.message) for i in plan.issues if i.severity == "doubt"
        ]

    expected = doubts(seed_plan())
    assert expected
    assert doubts(read_plan(write_docx(seed_plan()), "a.docx")) == expected
    assert doubts(read_plan(write_xlsx(seed_plan()), "a.xlsx")) == expected


def test_the_form_is_read_from_the_content_not_the_name():
    assert plan_to_dict(read_plan(write_docx(seed_plan()), "phu-luc.xlsx")) == plan_to_dict(
        seed_plan()
    )
    assert plan_to_dict(read_plan(write_xlsx(seed_plan()), "phu-luc.txt")) == plan_to_dict(
        seed_plan()
    )


def test_text_with_bom_and_windows_line_ends():
    data = b"\xef\xbb\xbf" + SEED.read_text(encoding="utf-8").replace("\n", "\r\n").encode()
    assert plan_to_dict(read_plan(data, "a.txt")) == plan_to_dict(seed_plan())


def test_text_in_utf16_as_saved_by_notepad():
    data = SEED.read_text(encoding="utf-8").encode("utf-16")
    assert plan_to_dict(read_plan(data, "a.txt")) == plan_to_dict(seed_plan())


# -- Word documents built by hand, like those of other provinces ------------------------------


def _docx_bytes(document) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _fill(row, values):
    for cell, value in zip(row.cells, values, strict=True):
        lines = value.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def _small_plan_document(rows: list[list[str]]):
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph("Phân công nhiệm vụ cải thiện Chỉ số PAR Index của tỉnh năm 2026")
    table = document.add_table(rows=len(rows) + 1, cols=6)
    _fill(table.rows[0], HEADER)
    for row, values in zip(table.rows[1:], rows, strict=True):
        _fill(row, values)
    return document, table


def test_a_criterion_split_over_two_table_rows_with_an_empty_stt():
    document, _ = _small_plan_document(
        [
            ["I", "CHỈ SỐ PAR INDEX", "", "", "", ""],
            ["1", "Công tác chỉ đạo, điều hành CCHC", "Sở Nội vụ chủ trì, đôn đốc", "", "", ""],
            [
                "1.1",
                "Thực hiện kế hoạch CCHC",
                "- Các cơ quan, đơn vị bám sát Kế hoạch CCHC năm 2026 để hoàn thành 100% nhiệm "
                "vụ.\n- Sở Nội vụ thường xuyên theo dõi, đôn đốc cơ quan, đơn vị thực hiện",
                "Các cơ quan, đơn",
                "Sở Nội vụ",
                "Chậm nhất là ngày",
            ],
            ["", "", "hoàn thành các nhiệm vụ.", "vị, địa phương", "", "31/12/2026"],
            [
                "1.2",
                "Thực hiện chế độ báo cáo CCHC",
                "100% các báo cáo",
                "Các cơ quan, đơn vị",
                "Sở Nội vụ",
                "Theo thời hạn quy định của Bộ Nội vụ",
            ],
        ]  # fmt: skip
    )
    plan = read_plan(_docx_bytes(document), "hand.docx")
    criterion = plan.node("PAR", "1.1")
    assert criterion.content.splitlines() == [
        "- Các cơ quan, đơn vị bám sát Kế hoạch CCHC năm 2026 để hoàn thành 100% nhiệm vụ.",
        "- Sở Nội vụ thường xuyên theo dõi, đôn đốc cơ quan, đơn vị thực hiện hoàn thành các "
        "nhiệm vụ.",
    ]
    assert criterion.implementers_text == "Các cơ quan, đơn vị, địa phương"
    assert criterion.implementers.groups == ["agencies_and_communes"]
    assert criterion.deadline_text == "Chậm nhất là ngày 31/12/2026"
    assert str(criterion.deadline) == "2026-12-31"
    assert criterion.location == "bảng 1, hàng 4, mục 1.1"
    assert [n.code for n in plan.nodes] == ["I", "1", "1.1", "1.2"]
    assert plan.year == 2026
    repairs = [i for i in plan.issues if i.location == "bảng 1, hàng 5, mục 1.1"]
    assert repairs and all(i.severity == "repair" for i in repairs)


def test_a_hand_built_table_as_text_docx_and_xlsx_gives_one_plan():
    text_rows = [
        "PHỤ LỤC",
        "Phân công nhiệm vụ cải thiện Chỉ số PAR Index của tỉnh năm 2026",
        "\t".join(HEADER),
        "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
        "1\tCông tác chỉ đạo, điều hành CCHC\tSở Nội vụ chủ trì, đôn đốc\t\t\t",
        "1.1\tThực hiện kế hoạch CCHC\t- Bám sát kế hoạch. - Sở Nội vụ theo dõi\tCác cơ quan, đơn"
        "\tSở Nội vụ\tTrong năm 2026",
        "\t\tthực hiện.\tvị, địa phương\t\t",
    ]
    document, _ = _small_plan_document(
        [
            ["I", "CHỈ SỐ PAR INDEX", "", "", "", ""],
            ["1", "Công tác chỉ đạo, điều hành CCHC", "Sở Nội vụ chủ trì, đôn đốc", "", "", ""],
            [
                "1.1",
                "Thực hiện kế hoạch CCHC",
                "- Bám sát kế hoạch.\n- Sở Nội vụ theo dõi",
                "Các cơ quan, đơn",
                "Sở Nội vụ",
                "Trong năm 2026",
            ],
            ["", "", "thực hiện.", "vị, địa phương", "", ""],
        ]  # fmt: skip
    )
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in text_rows:
        sheet.append(line.replace(". - ", ".\n- ").split("\t"))
    from_text = read_plan("\n".join(text_rows).encode(), "a.txt")
    from_docx = read_plan(_docx_bytes(document), "a.docx")
    from_xlsx = read_plan(_xlsx_bytes(workbook), "a.xlsx")
    assert plan_to_dict(from_docx) == plan_to_dict(from_text)
    assert plan_to_dict(from_xlsx) == plan_to_dict(from_text)
    assert (
        from_text.node("PAR", "1.1").content
        == "- Bám sát kế hoạch.\n- Sở Nội vụ theo dõi thực hiện."
    )


def _set_vertical_merge(cell, value: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    if value:
        merge.set(qn("w:val"), value)
    tc_pr.append(merge)


def test_word_merged_cells_are_resolved():
    document, table = _small_plan_document(
        [
            ["I", "CHỈ SỐ PAR INDEX", "", "", "", ""],
            ["1", "Cải cách thể chế", "Sở Tư pháp chủ trì, đôn đốc", "", "", ""],
            ["2.1", "", "", "", "", ""],  # replaced below
        ]
    )
    # Index row: the title spans the five columns after STT.
    index_row = table.rows[1]
    index_row.cells[1].merge(index_row.cells[5])
    # Criteria 1.1 and 1.2 share one lead cell, merged vertically.
    rows = table.rows
    _fill(rows[3], ["1.1", "Theo dõi thi hành pháp luật", "Triển khai.", "Các cơ quan, đơn vị",
                    "Sở Tư pháp", "Trong năm 2026"])  # fmt: skip
    new_row = table.add_row()
    _fill(new_row, ["1.2", "Kiểm tra VBQPPL", "Xử lý 100% văn bản.", "Các cơ quan, đơn vị", "",
                    "Trong năm 2026"])  # fmt: skip
    _set_vertical_merge(rows[3].cells[4], "restart")
    _set_vertical_merge(table.rows[4].cells[4], "")
    plan = read_plan(_docx_bytes(document), "merged.docx")
    assert plan.node("PAR", "I").title == "CHỈ SỐ PAR INDEX"
    assert plan.node("PAR", "I").content == ""
    assert plan.node("PAR", "1.1").lead_text == "Sở Tư pháp"
    assert plan.node("PAR", "1.2").lead_text == "Sở Tư pháp"


def test_word_list_paragraphs_are_bullets_without_a_typed_dash():
    document, table = _small_plan_document(
        [
            ["I", "CHỈ SỐ PAR INDEX", "", "", "", ""],
            ["1", "Cải cách thể chế", "Sở Tư pháp chủ trì", "", "", ""],
            [
                "1.1",
                "Theo dõi thi hành pháp luật",
                "",
                "Các cơ quan, đơn vị",
                "Sở Tư pháp",
                "Trong năm 2026",
            ],
        ]  # fmt: skip
    )
    cell = table.rows[3].cells[2]
    cell.paragraphs[0].text = "Các cơ quan triển khai thực hiện"
    cell.paragraphs[0].style = document.styles["List Bullet"]
    cell.add_paragraph("Sở Tư pháp theo dõi", style="List Bullet")
    plan = read_plan(_docx_bytes(document), "list.docx")
    assert plan.node("PAR", "1.1").content == (
        "- Các cơ quan triển khai thực hiện\n- Sở Tư pháp theo dõi"
    )


def test_a_header_row_repeated_inside_a_word_table_is_skipped():
    document, _ = _small_plan_document(
        [
            ["I", "CHỈ SỐ PAR INDEX", "", "", "", ""],
            ["1", "Cải cách thể chế", "Sở Tư pháp chủ trì", "", "", ""],
            [h.replace("TIÊU CHÍ,", "TIÊU CHỈ,") for h in HEADER],
            ["1.1", "Theo dõi", "Triển khai", "Các cơ quan, đơn vị", "Sở Tư pháp", "Năm 2026"],
        ]
    )
    plan = read_plan(_docx_bytes(document), "repeated.docx")
    assert [n.code for n in plan.nodes] == ["I", "1", "1.1"]
    assert any(
        i.location == "bảng 1, hàng 4 (dòng tiêu đề lặp lại)" and "TIÊU CHỈ" in i.message
        for i in plan.issues
    )


def test_a_word_table_cut_into_one_table_per_page():
    document, _ = _small_plan_document(
        [
            ["I", "CHỈ SỐ PAR INDEX", "", "", "", ""],
            ["1", "Cải cách thể chế", "Sở Tư pháp chủ trì", "", "", ""],
        ]
    )
    document.add_paragraph("")
    second = document.add_table(rows=3, cols=6)
    _fill(second.rows[0], HEADER)
    _fill(second.rows[1], ["1.1", "Theo dõi", "Triển khai", "Các cơ quan, đơn", "Sở Tư pháp",
                           "Trong năm 2026"])  # fmt: skip
    _fill(second.rows[2], ["", "", "", "vị, địa phương", "", ""])
    signatures = document.add_table(rows=1, cols=2)
    _fill(signatures.rows[0], ["Nơi nhận:", "KT. CHỦ TỊCH"])
    plan = read_plan(_docx_bytes(document), "pages.docx")
    assert [n.code for n in plan.nodes] == ["I", "1", "1.1"]
    assert plan.node("PAR", "1.1").implementers_text == "Các cơ quan, đơn vị, địa phương"
    assert plan.node("PAR", "1.1").location == "bảng 2, hàng 2, mục 1.1"


def test_a_header_split_over_two_rows():
    document = docx.Document()
    document.add_paragraph("Phân công nhiệm vụ năm 2026")
    table = document.add_table(rows=5, cols=6)
    _fill(table.rows[0], ["STT", "TIÊU CHÍ", "NỘI DUNG", "CƠ QUAN", "", "THỜI GIAN"])
    _fill(table.rows[1], ["", "", "", "THỰC HIỆN", "CHỦ TRÌ", ""])
    _fill(table.rows[2], ["I", "CHỈ SỐ PAR INDEX", "", "", "", ""])
    _fill(table.rows[3], ["1", "Cải cách thể chế", "Sở Tư pháp chủ trì", "", "", ""])
    _fill(table.rows[4], ["1.1", "Theo dõi", "Triển khai", "Các cơ quan, đơn vị", "Sở Tư pháp",
                          "Trong năm 2026"])  # fmt: skip
    plan = read_plan(_docx_bytes(document), "two-rows.docx")
    criterion = plan.node("PAR", "1.1")
    assert (criterion.implementers_text, criterion.lead_text) == (
        "Các cơ quan, đơn vị",
        "Sở Tư pháp",
    )


# -- Excel workbooks built by hand ------------------------------------------------------------


def _xlsx_bytes(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_xlsx_header_found_below_a_title_and_columns_in_another_order():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "UBND TỈNH ĐẮK LẮK"
    sheet["A3"] = "Phân công nhiệm vụ cải thiện Chỉ số PAR Index năm 2026"
    sheet.append([])
    sheet.append(["Số TT", "Tiêu chí", "Nội dung thực hiện", "Thời gian thực hiện",
                  "Cơ quan chủ trì", "Cơ quan thực hiện", "Ghi chú"])  # fmt: skip
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    sheet.append(["I", "CHỈ SỐ PAR INDEX"])
    sheet.append(["1", "Cải cách thể chế", "Sở Tư pháp chủ trì, đôn đốc"])
    sheet.append(["1.1", "Theo dõi", "Xử lý 100% văn bản", "Quý II/2026", "Sở Tư pháp",
                  "Các cơ quan, đơn vị", "ghi chú không đọc"])  # fmt: skip
    plan = read_plan(_xlsx_bytes(workbook), "other.xlsx")
    criterion = plan.node("PAR", "1.1")
    assert criterion.lead_text == "Sở Tư pháp"
    assert criterion.implementers_text == "Các cơ quan, đơn vị"
    assert str(criterion.deadline) == "2026-06-30"
    assert criterion.location == "hàng 9, mục 1.1"
    assert plan.title == "Phân công nhiệm vụ cải thiện Chỉ số PAR Index năm 2026"


def test_xlsx_codes_stored_as_numbers_keep_their_tenth():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["I", "CHỈ SỐ PAR INDEX"])
    sheet.append([7, "Chính quyền số", "Sở Khoa học và Công nghệ chủ trì"])
    for number in range(1, 12):
        # What Excel keeps when someone types 7.10 in a number cell: 7.1.
        code = float(f"7.{number}")
        sheet.append([code, f"Tiêu chí {number}", "Nội dung", "Các cơ quan, đơn vị",
                      "Sở Khoa học và Công nghệ", "Trong năm 2026"])  # fmt: skip
    plan = read_plan(_xlsx_bytes(workbook), "numbers.xlsx")
    codes = [n.code for n in plan.nodes if n.level == "criterion"]
    assert codes == [f"7.{n}" for n in range(1, 12)]
    assert plan.node("PAR", "7.10").title == "Tiêu chí 10"
    assert any("«7.1»" in i.message and "«7.10»" in i.message for i in plan.issues)


def test_xlsx_vertically_merged_lead_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["I", "CHỈ SỐ PAR INDEX"])
    sheet.append(["1", "Cải cách thể chế", "Sở Tư pháp chủ trì"])
    sheet.append(["1.1", "A", "Nội dung", "Các cơ quan, đơn vị", "Sở Tư pháp", "Trong năm 2026"])
    sheet.append(["1.2", "B", "Nội dung", "Các cơ quan, đơn vị", None, "Trong năm 2026"])
    sheet.merge_cells("E4:E5")
    plan = read_plan(_xlsx_bytes(workbook), "merged.xlsx")
    assert plan.node("PAR", "1.2").lead_text == "Sở Tư pháp"


@pytest.mark.parametrize("writer", [write_docx, write_xlsx])
def test_writers_keep_text_as_text(writer):
    plan = seed_plan()
    data = writer(plan)
    assert data[:2] == b"PK"
    again = read_plan(data, "x")
    assert [n.code for n in again.nodes] == [n.code for n in plan.nodes]
