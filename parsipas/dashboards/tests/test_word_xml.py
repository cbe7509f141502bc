"""The Word report's tables and paragraphs written as XML read back as python-docx wrote them."""

from __future__ import annotations

import io

from docx import Document

from parsipas.dashboards import word
from parsipas.lib import wordfile


def test_bulk_rows_keep_text_marks_and_widths() -> None:
    doc = wordfile.new_document("t", "a")
    rows = [["1", "Sở A & B <thử>", "3"], ["2", "dòng một\ndòng hai\x01", ""]]
    word._grid_table(doc, ["TT", "Đơn vị", "Số"], rows, [1.0, 10.0, 2.0], size=10)
    word._para(doc, "Đậm & nghiêng", 13, bold=True, italic=True, indent=True)
    out = io.BytesIO()
    doc.save(out)
    again = Document(io.BytesIO(out.getvalue()))
    table = again.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["1", "Sở A & B <thử>", "3"]
    assert table.rows[2].cells[1].text == "dòng một\ndòng hai"
    assert table.rows[2].cells[2].text == ""
    run = table.rows[1].cells[1].paragraphs[0].runs[0]
    assert run.font.name == "Times New Roman" and run.font.size.pt == 10
    assert table.rows[1].cells[0].paragraphs[0].alignment == word.WD_ALIGN_PARAGRAPH.CENTER
    assert table.rows[1].cells[1].paragraphs[0].alignment == word.WD_ALIGN_PARAGRAPH.LEFT
    assert [round(c.width.cm, 1) for c in table.rows[2].cells] == [1.0, 10.0, 2.0]
    p = again.paragraphs[-1]
    assert p.text == "Đậm & nghiêng" and p.runs[0].bold and p.runs[0].italic
    assert p.alignment == word.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(p.paragraph_format.first_line_indent.cm, 2) == 1.27
    assert p.paragraph_format.line_spacing == 1.15
