"""The 2026 Đắk Lắk appendix, as extracted from the signed PDF, read whole."""

from __future__ import annotations

import datetime
from collections import Counter
from functools import cache
from pathlib import Path

from parsipas.plans.parsing import ParsedPlan, plan_to_dict, read_plan

SEED = Path(__file__).resolve().parents[3] / "data" / "plans" / "daklak-2026.txt"


@cache
def seed_plan() -> ParsedPlan:
    return read_plan(SEED.read_bytes(), SEED.name)


def node(code: str, index: str = "PAR"):
    return seed_plan().node(index, code)


def issues_at(code: str, severity: str | None = None) -> list[str]:
    return [
        issue.message
        for issue in seed_plan().issues
        if issue.location.endswith(f"mục {code}") and severity in (None, issue.severity)
    ]


def test_it_reads_title_and_year_from_the_line_above_the_table():
    plan = seed_plan()
    assert plan.year == 2026
    assert plan.title == (
        "Phân công nhiệm vụ triển khai thực hiện cải thiện và nâng cao Chỉ số PAR Index, "
        "Chỉ số SIPAS của tỉnh Đắk Lắk năm 2026"
    )


def test_it_builds_two_indices_eight_fields_77_criteria_and_5_sipas_criteria():
    nodes = seed_plan().nodes
    indices = [(n.index, n.code, n.title) for n in nodes if n.level == "index"]
    assert indices == [("PAR", "I", "CHỈ SỐ PAR INDEX"), ("SIPAS", "II", "CHỈ SỐ SIPAS")]
    fields = [n.code for n in nodes if n.index == "PAR" and n.level == "field"]
    assert fields == [str(i) for i in range(1, 9)]
    par_criteria = [n for n in nodes if n.index == "PAR" and n.level == "criterion"]
    assert len(par_criteria) == 77
    assert Counter(n.parent for n in par_criteria) == {
        "1": 8, "2": 5, "3": 9, "4": 9, "5": 16, "6": 12, "7": 13, "8": 5,
    }  # fmt: skip
    sipas = [n for n in nodes if n.index == "SIPAS" and n.level != "index"]
    assert [(n.code, n.level, n.parent) for n in sipas] == [
        (str(i), "criterion", "II") for i in range(1, 6)
    ]


def test_nodes_are_in_document_order_with_parents():
    nodes = seed_plan().nodes
    assert [n.code for n in nodes[:4]] == ["I", "1", "1.1", "1.2"]
    assert nodes[0].parent is None
    assert node("1").parent == "I"
    assert node("1.1").parent == "1"
    assert [n.code for n in nodes if n.parent == "7"][9:] == ["7.10", "7.11", "7.12", "7.13"]
    assert nodes[-1].key == ("SIPAS", "5")


def test_fields_keep_their_content_and_name_their_lead():
    field = node("1")
    assert field.title == "Công tác chỉ đạo, điều hành CCHC"
    assert field.content == (
        "Sở Nội vụ chủ trì, đôn đốc các cơ quan, đơn vị thực hiện và tổng hợp báo cáo"
    )
    assert field.lead_text == "Sở Nội vụ"
    assert field.leads.names == ["Sở Nội vụ"]
    leads = {code: node(code).lead_text for code in "12345678"}
    assert leads == {
        "1": "Sở Nội vụ",
        "2": "Sở Tư pháp",
        "3": "Văn phòng UBND tỉnh",
        "4": "Sở Nội vụ",
        "5": "Sở Nội vụ",
        "6": "Sở Tài chính",
        "7": "Sở Khoa học và Công nghệ",
        "8": "Sở Tài chính",
    }
    assert node("3").leads.names == ["Văn phòng UBND tỉnh"]


def test_criterion_texts_are_clean_and_bullets_one_per_line():
    criterion = node("1.1")
    assert criterion.title == "Thực hiện kế hoạch CCHC"
    assert criterion.content.splitlines() == [
        "- Các cơ quan, đơn vị bám sát Kế hoạch CCHC năm 2026 của tỉnh để hoàn thành có chất "
        "lượng và đúng tiến độ 100% các nhiệm vụ được giao chủ trì phụ trách.",
        "- Sở Nội vụ thường xuyên theo dõi, đôn đốc cơ quan, đơn vị thực hiện hoàn thành 100% "
        "các nhiệm vụ theo Kế hoạch CCHC năm 2026.",
    ]
    assert node("1.2").content.startswith("100% các báo cáo CCHC định kỳ trong năm 2026")
    assert "\n" not in node("1.7").content and "<p>" not in node("1.7").content
    four = node("1.4").content
    assert "<ul" not in four and len(four.splitlines()) == 3
    assert all(line.startswith("- ") for line in four.splitlines())
    # A single bullet is shown as a plain paragraph.
    assert node("3.5").content == (
        "Trong năm 2026, 100% các TTHC của các cơ quan, đơn vị, địa phương được công bố đúng "
        "theo quy định."
    )


