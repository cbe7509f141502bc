"""Word (.docx): the appendix table, possibly split into one table per page.

Merged cells are resolved here so that the rest of the import sees plain rows: a cell spanning
columns gives its text to the first column only; the lower part of a vertically merged cell
repeats the text above and is marked, so that a continued row does not duplicate it.
"""

from __future__ import annotations

import io
from itertools import pairwise

import docx
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tc
from docx.table import Table
from docx.text.paragraph import Paragraph

from .header import combine_header_rows, match_header
from .source import SourceRow, SourceTable


def _paragraph_text(paragraph: Paragraph) -> str:
    text = paragraph.text
    ppr = paragraph._p.pPr
    numbered = ppr is not None and ppr.numPr is not None
    style = paragraph.style.name if paragraph.style is not None else ""
    if (numbered or style.lower().startswith("list")) and text.strip():
        # Word's own bullets are formatting, not text: mark them like typed ones.
        return "- " + text.strip()
    return text


def _tc_text(tc: CT_Tc, table: Table) -> str:
    paragraphs = [Paragraph(p, table) for p in tc.iterchildren(qn("w:p"))]
    return "\n".join(_paragraph_text(p) for p in paragraphs)


def _merge_root(tc: CT_Tc) -> CT_Tc:
    while tc.vMerge == "continue":
        above = tc._tc_above
        if above is None:
            break
        tc = above
    return tc


def _row_cells(tr: CT_Row, table: Table) -> tuple[list[str], frozenset[int]]:
    cells = [""] * tr.grid_before
    merged_above: set[int] = set()
    for tc in tr.tc_lst:
        if tc.vMerge == "continue":
            merged_above.add(len(cells))
            try:
                tc = _merge_root(tc)
            except Exception:  # a malformed merge: keep the cell's own (empty) text
                pass
        cells.append(_tc_text(tc, table))
        cells.extend([""] * (tc.grid_span - 1))
    return cells, frozenset(merged_above)


def _has_header(rows: list[SourceRow]) -> bool:
    first_rows = [r.cells for r in rows[:6]]
    return any(match_header(cells) for cells in first_rows) or any(
        match_header(combine_header_rows(a, b)) for a, b in pairwise(first_rows)
    )


def _table_rows(table: Table, table_number: int) -> list[SourceRow]:
    rows = []
    for row_number, tr in enumerate(table._tbl.tr_lst, start=1):
        cells, merged_above = _row_cells(tr, table)
        location = f"bảng {table_number}, hàng {row_number}"
        rows.append(SourceRow(row_number, location, cells, merged_above=merged_above))
    return rows


def read_docx_table(data: bytes) -> SourceTable:
    document = docx.Document(io.BytesIO(data))
    preamble: list[str] = []
    rows: list[SourceRow] = []
    width: int | None = None  # grid width of the table holding the header
    table_number = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p") and width is None:
            preamble.append(Paragraph(child, document).text)
        if child.tag != qn("w:tbl"):
            continue
        table_number += 1
        table_rows = _table_rows(Table(child, document), table_number)
        table_width = max((len(r.cells) for r in table_rows), default=0)
        if width is None:
            if _has_header(table_rows):
                width = table_width
                rows.extend(table_rows)
            else:
                # A table above the appendix (the letterhead): its text is part of the preamble.
                preamble.extend(" ".join(c for c in r.cells if c.strip()) for r in table_rows)
        elif table_width == width:
            # A table cut into one table per page (PDF → Word): the same grid continues.
            rows.extend(table_rows)
        else:
            break  # a different table after the appendix (signatures...)
    return SourceTable("docx", rows, preamble=preamble)
