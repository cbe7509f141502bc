"""Document numbers as people write them: in a letter, typed without diacritics, in file names."""

from __future__ import annotations

import datetime as dt

import pytest

from parsipas.lib import docnumbers
from parsipas.lib.docnumbers import (
    DocumentNumberError,
    check_date,
    check_number,
    find_number,
    guess,
)

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "number", "kind", "issuer_code"),
    [
        ("123/QĐ-UBND", "123/QĐ-UBND", "quyet-dinh", "UBND"),
        ("45/KH-SNV", "45/KH-SNV", "ke-hoach", "SNV"),
        ("12/2026/NQ-HĐND", "12/2026/NQ-HĐND", "nghi-quyet", "HĐND"),
        ("383/BNV-CCHC", "383/BNV-CCHC", "cong-van", "BNV"),
        ("384/BNV-CCHC ngày 20/01/2026", "384/BNV-CCHC", "cong-van", "BNV"),
        ("TB 05/TB-UBND", "05/TB-UBND", "thong-bao", "UBND"),
        ("123/QD-UBND", "123/QĐ-UBND", "quyet-dinh", "UBND"),
        ("12/2026/NQ-HDND", "12/2026/NQ-HĐND", "nghi-quyet", "HĐND"),
        ("qd 12/qd-ubnd", "12/QĐ-UBND", "quyet-dinh", "UBND"),
        ("Số: 88/BC-STP", "88/BC-STP", "bao-cao", "STP"),
        ("Tờ trình số 17/TTr-SNV", "17/TTr-SNV", "to-trinh", "SNV"),
        ("17/TTR-SNV", "17/TTr-SNV", "to-trinh", "SNV"),
        ("Chỉ thị 09/CT-UBND", "09/CT-UBND", "chi-thi", "UBND"),
        ("biên bản 3/BB-ĐKT", "3/BB-ĐKT", "bien-ban", "ĐKT"),
        ("Hướng dẫn 2/HD-SNV", "2/HD-SNV", "huong-dan", "SNV"),
        ("1234/UBND-NC", "1234/UBND-NC", "cong-van", "UBND"),
        ("12 / KH - UBND", "12/KH-UBND", "ke-hoach", "UBND"),
        ("Kết luận 7/KL-TTr", "7/KL-TTr", "ket-luan", "TTr"),
        ("766/QĐ-TTg", "766/QĐ-TTg", "quyet-dinh", "TTg"),
        ("08/2025/TT-BNV", "08/2025/TT-BNV", "thong-tu", "BNV"),
        ("Nghị định 30/2020/NĐ-CP", "30/2020/NĐ-CP", "nghi-dinh", "CP"),
    ],
)
def test_numbers_written_in_a_text(text, number, kind, issuer_code):
    found = find_number(text)
    assert found is not None
    assert (found.number, found.kind, found.issuer_code) == (number, kind, issuer_code)


@pytest.mark.parametrize(
    ("name", "number", "title"),
    [
        ("123_QD-UBND_ke-hoach.pdf", "123/QĐ-UBND", "Ke hoach"),
        ("123-QĐ-UBND Kế hoạch CCHC.pdf", "123/QĐ-UBND", "Kế hoạch CCHC"),
        ("45_KH-SNV.docx", "45/KH-SNV", ""),
        ("BC 45-BC-STP.docx", "45/BC-STP", ""),
        ("12_2026_NQ-HDND_nghi-quyet.pdf", "12/2026/NQ-HĐND", "Nghi quyet"),
        ("383_BNV-CCHC.pdf", "383/BNV-CCHC", ""),
        ("05_TB-UBND_thong-bao-ket-luan-kiem-tra.pdf", "05/TB-UBND", "Thong bao ket luan kiem tra"),
    ],
)
def test_numbers_in_file_names(name, number, title):
    found = guess(name)
    assert found.number is not None
    assert (found.number.number, found.title) == (number, title)


