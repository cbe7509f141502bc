"""The header row of the appendix table: which column holds what.

Columns are recognised by their header texts, not their positions, so a plan with the columns in
another order, an extra "GHI CHÚ" column or a header split over two rows still reads.
"""

from __future__ import annotations

import re
from enum import StrEnum

from parsipas.lib.text import fold

from .cleaning import cell_text


class Column(StrEnum):
    STT = "stt"
    TITLE = "title"
    CONTENT = "content"
    IMPLEMENTERS = "implementers"
    LEADS = "leads"
    DEADLINE = "deadline"


COLUMN_LABELS: dict[Column, str] = {
    Column.STT: "STT",
    Column.TITLE: "LĨNH VỰC, TIÊU CHÍ",
    Column.CONTENT: "NỘI DUNG THỰC HIỆN",
    Column.IMPLEMENTERS: "CƠ QUAN THỰC HIỆN",
    Column.LEADS: "CƠ QUAN CHỦ TRÌ",
    Column.DEADLINE: "THỜI GIAN THỰC HIỆN",
}
EXPECTED_HEADER = (
    "STT, LĨNH VỰC/TIÊU CHÍ, NỘI DUNG THỰC HIỆN, CƠ QUAN THỰC HIỆN, CƠ QUAN CHỦ TRÌ, "
    "THỜI GIAN THỰC HIỆN"
)

# Word pairs of header texts, correctly spelled: a header pair that folds to one of these but is
# spelled differently is a typo to report ("TIÊU CHỈ" for "TIÊU CHÍ").
_HEADER_PHRASES = (
    "TIÊU CHÍ",
    "LĨNH VỰC",
    "THÀNH PHẦN",
    "NỘI DUNG",
    "THỰC HIỆN",
    "CƠ QUAN",
    "CHỦ TRÌ",
    "THỜI GIAN",
    "THỜI HẠN",
    "ĐƠN VỊ",
    "NHIỆM VỤ",
    "CHỈ SỐ",
    "PHỐI HỢP",
    "GHI CHÚ",
)
_PHRASES_BY_FOLD = {fold(p): p for p in _HEADER_PHRASES}


_STT_HEADERS = ("stt", "tt", "so tt", "so thu tu")


def _classify(folded: str) -> Column | None:
    if folded.strip(" .:") in _STT_HEADERS:
        return Column.STT
    if "thoi gian" in folded or "thoi han" in folded or "tien do" in folded:
        return Column.DEADLINE
    if "chu tri" in folded:
        return Column.LEADS
    if ("thuc hien" in folded or "phoi hop" in folded) and (
        "co quan" in folded or "don vi" in folded
    ):
        return Column.IMPLEMENTERS
    if "noi dung" in folded or "nhiem vu" in folded or "giai phap" in folded:
        return Column.CONTENT
    if "linh vuc" in folded or "tieu chi" in folded or "chi so" in folded:
        return Column.TITLE
    return None


def has_stt_cell(cells: list[str]) -> bool:
    """Cheap first test of a header row (or the top row of a two-row header)."""
    return any(len(c) < 40 and fold(cell_text(c)).strip(" .:") in _STT_HEADERS for c in cells)


def match_header(cells: list[str]) -> dict[Column, int] | None:
    """The column index of each role, or None when these cells are not the header."""
    if not has_stt_cell(cells):
        return None
    mapping: dict[Column, int] = {}
    for position, raw in enumerate(cells):
        column = _classify(fold(cell_text(raw)))
        if column is not None and column not in mapping:
            mapping[column] = position
    required = {Column.STT, Column.CONTENT, Column.IMPLEMENTERS, Column.LEADS, Column.DEADLINE}
    if not required <= mapping.keys():
        return None
    if Column.TITLE not in mapping:
        # The criterion's name sits between STT and the content even when its header is odd.
        free = [
            i
            for i in range(mapping[Column.STT] + 1, mapping[Column.CONTENT])
            if i not in mapping.values()
        ]
        if not free:
            return None
        mapping[Column.TITLE] = free[0]
    return mapping


def combine_header_rows(first: list[str], second: list[str]) -> list[str]:
    """A header split over two rows ("CƠ QUAN" above "THỰC HIỆN" | "CHỦ TRÌ")."""
    combined = []
    last_top = ""
    for i in range(max(len(first), len(second))):
        top = cell_text(first[i]) if i < len(first) else ""
        bottom = cell_text(second[i]) if i < len(second) else ""
        if not top and bottom:
            top = last_top  # a top cell merged across columns is empty after its first one
        else:
            last_top = top
        combined.append(top if top == bottom else " ".join(x for x in (top, bottom) if x))
    return combined


def header_typos(cells: list[str]) -> list[tuple[str, str]]:
    """(as written, correct) for each misspelled header phrase."""
    typos = []
    for raw in cells:
        words = re.findall(r"\w+", cell_text(raw).upper())
        for first, second in zip(words, words[1:], strict=False):
            written = f"{first} {second}"
            correct = _PHRASES_BY_FOLD.get(fold(written))
            if correct and correct != written and (written, correct) not in typos:
                typos.append((written, correct))
    return typos


def is_column_numbers(cells: list[str]) -> bool:
    """The row "(1) (2) (3) ..." that some tables put under the header."""
    values = [cell_text(c) for c in cells if cell_text(c)]
    if len(values) < 3 or not all(re.fullmatch(r"\(?\d+\)?", v) for v in values):
        return False
    numbers = [int(v.strip("()")) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
