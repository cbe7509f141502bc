"""The self-assessment report (báo cáo tự đánh giá) as a Word document in the layout of Nghị
định 30/2020/NĐ-CP (`lib/wordfile`: A4, Times New Roman, page numbers): letterhead of the
Provincial People's Committee, I. the summary of self-assessed scores by field, II. the
explanations for criteria without evidence or without a score, III. recommendations, signature."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from parsipas.lib import numbers, wordfile
from parsipas.par.dossier.assembly import leaves, total

LEFT, CENTER = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER


def _cell(
    cell: Any,
    text: str,
    size: float = 12,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: int = CENTER,
    first: bool = True,
) -> None:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    wordfile.set_font(p.add_run(text), size, bold, italic, underline)


def _borderless(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table: Any, widths: list[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)


def _points(value: str | Decimal | None) -> str:
    return "—" if value is None else numbers.number(Decimal(value), 2)


def _letterhead(doc: Any, signed_year: int) -> None:
    province = settings.PROVINCE_NAME
    table = doc.add_table(rows=2, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    _cell(left, f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}", 13, bold=True, underline=True)
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    _cell(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True, first=False)
    _cell(table.rows[1].cells[0], "Số:        /BC-UBND", 13)
    _cell(
        table.rows[1].cells[1],
        f"{province}, ngày      tháng      năm {signed_year}",
        14,
        italic=True,
    )
    _widths(table, [6.5, 9.5])


def _grid(
    doc: Any, headers: list[str], rows: list[tuple[list[str], bool]], widths: list[float]
) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        _cell(table.rows[0].cells[i], text, 11, bold=True)
    for values, bold in rows:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            _cell(cells[i], text, 11, bold=bold, align=LEFT if i == 1 else CENTER)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    _widths(table, widths)


def _summary(doc: Any, snapshot: dict[str, Any]) -> None:
    points, maximum = total(snapshot)
    wordfile.para(doc, "I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", bold=True)
    share = numbers.percent(points * 100 / maximum, 2) if maximum else "—"
    wordfile.para(
        doc,
        f"Tổng điểm tự đánh giá của tỉnh: {_points(points)}/{_points(maximum)} điểm (đạt {share}). "
        "Kết quả theo từng lĩnh vực, tiêu chí:",
        indent=True,
    )
    rows: list[tuple[list[str], bool]] = []
    for row in snapshot["criteria"]:
        if not row["is_group"] or row["depth"] > 1:
            continue
        maxp = Decimal(row["max"] or 0)
        score = Decimal(row["score"] or 0)
        pct = numbers.percent(score * 100 / maxp, 1) if maxp else "—"
        rows.append(
            (
                [row["code"], row["title"], _points(row["max"]), _points(row["score"]), pct],
                row["depth"] == 0,
            )
        )
    rows.append((["", "Tổng cộng", _points(maximum), _points(points), share], True))
    _grid(
        doc,
        ["Mã", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Tỷ lệ"],
        rows,
        [1.6, 7.4, 2.2, 2.6, 2.2],
    )
    wordfile.para(doc, "", after=6)


def _explanations(doc: Any, snapshot: dict[str, Any]) -> None:
    wordfile.para(
        doc, "II. GIẢI TRÌNH CÁC TIÊU CHÍ CHƯA CÓ TÀI LIỆU KIỂM CHỨNG HOẶC CHƯA CÓ ĐIỂM", bold=True
    )
    lacking = [r for r in leaves(snapshot) if r["missing_evidence"] or r["missing_score"]]
    if not lacking:
        wordfile.para(
            doc, "Tất cả các tiêu chí đều có điểm tự đánh giá và tài liệu kiểm chứng.", indent=True
        )
        return
    for row in lacking:
        what = []
        if row["missing_evidence"]:
            what.append("chưa có tài liệu kiểm chứng")
        if row["missing_score"]:
            what.append("chưa có số liệu để chấm điểm")
        text = row["explanation"].strip() or "Chưa có giải trình."
        wordfile.para(
            doc,
            f"- Tiêu chí {row['code']} “{row['title']}” ({', '.join(what)}): {text}",
            indent=True,
        )


def _recommendations(doc: Any, snapshot: dict[str, Any]) -> None:
    wordfile.para(doc, "III. KIẾN NGHỊ, ĐỀ XUẤT", bold=True)
    if snapshot.get("recommendations", "").strip():
        wordfile.paragraphs(doc, snapshot["recommendations"])
        return
    risks = snapshot.get("risks") or []
    if not risks:
        wordfile.para(doc, "Không có.", indent=True)
        return
    wordfile.para(doc, "Tập trung khắc phục các tiêu chí còn nhiều điểm chưa đạt:", indent=True)
    for risk in risks:
        wordfile.para(
            doc,
            f"- Tiêu chí {risk['code']} “{risk['title']}”: còn {_points(risk['at_risk'])} điểm chưa đạt.",
            indent=True,
        )


def _signature(doc: Any) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    _cell(left, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT)
    for line in ("Bộ Nội vụ (b/c);", "Thường trực Tỉnh ủy (b/c);", "Lưu: VT, SNV."):
        _cell(left, f"- {line}", 11, align=LEFT, first=False)
    _cell(right, "TM. ỦY BAN NHÂN DÂN", 14, bold=True)
    _cell(right, "CHỦ TỊCH", 14, bold=True, first=False)
    for _ in range(4):
        _cell(right, "", 14, first=False)
    _cell(right, "……………………………", 14, bold=True, first=False)
    _widths(table, [8, 8])


def build(snapshot: dict[str, Any]) -> bytes:
    year = snapshot["year"]
    title = f"Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year} của tỉnh {settings.PROVINCE_NAME}"
    doc = wordfile.new_document(f"Báo cáo {title}", f"UBND tỉnh {settings.PROVINCE_NAME}")
    _letterhead(doc, int(str(snapshot.get("assembled_at") or year)[:4]))
    wordfile.para(doc, "", after=6)
    wordfile.para(doc, "BÁO CÁO", 14, bold=True, align=CENTER, after=0)
    wordfile.para(doc, title, 14, bold=True, align=CENTER, after=12)
    _summary(doc, snapshot)
    _explanations(doc, snapshot)
    _recommendations(doc, snapshot)
    wordfile.para(
        doc,
        "Kèm theo báo cáo: danh mục và các tài liệu kiểm chứng của từng tiêu chí./.",
        indent=True,
    )
    _signature(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