def test_a_kinh_te_xa_hoi_dash_is_not_a_bullet():
    assert node("8").title == (
        "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội"
    )
    assert "\n" not in node("8.5").content


def test_rows_continued_on_the_next_page_are_merged():
    assert node("1.6").content.splitlines() == [
        "- Trong năm 2026 tỉnh phải có từ 03 sáng kiến CCHC trở lên được UBND tỉnh phê duyệt "
        "hoặc được Trung ương cho phép thí điểm và triển khai nhân rộng thực hiện trên toàn "
        "tỉnh trong năm 2026.",
        "- Tổ chức các cuộc thi hoặc có các giải pháp để tìm kiếm sáng kiến, cách làm hay về "
        "CCHC và triển khai nhân rộng trên toàn tỉnh.",
    ]
    assert node("1.6").implementers_text == "Các cơ quan, đơn vị, địa phương"
    assert node("4.4").title.endswith("quản lý cấp sở, phòng chuyên môn thuộc sở, lãnh đạo cấp xã)")
    assert node("4.4").content.splitlines()[-1] == (
        "- Văn phòng Đoàn ĐBQH và HĐND tỉnh phối hợp thực hiện."
    )
    assert node("5.8").title == (
        "Tính công khai, minh bạch trong công tác bổ nhiệm công chức, viên chức (đánh giá qua "
        "điều tra XHH đại biểu HĐND tỉnh và lãnh đạo, quản lý cấp sở, phòng chuyên môn thuộc "
        "sở, lãnh đạo cấp xã)"
    )
    assert len(node("5.8").content.splitlines()) == 3
    assert node("7.4").title.endswith("(NDXP) được đưa vào sử dụng chính thức")
    assert node("7.4").implementers_text == "Sở Khoa học và Công nghệ và các cơ quan, đơn vị"
    assert node("7.13").content.splitlines()[-1].startswith("- Sở Khoa học và Công nghệ theo")
    sipas_3 = node("3", "SIPAS").content.splitlines()
    assert len(sipas_3) == 4
    assert sipas_3[1].endswith("mình những nhiều, tiêu cực trong thực thi nhiệm vụ, giải "
                               "quyết hồ sơ TTHC cho người dân.")  # fmt: skip


def test_a_word_doubled_by_the_page_break_is_dropped():
    assert node("3.5").implementers_text == "Các cơ quan, đơn vị, địa phương"
    assert node("3.5").implementers.groups == ["agencies_and_communes"]
    assert node("6.12").implementers_text == "Các cơ quan, đơn vị, địa phương"
    repairs = issues_at("3.5", "repair")
    assert any("bỏ «vị» bị lặp lại" in m for m in repairs)


def test_a_parenthesis_closed_before_the_page_break_is_moved():
    assert node("6.12").title == (
        "Tính hiệu quả của việc thực hiện cơ chế tự chủ tại các đơn vị SNCL (đánh giá qua điều "
        "tra XHH đại biểu HĐND tỉnh và lãnh đạo, quản lý cấp sở, phòng chuyên môn thuộc sở, "
        "lãnh đạo cấp xã)"
    )
    assert any("dấu «)» đóng sớm" in m for m in issues_at("6.12", "repair"))


def test_it_repairs_and_reports_typos():
    assert node("7").title == "Xây dựng và phát triển chính quyền điện tử, chính quyền số"
    assert node("3.9").content.startswith("Phấn đấu điểm chỉ số")
    assert node("7.12").content.startswith("- Phấn đấu 90% -100%")
    assert "triển khai thực hiện quy chế" in node("4.5").content
    assert "để xảy ra" in node("3", "SIPAS").content
    assert "Sửa lỗi chính tả: «cche» → «CCHC»." in issues_at("8", "repair")
    assert "Sửa lỗi chính tả: «Phân đầu» → «Phấn đấu» (3 lần)." in issues_at("7.13")
    assert any("«thực hiện thực hiện»" in m for m in issues_at("4.5", "repair"))


def test_it_reports_the_misspelt_repeated_header():
    header_issues = [i for i in seed_plan().issues if "TIÊU CHỈ" in i.message]
    assert [i.location for i in header_issues] == [
        "dòng 34 (dòng tiêu đề lặp lại)",
        "dòng 63 (dòng tiêu đề lặp lại)",
        "dòng 124 (dòng tiêu đề lặp lại)",
    ]
    assert all(i.severity == "repair" for i in header_issues)


def test_it_reports_html_removal_once():
    html = [i for i in seed_plan().issues if "HTML" in i.message]
    assert len(html) == 1 and html[0].severity == "repair"
    assert "dòng 17" in html[0].message


