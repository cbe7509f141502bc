"""The periodic CCHC report as a Word document in the layout of Nghị định 30/2020/NĐ-CP.

A4, margins 20/20/30/15 mm, Times New Roman 14 (13 for the letterhead, 12–11 for the
recipients and tables); letterhead table (issuing body left, national motto right), number and
place-date line, title, numbered sections I–IV, signature block; an appendix in landscape with
the criteria's statuses and figures. Charts are PNG images drawn by `charts.py`.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.sax.saxutils import escape

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from parsipas.dashboards import charts
from parsipas.dashboards.periodic import PeriodicReport, default_direction
from parsipas.lib import numbers, wordfile
from parsipas.reporting import statuses
from parsipas.reporting.compilation import FieldTexts, texts_by_field
from parsipas.reporting.computed import provenance
from parsipas.reporting.rollups import STATUS_KEYS, STATUS_LABELS

FONT = wordfile.FONT
COLOURS = {s.key: s.rgb for s in statuses.STATUSES}
RESULT_LABELS = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa đánh giá"}


_set_font = wordfile.set_font
_ALIGN = {
    WD_ALIGN_PARAGRAPH.JUSTIFY: "both",
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.LEFT: "left",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
}


def _para(
    doc,
    text: str = "",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: float = 6,
) -> None:
    """`wordfile.para` written as XML and parsed once: python-docx's property setters cost
    several milliseconds a paragraph here (the same spacing 0/`after` pt, line 1.15, first line
    indented 1.27 cm with `indent`, the run in the document font)."""
    props = (
        f'<w:spacing w:before="0" w:after="{round(after * 20)}" w:line="276" w:lineRule="auto"/>'
        + (f'<w:ind w:firstLine="{int(Cm(1.27).twips)}"/>' if indent else "")
        + (f'<w:jc w:val="{_ALIGN[align]}"/>' if align is not None else "")
    )
    run = _run_xml(text, size, bold, italic, underline) if text else ""
    element = parse_xml(f"<w:p {nsdecls('w')}><w:pPr>{props}</w:pPr>{run}</w:p>")
    body = doc.element.body
    body.find(qn("w:sectPr")).addprevious(element)


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell(
    cell,
    text: str,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: int = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = True,
) -> Paragraph:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _set_font(p.add_run(text), size, bold, italic, underline)
    return p


def _grid_table(
    doc, headers: list[str], rows: list[list[str]], widths: list[float], size: float = 11
) -> Table:
    """A bordered table with a header row repeated on every page. The body rows are written as
    one piece of XML and parsed once: python-docx's `add_row()` and run properties cost about
    8 ms a cell, seconds for the appendix's hundreds of rows."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        _cell(table.rows[0].cells[i], text, size, bold=True)
    _fix_widths(table, widths)
    if rows:
        twips = [int(Cm(width).twips) for width in widths]
        body = "".join(_row_xml(row, twips, size) for row in rows)
        for tr in list(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")):
            table._tbl.append(tr)
    # repeat the header row on every page
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    return table


# Characters XML 1.0 cannot hold (python-docx refuses them too); tabs and line breaks are kept.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run_xml(
    text: str, size: float, bold: bool = False, italic: bool = False, underline: bool = False
) -> str:
    """One run in the document font at `size` points (what `wordfile.set_font` writes)."""
    fonts = "".join(f' w:{a}="{FONT}"' for a in ("ascii", "hAnsi", "cs", "eastAsia"))
    marks = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    pieces = []
    for n, line in enumerate(_NOT_XML.sub("", text).split("\n")):
        if n:
            pieces.append("<w:br/>")
        for m, part in enumerate(line.split("\t")):
            if m:
                pieces.append("<w:tab/>")
            if part:
                pieces.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return (
        f'<w:r><w:rPr><w:rFonts{fonts}/>{marks}<w:sz w:val="{round(size * 2)}"/>'
        + ('<w:u w:val="single"/>' if underline else "")
        + "</w:rPr>"
        + "".join(pieces)
        + "</w:r>"
    )


