"""Text repairs on their own: page-break joins, bullets, typos."""

from __future__ import annotations

import pytest

from parsipas.plans.parsing.cleaning import Para, clean_cell
from parsipas.plans.parsing.repair import (
    content_items,
    fix_typos,
    join_agency_paras,
    join_fragments,
    render_content,
    text_doubts,
)


@pytest.mark.parametrize(
    ("before", "after", "joined", "overlap"),
    [
        ("Các cơ quan, đơn", "vị, địa phương", "Các cơ quan, đơn vị, địa phương", ""),
        ("Các cơ quan, đơn vị", "vị, địa phương", "Các cơ quan, đơn vị, địa phương", "vị"),
        (
            "Sở Khoa học và Công nghệ và các",
            "cơ quan, đơn vị",
            "Sở Khoa học và Công nghệ và các cơ quan, đơn vị",
            "",
        ),
        ("được Trung", "ương cho phép", "được Trung ương cho phép", ""),
        (
            "Thực hiện (NDXP) được đưa vào sử dụng chính thức",
            "được đưa vào sử dụng chính thức",
            "Thực hiện (NDXP) được đưa vào sử dụng chính thức",
            "được đưa vào sử dụng chính thức",
        ),
    ],
)
def test_join_fragments(before, after, joined, overlap):
    result = join_fragments(before, after)
    assert (result.text, result.overlap, result.moved_paren) == (joined, overlap, False)


def test_a_title_continued_after_an_early_parenthesis():
    result = join_fragments(
        "Tính hiệu quả (đánh giá qua điều tra XHH đại biểu HĐND tỉnh)",
        "và lãnh đạo, quản lý cấp sở, phòng chuyên môn thuộc sở, lãnh đạo cấp xã)",
    )
    assert result.moved_paren
    assert result.text == (
        "Tính hiệu quả (đánh giá qua điều tra XHH đại biểu HĐND tỉnh và lãnh đạo, quản lý cấp "
        "sở, phòng chuyên môn thuộc sở, lãnh đạo cấp xã)"
    )
    assert result.around_join(3) == "…biểu HĐND tỉnh và lãnh đạo,…"


def test_a_balanced_parenthesis_before_the_break_stays():
    result = join_fragments("Số TTHC (liên thông)", "được giải quyết")
    assert result.text == "Số TTHC (liên thông) được giải quyết" and not result.moved_paren


def test_inline_bullets_split_but_not_compound_words_nor_year_ranges():
    kinds: set[str] = set()
    paras = clean_cell(
        '<ul style="list-style-type: none"> - Phát triển kinh tế - xã hội giai đoạn 2021 - 2025; '
        "- Sở Nội vụ theo dõi công vụ - Văn phòng phối hợp. </ul>",
        kinds,
        split_bullets=True,
    )
    assert paras == [
        Para("Phát triển kinh tế - xã hội giai đoạn 2021 - 2025;", True),
        Para("Sở Nội vụ theo dõi công vụ", True),
        Para("Văn phòng phối hợp.", True),
    ]
    assert kinds == {"html"}


def test_cleaning_odd_characters():
    kinds: set[str] = set()
    assert clean_cell("Sở\u00a0Nội vụ\u00ad ,  Thanh tra", kinds) == [Para("Sở Nội vụ, Thanh tra")]
    assert kinds == {"invisible", "spaces"}


def test_content_items_join_wrapped_lines_only():
    paras = [
        Para("Rà soát văn bản", True),
        Para("của các cơ quan", False),
        Para("Báo cáo kết quả", False),
        Para("Tổng hợp.", True),
    ]
    assert content_items(paras) == [
        "Rà soát văn bản của các cơ quan",
        "Báo cáo kết quả",
        "Tổng hợp.",
    ]
    assert render_content(["Một ý."]) == "Một ý."
    assert render_content(["A.", "B."]) == "- A.\n- B."


def test_agency_paragraphs_become_a_list():
    assert join_agency_paras([Para("Văn phòng UBND tỉnh"), Para("Sở Tư pháp")]) == (
        "Văn phòng UBND tỉnh; Sở Tư pháp"
    )
    assert join_agency_paras([Para("Sở Khoa học và Công nghệ và các"), Para("cơ quan")]) == (
        "Sở Khoa học và Công nghệ và các cơ quan"
    )


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Tác động của cche đến người dân", "Tác động của CCHC đến người dân"),
        ("Phân đấu điểm chỉ số", "Phấn đấu điểm chỉ số"),
        ("- Phân đầu 90% -100%", "- Phấn đấu 90% -100%"),
        ("chính quyền điện, chính quyền số", "chính quyền điện tử, chính quyền số"),
        ("Kiến trúc Chính quyền điện tử", "Kiến trúc Chính quyền điện tử"),
        ("triển khai thực hiện thực hiện quy chế", "triển khai thực hiện quy chế"),
        ("khi đề xảy ra sai sót", "khi để xảy ra sai sót"),
        ("các cơ quan, đơn vị, đơn vị sự nghiệp", "các cơ quan, đơn vị, đơn vị sự nghiệp"),
    ],
)
def test_fix_typos(text, fixed):
    assert fix_typos(text)[0] == fixed
    assert bool(fix_typos(text)[1]) == (text != fixed)


def test_repairs_are_idempotent():
    once = fix_typos("Phân đầu thực hiện thực hiện cche")[0]
    assert fix_typos(once) == (once, [])


def test_text_doubts():
    assert text_doubts("CBCCVC những nhiều, tiêu cực") == [
        "«những nhiều»: có thể là «nhũng nhiễu»."
    ]
    assert text_doubts("(hiển thị thống kê") == [
        "Dấu ngoặc đơn không cân đối: có thể thiếu «(» hoặc «)»."
    ]
    assert text_doubts("Bình thường (đủ ngoặc).") == []
