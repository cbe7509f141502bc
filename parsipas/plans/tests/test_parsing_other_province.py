"""Another province's appendix: other columns order, other agencies, other quirks."""

from __future__ import annotations

import datetime
import unicodedata
from functools import cache

from parsipas.plans.parsing import ParsedPlan, read_plan
from parsipas.plans.parsing.title import find_title

LINES = [
    "UBND TỈNH GIA LAI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "\tĐộc lập - Tự do - Hạnh phúc",
    "Gia Lai, ngày 15 tháng 01 năm 2027",
    "PHỤ LỤC",
    "Phân công nhiệm vụ nâng cao Chỉ số cải cách hành chính",
    "của tỉnh Gia Lai năm 2027",
    "(Kèm theo Kế hoạch số 12/KH-UBND)",
    "TT\tTIÊU CHÍ\tNỘI DUNG\tTHỜI GIAN\tCƠ QUAN CHỦ TRÌ\tCƠ QUAN PHỐI HỢP THỰC HIỆN",
    "(1)\t(2)\t(3)\t(4)\t(5)\t(6)",
    "I\tCHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)\t\t\t\t",
    "1.\tCông tác chỉ đạo, điều hành\tSở Nội vụ chủ trì tổng hợp\t\t\t",
    "1.1.\tKế hoạch CCHC\t- Ban hành kế hoạch trước ngày 31/01. - Hoàn thành 100%\u00a0nhiệm vụ"
    "\tQuý I/2027\tSở Nội vụ\tSở GTVT, Sở Tài nguyên và Môi trường, Công an tỉnh",
    "1.2\tBáo cáo\tBáo cáo đúng hạn\tThường xuyên\t\tCác sở, ban, ngành, UBND cấp xã",
    "1.4\tKiểm tra\tKiểm tra tối thiểu 20 đơn vị\t6 tháng đầu năm\tSở Nội vụ\tCác cơ quan, đơn vị",
    "3",
    "1.4.1\tKiểm tra thành phần\tNội dung\tTrong năm\tSở Nội vụ\tCác cơ quan, đơn vị",
    "II\tCHỈ SỐ HÀI LÒNG (SIPAS)\t\t\t\t",
    "1\tTiếp cận dịch vụ\tVăn phòng UBND tỉnh chủ trì\t\t\t",
    "1.1\tCơ sở vật chất\tĐầu tư\tTrong năm 2027\tVăn phòng Ủy ban nhân dân tỉnh"
    "\tUBND các xã, phường",
    "",
    "Nơi nhận:",
]
REGISTRY = {
    "Sở Nội vụ": ["SNV"],
    "Sở Giao thông vận tải": ["Sở GTVT"],
    "Văn phòng UBND tỉnh": ["Văn phòng Ủy ban nhân dân tỉnh"],
}


@cache
def plan() -> ParsedPlan:
    # Decomposed diacritics, as some PDF extractors write them.
    text = unicodedata.normalize("NFD", "\n".join(LINES))
    return read_plan(text.encode(), "gia-lai.txt", registry=REGISTRY)


def test_title_wrapped_over_two_lines_below_the_letterhead():
    assert plan().title == (
        "Phân công nhiệm vụ nâng cao Chỉ số cải cách hành chính của tỉnh Gia Lai năm 2027"
    )
    assert plan().year == 2027


def test_columns_are_found_by_their_names_in_any_order():
    criterion = plan().node("PAR", "1.1")
    assert criterion.deadline == datetime.date(2027, 3, 31)
    assert criterion.lead_text == "Sở Nội vụ"
    assert criterion.content == "- Ban hành kế hoạch trước ngày 31/01.\n- Hoàn thành 100% nhiệm vụ"


def test_text_is_recomposed_and_codes_with_trailing_dots_are_read():
    assert [n.code for n in plan().nodes] == [
        "I",
        "1",
        "1.1",
        "1.2",
        "1.4",
        "1.4.1",
        "II",
        "1",
        "1.1",
    ]
    assert plan().node("PAR", "1").title == unicodedata.normalize(
        "NFC", "Công tác chỉ đạo, điều hành"
    )