def _row_xml(row: list[str], twips: list[int], size: float) -> str:
    """A body row: the second column left-aligned (names, titles), the others centred."""
    cells = []
    for i, (text, width) in enumerate(zip(row, twips, strict=True)):
        align = "left" if i == 1 else "center"
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="{align}"/></w:pPr>'
            f"{_run_xml(text, size) if text else ''}</w:p></w:tc>"
        )
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def _fix_widths(table: Table, widths: list[float]) -> None:
    """Column widths that Word and LibreOffice both keep: a fixed layout, the grid's columns and
    every cell set (LibreOffice reads the grid; Word the cells)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)


def _pct(value: float | None) -> str:
    return numbers.percent(value, 1)


def _num(value: object) -> str:
    return numbers.number(value)


def _date_line(report: PeriodicReport) -> str:
    place = report.letterhead.place_name
    signed = report.narrative.signed_on
    if signed:
        return f"{place}, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}"
    return f"{place}, ngày      tháng      năm {report.period.year}"


def _letterhead(doc, report: PeriodicReport) -> None:
    lh = report.letterhead
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _cell(left, lh.parent_body.upper(), 13)
    _cell(left, lh.issuing_body.upper(), 13, bold=True, underline=True, first=False)
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    _cell(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True, first=False)
    number = report.narrative.number or "       "
    _cell(table.rows[1].cells[0], f"Số: {number}/{lh.number_suffix}", 13)
    _cell(table.rows[1].cells[1], _date_line(report), 14, italic=True)
    _fix_widths(table, [6.5, 9.5])


def _paragraphs(doc, text: str, size: float = 14) -> None:
    """One indented paragraph per non-empty line of `text` (as `wordfile.paragraphs`)."""
    for line in text.splitlines():
        if line.strip():
            _para(doc, line.strip(), size, indent=True)


def build(report: PeriodicReport) -> bytes:
    """The report, section by section, in the order of the decree's layout."""
    doc = wordfile.new_document(f"Báo cáo {report.title}", report.letterhead.issuing_body)
    _letterhead(doc, report)
    _para(doc, "", after=6)
    _para(doc, "BÁO CÁO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, report.title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _results(doc, report)
    _shortcomings(doc, report)
    _next_tasks(doc, report)
    _proposals(doc, report)
    _para(
        doc,
        f"Trên đây là báo cáo {report.title[0].lower() + report.title[1:]} của {_body_name(report.letterhead.issuing_body)}./.",
        indent=True,
    )
    _signature(doc, report)
    _appendix(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _results(doc: Any, report: PeriodicReport) -> None:
    """I. Kết quả thực hiện: direction, overall figures, fields, charts, late units."""
    data, n = report.data, report.narrative
    t = data.total
    _para(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    _para(doc, "1. Công tác chỉ đạo, điều hành", bold=True)
    _paragraphs(doc, n.direction or default_direction(report))
    _para(doc, "2. Kết quả chung", bold=True)
    _para(
        doc,
        f"Tổng số nhiệm vụ: {_num(t.assigned)}; hoàn thành {_num(t.done)} ({_pct(t.completion)}); "
        f"đang thực hiện {_num(t.by_status['in_progress'])}; chưa triển khai "
        f"{_num(t.by_status['not_started'])}; không hoàn thành {_num(t.by_status['not_done'])}; "
        f"chưa gửi báo cáo {_num(t.by_status['not_submitted'])}. Tỷ lệ báo cáo đúng hạn "
        f"{_pct(t.timeliness)}; {_num(t.late)} báo cáo gửi muộn hoặc quá hạn chưa gửi. "
        f"Đánh giá chung: {data.total_light.label.lower()} ({data.total_light.reason.lower()}).",
        indent=True,
    )
    _para(
        doc,
        f"Có {data.flagged} tiêu chí đã quá hạn mà còn đơn vị chưa hoàn thành; {data.targets_not_met} "
        f"chỉ tiêu chưa đạt trên tổng số {len(data.targets)} chỉ tiêu đo lường được.",
        indent=True,
    )
    _fields(doc, report)
    _charts(doc, report)
    _late_units(doc, report)


def _fields(doc: Any, report: PeriodicReport) -> None:
    data = report.data
    _para(doc, "3. Kết quả theo từng lĩnh vực", bold=True)
    groups = [*data.fields, *([data.sipas] if data.sipas else [])]
    rows = []
    for i, f in enumerate(groups, start=1):
        r = f.rollup
        rows.append(
            [
                str(i),
                f"{r.code}. {r.title}" if r.index == "PAR" else "Chỉ số SIPAS",
                _num(r.assigned),
                _num(r.done),
                _num(r.by_status["in_progress"]),
                _num(r.by_status["not_submitted"]),
                _pct(r.completion),
                f.light.label,
            ]
        )
    _grid_table(
        doc,
        [
            "TT",
            "Lĩnh vực",
            "Nhiệm vụ",
            "Hoàn thành",
            "Đang thực hiện",
            "Chưa gửi",
            "Tỷ lệ",
            "Đánh giá",
        ],
        rows,
        [0.9, 5.6, 1.6, 1.7, 1.7, 1.5, 1.4, 1.6],
    )
    for f in data.fields:
        r = f.rollup
        _para(
            doc,
            f"Lĩnh vực {r.code} ({r.title}): {r.criteria} tiêu chí, {_num(r.done)}/{_num(r.assigned)} "
            f"nhiệm vụ hoàn thành ({_pct(r.completion)}), {f.light.label.lower()}"
            + (f"; {r.flagged} tiêu chí đã quá hạn." if r.flagged else "."),
            indent=True,
        )


def _charts(doc: Any, report: PeriodicReport) -> None:
    data = report.data
    groups = [*data.fields, *([data.sipas] if data.sipas else [])]
    _para(doc, "4. Biểu đồ tiến độ", bold=True)
    labels = [f.rollup.code if f.rollup.index == "PAR" else "SIPAS" for f in groups]
    chart = charts.stacked_bars(
        labels,
        [(COLOURS[k], [f.rollup.by_status[k] for f in groups]) for k in STATUS_KEYS],
    )
    doc.add_picture(io.BytesIO(chart), width=Cm(16))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(
        doc,
        "Biểu đồ 1. Tỷ lệ nhiệm vụ theo tình trạng ở từng lĩnh vực (1–8) và SIPAS; số ghi trên cột là tỷ lệ "
        "hoàn thành. Màu: xanh lá – hoàn thành; xanh dương – đang thực hiện; cam – chưa triển khai; "
        "đỏ – không hoàn thành; xám – chưa gửi báo cáo.",
        12,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    codes = {"Y": "Năm"}  # Q1, Q2, Q3, Năm
    series = [p for p in report.series if p.period.start <= report.period.start]
    if len(series) > 1:
        chart = charts.stacked_bars(
            [codes.get(p.period.code, p.period.code) for p in series],
            [(COLOURS[k], [p.by_status[k] for p in series]) for k in STATUS_KEYS],
            width=900,
        )
        doc.add_picture(io.BytesIO(chart), width=Cm(12))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _para(
            doc,
            "Biểu đồ 2. Tiến độ qua các kỳ báo cáo trong năm ("
            + ", ".join(p.period.name for p in series)
            + ").",
            12,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )


def reporting_statement(report: PeriodicReport) -> str:
    """What is true of the units' reporting at the moment the file is made."""
    data = report.data
    unsent = data.total.by_status["not_submitted"]
    due = report.period.due_date
    if not data.past_due:
        if unsent:
            return (
                f"Chưa đến hạn gửi báo cáo ({due:%d/%m/%Y}); hiện còn {_num(unsent)} nhiệm vụ "
                "các cơ quan, đơn vị, địa phương chưa gửi báo cáo."
            )
        return f"Các cơ quan, đơn vị, địa phương đã gửi đủ báo cáo trước hạn ({due:%d/%m/%Y})."
    if not data.late_units and not unsent:
        return "Các cơ quan, đơn vị, địa phương đều gửi báo cáo đúng hạn."
    return (
        f"Có {len(data.late_units)} cơ quan, đơn vị, địa phương gửi báo cáo muộn hoặc chưa gửi "
        f"báo cáo khi đã quá hạn ({due:%d/%m/%Y}); còn {_num(unsent)} nhiệm vụ chưa có báo cáo:"
    )


def _late_units(doc: Any, report: PeriodicReport) -> None:
    _para(doc, "5. Tình hình gửi báo cáo của các đơn vị", bold=True)
    _para(doc, reporting_statement(report), indent=True)
    late = report.data.late_units
    if late and report.data.past_due:
        _grid_table(
            doc,
            ["TT", "Cơ quan, đơn vị, địa phương", "Số báo cáo muộn", "Chưa gửi"],
            [
                [str(i), u.name, _num(u.late), _num(u.by_status["not_submitted"])]
                for i, u in enumerate(late, 1)
            ],
            [1.0, 10.0, 2.7, 2.3],
        )


def _unit_texts(doc: Any, groups: list[FieldTexts], lead: str) -> None:
    """What the units wrote, grouped by field, each line naming the criterion and the unit."""
    if not groups:
        return
    _para(doc, lead, indent=True)
    for g in groups:
        _para(doc, f"- Lĩnh vực {g.code} ({g.title}):", bold=True, indent=True, after=2)
        for text, units in sorted(g.items.items(), key=lambda kv: -len(kv[1])):
            who = units[0] if len(units) == 1 else f"{len(units)} đơn vị: " + ", ".join(units)
            _para(doc, f"+ {text.rstrip('.')} ({who}).", indent=True, after=2)


def _shortcomings(doc: Any, report: PeriodicReport) -> None:
    """II. Tồn tại, hạn chế: the admin's text, the units' difficulties, the criteria at risk."""
    data = report.data
    _para(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", bold=True)
    _paragraphs(doc, report.narrative.shortcomings)
    difficulties = texts_by_field(report.plan.pk, report.period, "difficulties")
    _unit_texts(
        doc, difficulties, "Khó khăn, vướng mắc các cơ quan, đơn vị, địa phương nêu trong báo cáo:"
    )
    risky = data.at_risk[:15]
    if risky:
        _para(doc, "Các tiêu chí có nguy cơ không hoàn thành:", indent=True)
        for item in risky:
            _para(
                doc,
                f"- Tiêu chí {item.code} ({item.title}): {'; '.join(item.reasons)}.",
                indent=True,
            )
        if len(data.at_risk) > len(risky):
            _para(
                doc,
                f"(và {len(data.at_risk) - len(risky)} tiêu chí khác, xem Phụ lục).",
                indent=True,
            )
    if not (report.narrative.shortcomings or difficulties or risky):
        _para(doc, "Chưa ghi nhận tồn tại, hạn chế trong kỳ báo cáo.", indent=True)


def _next_tasks(doc: Any, report: PeriodicReport) -> None:
    _para(doc, "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI", bold=True)
    _paragraphs(
        doc,
        report.narrative.next_tasks
        or "Tiếp tục đôn đốc các cơ quan, đơn vị, địa phương hoàn thành các nhiệm vụ còn lại của Kế hoạch; "
        "tập trung vào các tiêu chí có nguy cơ nêu tại Mục II.",
    )


def _proposals(doc: Any, report: PeriodicReport) -> None:
    """IV. Đề xuất, kiến nghị: the admin's text, then the units' proposals by field."""
    _para(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    _paragraphs(doc, report.narrative.proposals)
    proposals = texts_by_field(report.plan.pk, report.period, "proposals")
    _unit_texts(doc, proposals, "Đề xuất, kiến nghị của các cơ quan, đơn vị, địa phương:")
    if not (report.narrative.proposals or proposals):
        _para(
            doc,
            "Các cơ quan, đơn vị, địa phương chưa nêu đề xuất, kiến nghị trong kỳ.",
            indent=True,
        )


def _signature(doc, report: PeriodicReport) -> None:
    lh = report.letterhead
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _cell(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in lh.recipient_lines():
        _cell(left, f"- {line}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    if lh.signer_authority:
        _cell(right, lh.signer_authority.upper(), 14, bold=True)
        _cell(right, lh.signer_title.upper(), 14, bold=True, first=False)
    else:
        _cell(right, lh.signer_title.upper(), 14, bold=True)
    for _ in range(4):
        _cell(right, "", 14, first=False)
    # The name line is always there: written dots when the settings do not name the signer yet.
    _cell(right, lh.signer_name or "……………………………", 14, bold=True, first=False)
    _fix_widths(table, [8, 8])


def _appendix(doc, report: PeriodicReport) -> None:
    section = doc.add_section()
    section.different_first_page_header_footer = False  # the page number goes on
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    _para(doc, "PHỤ LỤC", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(
        doc,
        f"Tình trạng thực hiện các tiêu chí – {report.period.label}",
        13,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    _para(
        doc,
        f"(Kèm theo Báo cáo của {_body_name(report.letterhead.issuing_body)})",
        13,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    targets: dict[int, list[str]] = {}
    for tr in report.data.targets:
        targets.setdefault(tr.node_id, []).append(
            f"{_num(tr.figure)} – {RESULT_LABELS.get(tr.result, tr.result)}"
            + (f" ({provenance(tr)})" if provenance(tr) else "")
        )
    rows = []
    for c in report.data.criteria:
        rows.append(
            [
                (f"S{c.code}" if c.index == "SIPAS" else c.code),
                c.title,
                str(c.assigned),
                *[str(c.by_status[k]) for k in STATUS_KEYS],
                "; ".join(targets.get(c.node_id, [])) or "—",
                report.data.criterion_lights[c.node_id].label,
            ]
        )
    _grid_table(
        doc,
        [
            "Mã",
            "Tiêu chí",
            "Số đơn vị",
            *[STATUS_LABELS[k] for k in STATUS_KEYS],
            "Chỉ tiêu: số liệu – kết quả",
            "Đánh giá",
        ],
        rows,
        [1.3, 8.4, 1.5, 1.7, 1.7, 1.7, 1.7, 1.7, 3.8, 2.0],
        size=10,
    )


def _body_name(issuing_body: str) -> str:
    """'SỞ NỘI VỤ' as it reads inside a sentence: the registry's spelling ('Sở Nội vụ')."""
    from parsipas.units.models import find_unit_by_name

    unit = find_unit_by_name(issuing_body)
    if unit is not None:
        return unit.name
    return issuing_body[:1] + issuing_body[1:].lower()
