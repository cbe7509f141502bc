"""Word documents in the layout of Nghị định 30/2020/NĐ-CP: the pieces every generated .docx
shares (A4 page and margins, Times New Roman, paragraphs, page numbers in the header).

Used by the periodic report (`dashboards/word.py`) and the per-criterion compilation
(`reporting/compilation.py`).
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"


def new_document(title: str, author: str) -> Any:
    """An A4 document, margins 20/20/30/15 mm, Times New Roman 14, page numbers from page 2."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    doc.core_properties.title = title
    doc.core_properties.author = author
    doc.core_properties.language = "vi-VN"
    page_numbers(section)
    return doc


def set_font(
    run: Any, size: float, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def para(
    container: Any,
    text: str = "",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: int | None = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: float = 6,
) -> Paragraph:
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.line_spacing = 1.15
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        set_font(p.add_run(text), size, bold, italic, underline)
    return p


def paragraphs(container: Any, text: str, size: float = 14) -> None:
    """One indented paragraph per non-empty line of `text`."""
    for line in text.splitlines():
        if line.strip():
            para(container, line.strip(), size, indent=True)


def _field(paragraph: Paragraph, instruction: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) whose result Word and LibreOffice compute when shown."""
    run = paragraph.add_run()
    set_font(run, size)
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


def page_numbers(section: Any, size: float = 13) -> None:
    """The page number centred at the top of every page but the first (Nghị định 30/2020,
    Phụ lục I: 'số trang ... đặt canh giữa theo chiều ngang trong phần lề trên')."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(p, "PAGE", size)
