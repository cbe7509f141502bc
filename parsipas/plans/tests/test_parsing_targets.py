"""Measurable targets read from the contents: the seed's, and the traps around them."""

from __future__ import annotations

import pytest

from parsipas.plans.parsing import extract_targets

from .test_parsing_seed import node, seed_plan


def summary(code: str, index: str = "PAR") -> list[tuple]:
    return [(t.op, t.value, t.value_max, t.unit) for t in node(code, index).targets]


def test_1_3_at_least_30_percent():
    assert summary("1.3") == [(">=", 30, None, "%")]
    assert "ít nhất là 30%" in node("1.3").targets[0].text


def test_1_6_three_initiatives_or_more():
    assert summary("1.6") == [(">=", 3, None, "sáng kiến")]
    assert "từ 03 sáng kiến CCHC trở lên" in node("1.6").targets[0].text


def test_1_7_two_dialogues_and_all_proposals_answered():
    dialogues, proposals = node("1.7").targets
    assert (dialogues.op, dialogues.value, dialogues.unit) == ("=", 2, "cuộc đối thoại")
    assert (proposals.op, proposals.value, proposals.unit) == (">=", 100, "%")


def test_3_7_inter_linked_procedures():
    assert summary("3.7") == [(">=", 50, None, "TTHC"), (">=", 30, None, "TTHC")]
    assert node("3.7").targets[1].text.startswith("Đạt từ 30 TTHC")


def test_3_8_on_time_rate_and_apologies():
    assert summary("3.8") == [(">=", 98, None, "%"), (">=", 100, None, "%")]
    assert "đúng hạn" in node("3.8").targets[0].text


def test_3_9_score_from_94_points_not_the_decision_number_nor_its_date():
    assert summary("3.9") == [(">=", 94, None, "điểm")]


def test_6_8_and_6_9_public_service_units():
    assert summary("6.8") == [(">=", 1, None, "đơn vị")]
    assert summary("6.9") == [(">=", 3, None, "đơn vị")]


def test_7_12_and_7_13_ranges():
    assert summary("7.12") == [("between", 90, 100, "%")]
    assert summary("7.13") == [("between", 90, 100, "%")] * 3
    texts = [t.text for t in node("7.13").targets]
    assert len(set(texts)) == 3


def test_8_1_to_8_3_more_than_the_year_before():
    for code in ("8.1", "8.2", "8.3"):
        assert summary(code) == [("increase", None, None, "")], code
    assert "năm trước liền kề" in node("8.1").targets[0].text


def test_8_4_above_the_plan_but_not_the_ranks():
    assert summary("8.4") == [(">", 100, None, "% kế hoạch")]
    assert "so với kế hoạch" in node("8.4").targets[0].text


@pytest.mark.parametrize(
    "code",
    "1.1 1.2 2.3 2.4 3.1 3.3 3.5 3.6 4.1 4.2 4.6 4.9 5.2 5.3 5.7 5.9 5.10 5.12 6.3 7.3 7.4 "
    "7.5 7.6 8.5".split(),
)
def test_plain_hundred_percent_commitments(code):
    assert summary(code), code
    assert all(s == (">=", 100, None, "%") for s in summary(code)), summary(code)


def test_3_4_has_two_hundred_percent_commitments():
    assert summary("3.4") == [(">=", 100, None, "%")] * 2


def test_sipas_5_answers_all_feedback():
    assert summary("5", "SIPAS") == [(">=", 100, None, "%")]


def test_no_targets_from_years_dates_versions_or_list_markers():
    for code in ("7.1", "2.2", "3.2", "1"):
        assert summary(code) == [], code
    # 3.3 lists "(1) (2) (3)": one commitment only.
    assert summary("3.3") == [(">=", 100, None, "%")]
    for plan_node in seed_plan().nodes:
        for target in plan_node.targets:
            assert target.value not in (2026, 2022, 766, 23, 34), (plan_node.code, target)


def test_targets_are_in_text_order():
    assert [t.value for t in node("1.7").targets] == [2, 100]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Tỷ lệ % đóng góp tăng", []),
        ("Kiến trúc phiên bản 3.0 theo quy định", []),
        ("tỷ lệ gửi, nhận văn bản điện tử 3 cấp chính quyền", []),
        ("thuộc nhóm 10 địa phương cao từ vị trí thứ 21 đến 30 so với 34 tỉnh", []),
        ("Quyết định số 766/QĐ-TTg ngày 23/6/2022", []),
        ("báo cáo quý I, quý II, 06 tháng và báo cáo năm 2026", []),
        ("giai đoạn 2021 - 2025", []),
        ("không quá 5 ngày", [("<=", 5, None, "ngày")]),
        ("dưới 2% hồ sơ trễ hạn", [("<=", 2, None, "%")]),
        ("từ 3 đến 5 lớp bồi dưỡng", [("between", 3, 5, "lớp")]),
        ("95,5% hồ sơ", [(">=", 95.5, None, "%")]),
        ("tiếp nhận 1.000 hồ sơ", [("=", 1000, None, "hồ sơ")]),
        ("tối thiểu 20 lượt", [(">=", 20, None, "lượt")]),
        ("đạt 90 điểm trở lên", [(">=", 90, None, "điểm")]),
        ("tăng so với cùng kỳ", [("increase", None, None, "")]),
    ],
)
def test_extract_targets_phrases(content, expected):
    assert [(t.op, t.value, t.value_max, t.unit) for t in extract_targets(content)] == expected


def test_a_repeated_commitment_in_one_clause_counts_once():
    content = "100% các phòng có tỷ lệ xử lý văn bản trên môi trường mạng đạt tỷ lệ 100%."
    assert len(extract_targets(content)) == 1