def test_agencies_resolve_against_the_callers_registry():
    implementers = plan().node("PAR", "1.1").implementers
    assert implementers.names == [
        "Sở Giao thông vận tải",
        "Sở Tài nguyên và Môi trường",
        "Công an tỉnh",
    ]
    assert implementers.unknown == ["Sở Tài nguyên và Môi trường", "Công an tỉnh"]
    assert plan().node("PAR", "1.2").implementers.groups == ["agencies_and_communes"]
    assert plan().node("SIPAS", "1.1").implementers.groups == ["communes"]
    assert plan().node("SIPAS", "1.1").leads.names == ["Văn phòng UBND tỉnh"]


def test_sipas_items_with_children_are_fields():
    assert plan().node("SIPAS", "1").level == "field"
    assert plan().node("SIPAS", "1").lead_text == "Văn phòng UBND tỉnh"
    assert plan().node("SIPAS", "1.1").parent == "1"


def test_sub_criteria_hang_under_their_criterion_with_a_doubt():
    sub = plan().node("PAR", "1.4.1")
    assert (sub.level, sub.parent) == ("criterion", "1.4")
    assert any("tiêu chí thành phần" in i.message for i in plan().issues)


def test_doubts_of_this_plan():
    doubts = {(i.location, i.message.split(":")[0]) for i in plan().issues if i.severity == "doubt"}
    assert ("dòng 13, mục 1.2", "Cột CƠ QUAN CHỦ TRÌ trống") in doubts
    assert ("dòng 13, mục 1.2", "Không đọc được thời hạn «Thường xuyên»") in doubts
    assert any("không liền mạch (sau «1.2»)" in i.message for i in plan().issues)
    assert ("dòng 21", "Dòng không thuộc bảng (không chia cột), đã bỏ qua") in doubts


def test_page_numbers_and_column_number_rows_are_skipped_silently():
    assert not any("dòng 15" in i.location or "dòng 9" in i.location for i in plan().issues)


def test_a_field_before_any_index_row_goes_under_par():
    text = "\n".join(
        [
            "STT\tTIÊU CHÍ\tNỘI DUNG THỰC HIỆN\tCƠ QUAN THỰC HIỆN\tCƠ QUAN CHỦ TRÌ\tTHỜI GIAN",
            "1\tCông tác chỉ đạo\tSở Nội vụ chủ trì\t\t\t",
            "1.1\tKế hoạch\tNội dung\tCác cơ quan, đơn vị\tSở Nội vụ\tTrong năm 2026",
        ]
    )
    implicit = read_plan(text.encode(), "a.txt")
    assert [n.key for n in implicit.nodes] == [("PAR", "I"), ("PAR", "1"), ("PAR", "1.1")]
    assert implicit.nodes[0].title == "CHỈ SỐ PAR INDEX"
    assert implicit.year == 2026
    assert any(
        i.severity == "doubt" and "I. CHỈ SỐ PAR INDEX" in i.message for i in implicit.issues
    )


def test_find_title_skips_the_state_document_layout():
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
        "Số: 25/KH-UBND",
        "Đắk Lắk, ngày 10 tháng 01 năm 2026",
        "PHỤ LỤC I",
        "Phân công nhiệm vụ năm 2026",
        "(Ban hành kèm theo Kế hoạch)",
    ]
    assert find_title(lines) == "Phân công nhiệm vụ năm 2026"


def test_an_empty_lead_is_doubted_with_the_fields_lead_as_hint():
    messages = [i.message for i in plan().issues if i.location == "dòng 13, mục 1.2"]
    assert (
        "Cột CƠ QUAN CHỦ TRÌ trống: quản trị viên cần chọn cơ quan chủ trì "
        "(lĩnh vực 1 do Sở Nội vụ chủ trì)." in messages
    )


def test_a_typo_in_the_first_header_is_reported_too():
    text = "\n".join(
        [
            "STT\tTIÊU CHỈ\tNỘI DUNG THỰC HIỆN\tCƠ QUAN THỰC HIỆN\tCƠ QUAN CHỦ TRÌ\tTHỜI GIAN",
            "1\tCông tác chỉ đạo\tSở Nội vụ chủ trì\t\t\t",
        ]
    )
    issues = read_plan(text.encode(), "a.txt").issues
    assert any(
        i.location == "dòng 1 (dòng tiêu đề)" and "«TIÊU CHỈ» (đúng là «TIÊU CHÍ»)" in i.message
        for i in issues
    )
