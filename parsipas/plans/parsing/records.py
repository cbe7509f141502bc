"""From source rows to records: one record per STT, page-break continuations merged in.

A row with an empty STT continues the row above (the PDF, or Word, cut the row at a page
break): each of its non-empty cells is appended to the same column of the previous record.
Repeated headers, "(1) (2) (3)" rows, page numbers and blank lines are dropped on the way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from parsipas.lib.tabular import ImportRefused

from .cleaning import Para, cell_text, clean_cell
from .header import (
    COLUMN_LABELS,
    EXPECTED_HEADER,
    Column,
    combine_header_rows,
    has_stt_cell,
    header_typos,
    is_column_numbers,
    match_header,
)
from .issues import IssueLog
from .repair import join_fragments
from .source import SourceRow, SourceTable

_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?$", re.I)


@dataclass
class Record:
    order: int  # position of its first source row, to keep issues in table order
    location: str  # of its first source row
    code: str  # the STT as written
    code_is_number: bool  # Excel stored the STT as a number
    cells: dict[Column, list[Para]] = field(default_factory=dict)
    label: str = ""  # "1.6", "1 (SIPAS)": known once the tree is built

    def where(self, location: str | None = None) -> Callable[[], str]:
        place = location or self.location
        return lambda: f"{place}, mục {self.label}" if self.label else place


@dataclass
class Header:
    position: int  # index in table.rows
    rows_used: int  # 1, or 2 for a header split over two rows
    mapping: dict[Column, int]
    width: int

    @property
    def end(self) -> int:
        return self.position + self.rows_used


def _header_at(rows: list[SourceRow], position: int) -> Header | None:
    row = rows[position]
    if row.free_text or not has_stt_cell(row.cells):
        return None
    mapping = match_header(row.cells)
    if mapping:
        return Header(position, 1, mapping, len(row.cells))
    if position + 1 < len(rows) and not rows[position + 1].free_text:
        combined = combine_header_rows(row.cells, rows[position + 1].cells)
        mapping = match_header(combined)
        if mapping:
            return Header(position, 2, mapping, len(combined))
    return None


def find_header(table: SourceTable) -> Header:
    limit = table.header_search_limit or len(table.rows)
    for position in range(min(limit, len(table.rows))):
        header = _header_at(table.rows, position)
        if header:
            return header
    where = f" trong {limit} hàng đầu" if table.header_search_limit else ""
    raise ImportRefused(f"Không tìm thấy dòng tiêu đề bảng ({EXPECTED_HEADER}){where}.")


def preamble_lines(table: SourceTable, header: Header) -> list[str]:
    above = [" ".join(cell_text(c) for c in row.cells) for row in table.rows[: header.position]]
    return [line for line in (*table.preamble, *above) if line.strip()]


def _snippet(text: str, words: int, from_end: bool) -> str:
    parts = text.split()
    if len(parts) <= words:
        return text
    return "…" + " ".join(parts[-words:]) if from_end else " ".join(parts[:words]) + "…"


class _Assembler:
    def __init__(self, table: SourceTable, header: Header, log: IssueLog) -> None:
        self.table = table
        self.header = header
        self.log = log
        self.records: list[Record] = []

    def run(self) -> list[Record]:
        rows = self.table.rows
        for header_row in rows[self.header.position : self.header.end]:
            self._header_typos(header_row, self.header.position, repeated=False)
        position = self.header.end
        while position < len(rows):
            position = self._take(rows, position)
        return self.records

    def _take(self, rows: list[SourceRow], position: int) -> int:
        """Handle the row at `position`; return the position of the next row to handle."""
        row = rows[position]
        if row.free_text:
            self._free_text(row, position)
            return position + 1
        repeated = _header_at(rows, position)
        if repeated:
            for typo_row in rows[position : repeated.end]:
                self._header_typos(typo_row, position, repeated=True)
            return repeated.end
        if is_column_numbers(row.cells) or not any(cell_text(c) for c in row.cells):
            return position + 1
        self._check_width(row)
        stt_index = self.header.mapping[Column.STT]
        code = "" if stt_index in row.merged_above else cell_text(_cell(row, stt_index))
        if code:
            self._start_record(row, position, code, stt_index in row.number_cells)
        else:
            self._continue_record(row, position)
        return position + 1

    def _cells(self, row: SourceRow, skip_merged: bool) -> dict[Column, list[Para]]:
        cells: dict[Column, list[Para]] = {}
        kinds: set[str] = set()
        for column, index in self.header.mapping.items():
            if column is Column.STT or (skip_merged and index in row.merged_above):
                cells[column] = []
                continue
            raw = _cell(row, index)
            cells[column] = clean_cell(raw, kinds, split_bullets=column is Column.CONTENT)
        self.log.cleaned(kinds, row.location)
        return cells

    def _start_record(self, row: SourceRow, position: int, code: str, is_number: bool) -> None:
        record = Record(position, row.location, code, is_number)
        record.cells = self._cells(row, skip_merged=False)
        self.records.append(record)

    def _continue_record(self, row: SourceRow, position: int) -> None:
        if not self.records:
            raise ImportRefused(
                f"{_cap(row.location)}: dòng có nội dung nhưng cột STT trống, và không có "
                "mục nào phía trên để nối vào. Hãy ghi mã STT (I, 1, 1.1...) cho dòng này."
            )
        record = self.records[-1]
        for column, paras in self._cells(row, skip_merged=True).items():
            if paras:
                self._append(record, column, paras, row, position)

    def _append(
        self, record: Record, column: Column, paras: list[Para], row: SourceRow, position: int
    ) -> None:
        existing = record.cells[column]
        label = COLUMN_LABELS[column]
        where = record.where(row.location)
        if not existing or paras[0].bullet:
            existing.extend(paras)
            self.log.add(
                position,
                "repair",
                where,
                f"Ghép {len(paras)} ý ở trang sau (dòng STT trống) vào cột {label} của mục trên.",
            )
            return
        before, after = existing[-1].text, paras[0].text
        joined = join_fragments(before, after)
        existing[-1] = Para(joined.text, existing[-1].bullet)
        existing.extend(paras[1:])
        message = f"Nối phần bị ngắt trang ở cột {label}"
        if joined.overlap:
            message += f" và bỏ «{joined.overlap}» bị lặp lại"
        message += (
            f": «{_snippet(before, 6, True)}» + «{_snippet(after, 6, False)}» → "
            f"«{joined.around_join()}»"
        )
        if joined.moved_paren:
            message += "; bỏ dấu «)» đóng sớm trước chỗ ngắt trang"
        self.log.add(position, "repair", where, message + ".")

    def _header_typos(self, row: SourceRow, position: int, repeated: bool) -> None:
        what = "dòng tiêu đề lặp lại" if repeated else "dòng tiêu đề"
        done = (
            "đã nhận ra và bỏ qua dòng này như các dòng tiêu đề khác"
            if repeated
            else "đã đọc đúng cột"
        )
        for written, correct in header_typos(row.cells):
            self.log.add(
                position,
                "repair",
                f"{row.location} ({what})",
                f"{what.capitalize()} có lỗi chính tả «{written}» (đúng là «{correct}»); {done}.",
            )

    def _free_text(self, row: SourceRow, position: int) -> None:
        text = " ".join(cell_text(c) for c in row.cells).strip()
        if not text or _PAGE_NUMBER.match(text):
            return
        self.log.add(
            position,
            "doubt",
            row.location,
            f"Dòng không thuộc bảng (không chia cột), đã bỏ qua: «{_snippet(text, 12, False)}».",
        )

    def _check_width(self, row: SourceRow) -> None:
        used = set(self.header.mapping.values())
        extra = [
            i
            for i, c in enumerate(row.cells)
            if i >= self.header.width and i not in used and cell_text(c)
        ]
        if extra:
            raise ImportRefused(
                f"{_cap(row.location)}: dòng có {len(row.cells)} cột, nhiều hơn "
                f"{self.header.width} cột của dòng tiêu đề (thừa: «{cell_text(row.cells[extra[0]])}»)."
            )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cell(row: SourceRow, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def assemble_records(table: SourceTable, header: Header, log: IssueLog) -> list[Record]:
    records = _Assembler(table, header, log).run()
    if not records:
        header_row = table.rows[header.position]
        raise ImportRefused(
            f"Bảng có dòng tiêu đề ({header_row.location}) nhưng không có dòng dữ liệu nào."
        )
    return records
