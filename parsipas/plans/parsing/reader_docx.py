"""Word (.docx): the appendix table, possibly split into one table per page.

Merged cells are resolved here so that the rest of the import sees plain rows: a cell spanning
columns gives its text to the first column only; the lower part of a vertically merged cell
repeats the text above and is marked, so that a continued row does not duplicate it.
"""

from __future__ import annotations

from itertools import pairwise

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph

from parsipas.lib import safefiles

from .header import combine_header_rows, match_header
from .source import SourceRow, SourceTable


def list_style_ids(document: DocxDocument) -> frozenset[str]:
    """Paragraph styles that draw a bullet or a number ("List Bullet", "Đoạn của Danh sách")."""
    ids = set()
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        ppr = style.element.pPr
        if style.name.lower().startswith("list") or (ppr is not None and ppr.numPr is not None):
            ids.add(style.style_id)
    return frozenset(ids)


def _paragraph_text(p: CT_P, list_styles: frozenset[str]) -> str:
    text = Paragraph(p, None).text  # type: ignore[arg-type]
    numbered = p.pPr is not None and p.pPr.numPr is not None
    if (numbered or p.style in list_styles) and text.strip():
        # Word's own bullets are formatting, not text: mark them like typed ones.
        return "- " + text.strip()
    return text


def _tc_text(tc: CT_Tc, list_styles: frozenset[str]) -> str:
    return "\n".join(_paragraph_text(p, list_styles) for p in tc.iterchildren(qn("w:p")))


def _merge_root(tc: CT_Tc) -> CT_Tc:
    while tc.vMerge == "continue":
        above = tc._tc_above
        if above is None:
            break
        tc = above
    return tc


def _row_cells(tr: CT_Row, list_styles: frozenset[str]) -> tuple[list[str], frozenset[int]]:
    cells = [""] * tr.grid_before
    merged_above: set[int] = set()
    for tc in tr.tc_lst:
        span = tc.grid_span
        if tc.vMerge == "continue":
            merged_above.add(len(cells))
            try:
                tc = _merge_root(tc)
            except Exception:  # a malformed merge: keep the cell's own (empty) text
                pass
        cells.append(_tc_text(tc, list_styles))
        cells.extend([""] * (span - 1))
    return cells, frozenset(merged_above)


def _has_header(rows: list[SourceRow]) -> bool:
    first_rows = [r.cells for r in rows[:6]]
    return any(match_header(cells) for cells in first_rows) or any(
        match_header(combine_header_rows(a, b)) for a, b in pairwise(first_rows)
    )


def _table_rows(tbl: CT_Tbl, table_number: int, list_styles: frozenset[str]) -> list[SourceRow]:
    rows = []
    for row_number, tr in enumerate(tbl.tr_lst, start=1):
        cells, merged_above = _row_cells(tr, list_styles)
        location = f"bảng {table_number}, hàng {row_number}"
        rows.append(SourceRow(row_number, location, cells, merged_above=merged_above))
    return rows


def read_docx_table(data: bytes, filename: str, limits: safefiles.Limits) -> SourceTable:
    document = safefiles.open_document(data, filename, limits)
    list_styles = list_style_ids(document)
    preamble: list[str] = []
    rows: list[SourceRow] = []
    width: int | None = None  # grid width of the table holding the header
    table_number = 0
    for child in document.element.body.iterchildren():
        if isinstance(child, CT_P) and width is None:
            preamble.append(_paragraph_text(child, frozenset()))
        if not isinstance(child, CT_Tbl):
            continue
        table_number += 1
        table_rows = _table_rows(child, table_number, list_styles)
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
