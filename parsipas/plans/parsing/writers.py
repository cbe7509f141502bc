"""Render a ParsedPlan as the appendix table, in Word and in Excel.

Used by the export and by the tests, which read these files back and expect the same plan: so
the writers put each text where the readers look for it, and bullets as separate paragraphs
(Word) or lines (Excel).
"""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from parsipas.lib.xlsx import workbook_bytes

from .build import field_lead
from .header import COLUMN_LABELS, Column
from .model import ParsedNode, ParsedPlan

HEADER = [
    "STT",
    "LĨNH VỰC, TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN",
    "NỘI DUNG THỰC HIỆN",
    COLUMN_LABELS[Column.IMPLEMENTERS],
    COLUMN_LABELS[Column.LEADS],
    COLUMN_LABELS[Column.DEADLINE],
]
_DOCX_WIDTHS_CM = (1.3, 5.5, 9.5, 3.8, 3.5, 3.4)
_XLSX_WIDTHS = (7, 40, 70, 28, 26, 24)


def _lead_cell(node: ParsedNode) -> str:
    # A field names its lead inside its content ("Sở Nội vụ chủ trì, ..."), as the original does.
    if node.level == "field" and node.lead_text and field_lead(node.content) == node.lead_text:
        return ""
    return node.lead_text


def table_rows(plan: ParsedPlan) -> list[list[str]]:
    """One row per node: STT, title, content, implementers, lead, deadline."""
    return [
        [
            node.code,
            node.title,
            node.content,
            node.implementers_text,
            _lead_cell(node),
            node.deadline_text,
        ]
        for node in plan.nodes
    ]


def _set_cell_lines(cell: _Cell, text: str, bold: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold


def _repeat_as_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def write_docx(plan: ParsedPlan) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    for text in ("PHỤ LỤC", plan.title):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True

    rows = table_rows(plan)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    table.style = "Table Grid"
    _repeat_as_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, HEADER, strict=True):
        _set_cell_lines(cell, label, bold=True)
    for row, node, values in zip(table.rows[1:], plan.nodes, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            _set_cell_lines(cell, value, bold=node.level != "criterion")
    for column, width in zip(table.columns, _DOCX_WIDTHS_CM, strict=True):
        for cell in column.cells:
            cell.width = Cm(width)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _safe(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def write_xlsx(plan: ParsedPlan) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.title = "Phụ lục"
    sheet["A1"] = "PHỤ LỤC"
    sheet["A2"] = _safe(plan.title)
    for address in ("A1", "A2"):
        sheet[address].font = Font(bold=True)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADER))
    header_row = 4
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, label in enumerate(HEADER, start=1):
        cell = sheet.cell(header_row, column, label)
        cell.font = Font(bold=True)
        cell.alignment = wrap
    for offset, (node, values) in enumerate(zip(plan.nodes, table_rows(plan), strict=True)):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(header_row + 1 + offset, column, _safe(value))
            # Text stays text: "1.10" must not become the number 1.1, "=..." no formula.
            cell.data_type = "s"
            cell.alignment = wrap
            if node.level != "criterion":
                cell.font = Font(bold=True)
    for index, width in enumerate(_XLSX_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    return workbook_bytes(workbook)
