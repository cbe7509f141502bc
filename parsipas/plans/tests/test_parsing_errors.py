"""A file that cannot be a plan stops the import with a Vietnamese message naming the place."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest

from parsipas.lib.tabular import ImportRefused
from parsipas.plans.parsing import MAX_FILE_BYTES, read_plan

HEADER = (
    "STT\tLĨNH VỰC, TIÊU CHÍ\tNỘI DUNG THỰC HIỆN\tCƠ QUAN THỰC HIỆN\tCƠ QUAN CHỦ TRÌ\t"
    "THỜI GIAN THỰC HIỆN"
)


def plan_text(*rows: str) -> bytes:
    lines = ["Phân công nhiệm vụ năm 2026", "", HEADER, *rows]
    return "\n".join(lines).encode()


def error_of(data: bytes, filename: str = "ke-hoach.txt") -> str:
    with pytest.raises(ImportRefused) as raised:
        read_plan(data, filename)
    return raised.value.message


def test_an_empty_file():
    assert error_of(b"") == "Tệp «ke-hoach.txt» trống, không có dữ liệu."
    assert "trống" in error_of(b"  \n\n ")


def test_a_file_over_10_mb():
    message = error_of(b"x" * (MAX_FILE_BYTES + 1))
    assert message.startswith("Tệp «ke-hoach.txt» quá lớn (10 MB)")
    assert "giới hạn là 10 MB" in message


def test_bytes_that_are_no_text_nor_office_file():
    message = error_of(bytes(range(128, 256)) * 4, "anh.png")
    assert message.startswith("Tệp «anh.png» không đọc được: không phải văn bản UTF-8")


def test_text_in_another_encoding():
    data = "Phân công nhiệm vụ".encode("cp1258", errors="replace")
    assert "không đọc được" in error_of(data)


def test_a_pdf_or_an_old_office_file_says_what_to_do():
    assert "đây là tệp PDF" in error_of(b"%PDF-1.7\n...", "ke-hoach.pdf")
    assert ".doc/.xls" in error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.doc")


def test_a_zip_that_is_neither_word_nor_excel():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "không phải Word (.docx) hay Excel (.xlsx)" in error_of(buffer.getvalue(), "a.zip")


def test_a_damaged_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    message = error_of(buffer.getvalue(), "hong.docx")
    assert message.startswith("Tệp 'hong.docx' không phải tài liệu Word hợp lệ (thiếu phần")


def test_a_truncated_zip():
    buffer = io.BytesIO()
    document = docx.Document()
    document.save(buffer)
    assert "không đọc được" in error_of(buffer.getvalue()[:300], "cut.docx")


def test_no_header_row():
    message = error_of("Phân công nhiệm vụ\nI\tCHỈ SỐ PAR INDEX\n".encode())
    assert message.startswith("Không tìm thấy dòng tiêu đề bảng (STT, ")
    assert "CƠ QUAN CHỦ TRÌ" in message


def test_no_header_in_the_first_15_rows_of_a_sheet():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for _ in range(16):
        sheet.append(["ghi chú"])
    sheet.append(HEADER.split("\t"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    message = error_of(buffer.getvalue(), "a.xlsx")
    assert message.startswith("Không tìm thấy dòng tiêu đề bảng")
    assert "15 hàng đầu" in message


def test_a_docx_without_the_table():
    document = docx.Document()
    document.add_paragraph("Kế hoạch năm 2026")
    buffer = io.BytesIO()
    document.save(buffer)
    assert error_of(buffer.getvalue(), "a.docx").startswith("Không tìm thấy dòng tiêu đề bảng")


def test_a_header_but_no_data_rows():
    assert error_of(plan_text("", "\t\t\t\t\t")) == (
        "Bảng có dòng tiêu đề (dòng 3) nhưng không có dòng dữ liệu nào."
    )


@pytest.mark.parametrize("code", ["1..3", "x.1", "1.a", "a)", "1.2.3.4"])
def test_a_broken_code_names_the_line(code):
    message = error_of(
        plan_text(
            "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
            "1\tLĩnh vực\tSở Nội vụ chủ trì\t\t\t",
            f"{code}\tTiêu chí\tNội dung\tCác cơ quan, đơn vị\tSở Nội vụ\tTrong năm 2026",
        )
    )
    assert message.startswith(f"Dòng 6: mã STT «{code}» không hợp lệ")


def test_a_criterion_whose_field_does_not_exist():
    message = error_of(
        plan_text(
            "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
            "8\tLĩnh vực 8\tSở Tài chính chủ trì\t\t\t",
            "9.1\tTiêu chí\tNội dung\tCác cơ quan, đơn vị\tSở Tài chính\tTrong năm 2026",
        )
    )
    assert message == (
        "Dòng 6: mục «9.1» thuộc lĩnh vực 9 nhưng phía trên không có lĩnh vực 9 trong chỉ số PAR."
    )


def test_a_duplicate_code_within_one_index():
    message = error_of(
        plan_text(
            "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
            "1\tLĩnh vực\tSở Nội vụ chủ trì\t\t\t",
            "1.1\tTiêu chí A\tNội dung\tCác cơ quan, đơn vị\tSở Nội vụ\tTrong năm 2026",
            "1.1\tTiêu chí B\tNội dung\tCác cơ quan, đơn vị\tSở Nội vụ\tTrong năm 2026",
        )
    )
    assert message == "Dòng 7: Mã «1.1» bị trùng trong chỉ số PAR (đã có ở dòng 6)."


def test_the_same_code_in_two_indices_is_fine():
    plan = read_plan(
        plan_text(
            "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
            "1\tLĩnh vực\tSở Nội vụ chủ trì\t\t\t",
            "1.1\tTiêu chí\tNội dung\tCác cơ quan, đơn vị\tSở Nội vụ\tTrong năm 2026",
            "II\tCHỈ SỐ SIPAS\t\t\t\t",
            "1\tChỉ số hài lòng\tNội dung\tCác cơ quan, đơn vị\tVăn phòng UBND tỉnh\tTrong năm",
        ),
        "a.txt",
    )
    assert [n.key for n in plan.nodes][-1] == ("SIPAS", "1")


def test_a_criterion_before_any_field():
    message = error_of(
        plan_text(
            "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
            "1.1\tTiêu chí\tNội dung\tCác cơ quan, đơn vị\tSở Nội vụ\tTrong năm 2026",
        )
    )
    assert message.startswith("Dòng 5: tiêu chí «1.1» đứng trước mọi lĩnh vực")


def test_a_continuation_row_with_nothing_above():
    message = error_of(plan_text("\tTiêu chí không mã\tNội dung\t\t\t"))
    assert message.startswith("Dòng 4: dòng có nội dung nhưng cột STT trống")


def test_a_row_wider_than_the_header():
    message = error_of(
        plan_text(
            "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
            "1\tLĩnh vực\tSở Nội vụ chủ trì\t\t\t\tcột thừa",
        )
    )
    assert message.startswith("Dòng 5: dòng có 7 cột, nhiều hơn 6 cột của dòng tiêu đề")


def test_an_index_that_is_neither_par_nor_sipas():
    message = error_of(plan_text("III\tCHỈ SỐ KHÁC\t\t\t\t"))
    assert message.startswith("Dòng 4: không nhận ra chỉ số «III»")


def test_no_partial_result_on_error():
    data = plan_text(
        "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
        "1\tLĩnh vực\tSở Nội vụ chủ trì\t\t\t",
        "1.1\tTiêu chí\tNội dung\tCác cơ quan, đơn vị\tSở Nội vụ\tTrong năm 2026",
        "x.2\tTiêu chí\tNội dung\tCác cơ quan, đơn vị\tSở Nội vụ\tTrong năm 2026",
    )
    result = None
    with pytest.raises(ImportRefused):
        result = read_plan(data, "a.txt")
    assert result is None


def test_the_same_index_twice():
    message = error_of(
        plan_text(
            "I\tCHỈ SỐ PAR INDEX\t\t\t\t",
            "1\tLĩnh vực\tSở Nội vụ chủ trì\t\t\t",
            "III\tCHỈ SỐ PAR INDEX (tiếp)\t\t\t\t",
        )
    )
    assert message == (
        "Dòng 6: chỉ số PAR xuất hiện lần thứ hai (mã «III», đã có mã «I» ở dòng 4)."
    )


def test_lettered_indices():
    plan = read_plan(
        plan_text(
            "A\tCHỈ SỐ PAR INDEX\t\t\t\t",
            "1\tLĩnh vực\tSở Nội vụ chủ trì\t\t\t",
            "B\tCHỈ SỐ SIPAS\t\t\t\t",
            "1\tChỉ số hài lòng\tNội dung\tCác cơ quan, đơn vị\tVăn phòng UBND tỉnh\tTrong năm",
        ),
        "a.txt",
    )
    assert [n.key for n in plan.nodes] == [
        ("PAR", "A"),
        ("PAR", "1"),
        ("SIPAS", "B"),
        ("SIPAS", "1"),
    ]
