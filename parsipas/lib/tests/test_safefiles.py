"""The safe opener and the shared import plumbing, without a database."""

from __future__ import annotations

import io

import pytest

from parsipas.lib import safefiles
from parsipas.lib.tabular import ImportRefused, Problems, open_table, text_encoding
from parsipas.lib.tests import hostile

HEADERS = ("code", "name", "kind")
ROW = ("x", "Sở Tư pháp", "agency")


def _cases() -> dict[str, bytes]:
    return dict(hostile.corpus_for_table(HEADERS, ROW))


def _refusal(data: bytes, name: str = "t.xlsx") -> str:
    with pytest.raises(ImportRefused) as refused:
        headers, rows = open_table(io.BytesIO(data), name, max_bytes=0)
        list(rows)
    return refused.value.message


def test_a_zip_bomb_is_refused_from_the_directory_before_anything_inflates() -> None:
    message = _refusal(_cases()["zip-bomb.xlsx"])
    assert message.startswith("Tệp 't.xlsx' không phải bảng tính hợp lệ (")
    assert "bom nén" in message


@pytest.mark.parametrize("case", ["billion-laughs.xlsx", "xxe.xlsx", "strings-billion-laughs.xlsx"])
def test_a_dtd_in_any_part_is_refused(case: str) -> None:
    assert "DTD" in _refusal(_cases()[case])


@pytest.mark.parametrize(
    "case", ["strings-truncated.xlsx", "strings-missing.xlsx", "strings-one-lost.xlsx"]
)
def test_a_damaged_shared_strings_part_is_refused(case: str) -> None:
    message = _refusal(_cases()[case])
    assert "không phải bảng tính hợp lệ" in message
    assert "chuỗi dùng chung" in message or "sharedStrings" in message


@pytest.mark.parametrize("case", ["broken-sheet-xml.xlsx", "missing-sheet.xlsx", "truncated.xlsx"])
def test_a_broken_package_says_why(case: str) -> None:
    assert "không phải bảng tính hợp lệ (" in _refusal(_cases()[case])


def test_a_declared_dimension_of_the_whole_sheet_does_not_pad_rows() -> None:
    headers, rows = open_table(
        io.BytesIO(hostile.with_huge_dimension(hostile.workbook(HEADERS, [ROW, ROW]))), "t.xlsx", 0
    )
    assert headers == list(HEADERS)
    assert [r.values["name"] for r in rows] == ["Sở Tư pháp", "Sở Tư pháp"]


def test_rows_columns_and_cells_are_bounded_while_reading() -> None:
    limits = safefiles.Limits(max_rows=2, max_columns=3, max_cell_chars=5)
    assert list(safefiles.guard_rows([(1, ["a"]), (2, ["b"])], "f", limits))
    with pytest.raises(ImportRefused, match="hơn 2 dòng"):
        list(safefiles.guard_rows([(n, ["a"]) for n in range(3)], "f", limits))
    with pytest.raises(ImportRefused, match="dòng 7 có dữ liệu ở cột thứ 4"):
        list(safefiles.guard_rows([(7, ["a", "", "", "z"])], "f", limits))
    with pytest.raises(ImportRefused, match="dòng 8, cột thứ 2 dài 6 ký tự"):
        list(safefiles.guard_rows([(8, ["a", "xxxxxx"])], "f", limits))


def test_a_deadline_stops_a_slow_read() -> None:
    deadline = safefiles.Deadline(seconds=0.0, started=0.0)
    with pytest.raises(ImportRefused, match="quá 0 giây"):
        list(safefiles.guard_rows(((n, ["a"]) for n in range(5000)), "f", deadline=deadline))


def test_csv_with_mixed_line_ends_reads_every_row_and_a_short_row_is_named() -> None:
    data = b"code,name,kind\r\na,A,agency\nb,B,agency\rc,C,agency\r\n"
    headers, rows = open_table(io.BytesIO(data), "t.csv")
    assert [r.values["code"] for r in rows] == ["a", "b", "c"]
    message = _refusal(b"code,name,kind\na,A,agency\nb,B", "t.csv")
    assert "dòng 3: chỉ có 2 ô" in message


def test_csv_cells_over_the_limit_and_extra_cells_name_the_row() -> None:
    huge = b"code,name,kind\na," + b"x" * 40_000 + b",agency\n"
    assert "dòng 2" in _refusal(huge, "t.csv")
    assert "dòng 2: có 4 ô" in _refusal(b"code,name,kind\na,A,agency,thua\n", "t.csv")


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
     ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)  # fmt: skip
def test_text_encodings_are_detected(encoding: str, expected: str) -> None:
    assert text_encoding("Mã,Tên\nSở Nội vụ,x\n".encode(encoding)) == expected


def test_binary_is_not_text() -> None:
    assert text_encoding(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02") is None


def test_problems_name_the_place_and_stop_listing_at_the_cap() -> None:
    problems = Problems(cap=2)
    problems.add("để trống.", 3, "unit_code")
    problems.add("không có câu trả lời nào.", 4)
    problems.add("Thiếu cột 'x'.")
    assert problems.full and len(problems) == 3
    with pytest.raises(ImportRefused) as refused:
        problems.raise_if_any()
    assert refused.value.errors == [
        "Dòng 3, cột unit_code: để trống.",
        "Dòng 4: không có câu trả lời nào.",
        "… và 1 lỗi khác.",
    ]
    Problems().raise_if_any()  # nothing collected: nothing raised