def test_leads_and_implementers_are_parsed():
    four = node("1.4")
    assert four.lead_text == (
        "Sở Nội vụ, Văn phòng UBND tỉnh, Thanh tra tỉnh và các cơ quan có liên quan"
    )
    assert four.leads.names == ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Thanh tra tỉnh"]
    assert four.leads.related
    assert four.implementers.groups == ["agencies"]
    assert node("1.1").implementers.groups == ["agencies_and_communes"]
    assert node("3.6").implementers.groups == ["agencies_and_communes"]
    assert node("4.4").implementers.groups == ["agencies"]
    assert node("4.4").implementers.names == []
    assert node("3.3").leads.names == ["Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"]
    assert node("7.1").implementers.names == ["Sở Khoa học và Công nghệ"]
    assert node("7.1").implementers.groups == ["agencies"]
    assert node("7.8").implementers.names == ["Văn phòng UBND tỉnh"]
    assert node("7.8").implementers.groups == ["agencies_and_communes"]
    assert node("1", "SIPAS").leads.names == ["Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"]
    assert node("3", "SIPAS").leads.names == ["Sở Nội vụ", "Văn phòng UBND tỉnh"]
    unknown = [n.code for n in seed_plan().nodes if n.leads.unknown or n.implementers.unknown]
    assert unknown == []


def test_it_doubts_the_lead_of_1_5_which_looks_swapped():
    five = node("1.5")
    assert five.lead_text == "Các cơ quan, đơn vị, địa phương"
    assert five.leads.groups == ["agencies_and_communes"] and five.leads.names == []
    assert five.implementers.names == ["Sở Nội vụ", "Văn phòng UBND tỉnh"]
    assert any("có thể hai cột bị đặt ngược" in m for m in issues_at("1.5", "doubt"))


def test_it_doubts_the_related_agencies_the_admin_must_choose():
    assert any("các cơ quan có liên quan" in m for m in issues_at("1.4", "doubt"))
    assert any("Cột CƠ QUAN CHỦ TRÌ" in m for m in issues_at("1.6", "doubt"))
    assert any("Cột CƠ QUAN THỰC HIỆN" in m for m in issues_at("1.5", "doubt"))


def test_it_doubts_6_8_and_6_9_whose_contents_look_swapped():
    for code, other in (("6.8", "6.9"), ("6.9", "6.8")):
        doubts = issues_at(code, "doubt")
        assert any(f"nội dung có thể bị hoán đổi với mục {other}" in m for m in doubts), doubts
    assert not any("hoán đổi" in m for m in issues_at("6.10"))


def test_it_doubts_words_that_look_wrong_but_does_not_guess():
    assert any("nhũng nhiễu" in m for m in issues_at("3 (SIPAS)", "doubt"))
    assert any("«giữa tại»" in m for m in issues_at("4.4", "doubt"))


def test_deadlines():
    assert node("1.1").deadline == datetime.date(2026, 12, 31)
    assert node("1.1").deadline_text == "Chậm nhất là ngày 31/12/2026"
    assert node("1.3").deadline == datetime.date(2026, 12, 31)
    assert node("1.7").deadline_text == "Hoàn thành trước ngày 31/12/2026"
    assert node("3.1").deadline == datetime.date(2026, 12, 31)
    assert node("3.1").deadline_text == "Trong năm 2026"
    for code in ("1.2", "2.2", "2.4", "3.2"):
        assert node(code).deadline is None
        assert node(code).deadline_by_authority, code
    assert node("1.2").deadline_text == "Theo thời hạn quy định của Bộ Nội vụ"
    assert node("1").deadline is None and node("1").deadline_text == ""
    undated = [n.code for n in seed_plan().nodes if n.level == "criterion" and n.deadline is None]
    assert undated == ["1.2", "2.2", "2.4", "3.2"]


def test_locations_name_the_line_and_the_item():
    assert node("1.6").location == "dòng 19, mục 1.6"
    assert node("1", "SIPAS").location == "dòng 142, mục 1 (SIPAS)"
    assert node("I").location == "dòng 10, mục I"


def test_issues_are_in_vietnamese_with_known_severities():
    issues = seed_plan().issues
    assert {i.severity for i in issues} <= {"repair", "doubt"}
    assert all(i.location and i.message for i in issues)


def test_plan_to_dict_gives_the_json_shape():
    data = plan_to_dict(seed_plan())
    assert data["year"] == 2026 and data["title"].startswith("Phân công nhiệm vụ")
    first = data["nodes"][2]
    assert set(first) == {
        "index", "code", "level", "parent", "title", "content", "implementers_text",
        "lead_text", "deadline", "deadline_text", "targets",
    }  # fmt: skip
    assert first["code"] == "1.1" and first["deadline"] == "2026-12-31"
    assert first["targets"][0] == {
        "text": first["targets"][0]["text"],
        "op": ">=",
        "value": 100,
        "value_max": None,
        "unit": "%",
    }
    twelve = next(n for n in data["nodes"] if n["code"] == "7.12")
    assert twelve["targets"][0]["value"] == 90 and twelve["targets"][0]["value_max"] == 100
    assert next(n for n in data["nodes"] if n["code"] == "1.2")["deadline"] is None