@pytest.mark.parametrize(
    "name",
    [
        "ke-hoach-cchc-2026.pdf",
        "15-03-2026.pdf",
        "anh-chup-1.png",
        "bao_cao_quy_3.docx",
        "IMG_2041.jpg",
    ],
)
def test_names_without_a_number_give_none(name):
    assert guess(name).number is None


def test_a_kind_in_words_when_no_number():
    assert guess("ke-hoach-cchc-2026.pdf").kind == "ke-hoach"
    assert guess("Thong bao ket luan kiem tra xa Ea Tu.pdf").kind == "thong-bao-ket-luan"


def test_a_conclusion_notice_is_told_from_a_plain_notice():
    assert guess("05_TB-UBND_thong-bao-ket-luan.pdf").kind == "thong-bao-ket-luan"
    assert guess("06_TB-UBND_lich-hop.pdf").kind == "thong-bao"


def test_the_code_in_the_number_beats_words_of_the_title():
    # An official letter about a report is still a letter.
    assert guess("383_BNV-CCHC_bao-cao-ket-qua.pdf").kind == "cong-van"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("123/QĐ-UBND ngày 15/3/2026", dt.date(2026, 3, 15)),
        ("ke-hoach 15-03-2026.pdf", dt.date(2026, 3, 15)),
        ("Đắk Lắk, ngày 02 tháng 4 năm 2026", dt.date(2026, 4, 2)),
        ("ngay 2 thang 4 nam 2026", dt.date(2026, 4, 2)),
        ("bao-cao-2026-06-30.docx", dt.date(2026, 6, 30)),
        ("15.03.2026", dt.date(2026, 3, 15)),
        ("31/02/2026 then 1/3/2026", dt.date(2026, 3, 1)),
        ("no date", None),
    ],
)
def test_dates(text, date):
    assert docnumbers.find_date(text) == date


def test_the_date_leaves_the_title():
    found = guess("123-QĐ-UBND Kế hoạch CCHC ngày 15-03-2026.pdf")
    assert (found.issued_on, found.title) == (dt.date(2026, 3, 15), "Kế hoạch CCHC")


def test_readable_issuers_for_known_codes():
    assert find_number("383/BNV-CCHC").issuer == "Bộ Nội vụ"
    assert find_number("45/KH-SNV").issuer == "Sở Nội vụ"
    assert find_number("1/QĐ-XYZ").issuer == "XYZ"


@pytest.mark.parametrize(
    "typed",
    ["abc", "123", "QĐ-UBND", "//", "12/", "/QĐ-UBND", "123/456"],
)
def test_impossible_numbers_are_refused_in_vietnamese(typed):
    with pytest.raises(DocumentNumberError, match="không đúng dạng"):
        check_number(typed, TODAY)


def test_a_number_from_the_future_or_zero_is_refused():
    with pytest.raises(DocumentNumberError, match="năm 2031"):
        check_number("12/2031/NQ-HĐND", TODAY)
    with pytest.raises(DocumentNumberError, match="không thể là 0"):
        check_number("0/QĐ-UBND", TODAY)


def test_a_typed_number_is_written_the_standard_way():
    assert check_number(" 123 / qd-ubnd ", TODAY).number == "123/QĐ-UBND"


def test_a_future_date_is_refused():
    with pytest.raises(DocumentNumberError, match="tương lai"):
        check_date(dt.date(2026, 12, 2), TODAY)
    check_date(TODAY, TODAY)


def test_a_date_that_disagrees_with_the_year_in_the_number_is_refused():
    with pytest.raises(DocumentNumberError, match="không khớp năm 2026"):
        check_date(dt.date(2025, 5, 1), TODAY, check_number("12/2026/NQ-HĐND", TODAY))


def test_the_kinds_offered_as_choices_are_the_parsers_kinds():
    from parsipas.reporting.documents import DocumentKind

    assert [(k, label) for k, _code, label in docnumbers.KINDS] == list(DocumentKind.choices)
