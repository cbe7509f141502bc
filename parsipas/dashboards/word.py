"""The periodic CCHC report as a Word document in the layout of Nghị định 30/2020/NĐ-CP.

A4, margins 20/20/30/15 mm, Times New Roman 14 (13 for the letterhead, 12–11 for the
recipients and tables); letterhead table (issuing body left, national motto right), number and
place-date line, title, numbered sections I–IV, signature block; an appendix in landscape with
the criteria's statuses and figures. Charts are PNG images drawn by `charts.py`.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from parsipas.dashboards import charts
from parsipas.dashboards.periodic import PeriodicReport, default_direction
from parsipas.reporting.rollups import STATUS_KEYS, STATUS_LABELS

FONT = "Times New Roman"
COLOURS = {
    "done": (29, 122, 58),
    "in_progress": (11, 92, 173),
    "not_started": (208, 135, 0),
    "not_done": (180, 35, 24),
    "not_submitted": (167, 176, 187),
}
RESULT_LABELS = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa đánh giá"}


def _set_font(
    run, size: float, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:  # type: ignore[no-untyped-def]
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


def _para(
    container,  # type: ignore[no-untyped-def]
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
        _set_font(p.add_run(text), size, bold, italic, underline)
    return p


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
    italic: bool = False,  # type: ignore[no-untyped-def]
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
) -> Table:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        _cell(table.rows[0].cells[i], text, size, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            _cell(
                cells[i],
                text,
                size,
                align=WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER,
            )
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)
    # repeat the header row on every page
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    return table


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def _num(value: object) -> str:
    if value is None:
        return "—"
    text = f"{value:f}".rstrip("0").rstrip(".") if hasattr(value, "as_tuple") else str(value)
    return text.replace(".", ",")


def _date_line(report: PeriodicReport) -> str:
    place = report.letterhead.place_name
    signed = report.narrative.signed_on
    if signed:
        return f"{place}, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}"
    return f"{place}, ngày      tháng      năm {report.period.year}"


def _letterhead(doc, report: PeriodicReport) -> None:  # type: ignore[no-untyped-def]
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
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(9.5)


def _paragraphs(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    for line in text.splitlines():
        if line.strip():
            _para(doc, line.strip(), indent=True)


def build(report: PeriodicReport) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    doc.core_properties.title = f"Báo cáo {report.title}"
    doc.core_properties.author = report.letterhead.issuing_body
    doc.core_properties.language = "vi-VN"

    _letterhead(doc, report)
    _para(doc, "", after=6)
    _para(doc, "BÁO CÁO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, report.title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    data, n = report.data, report.narrative
    t = data.total
    _para(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    _para(doc, "1. Công tác chỉ đạo, điều hành", bold=True)
    _paragraphs(doc, n.direction or default_direction(report))

    _para(doc, "2. Kết quả chung", bold=True)
    _para(
        doc,
        f"Tổng số nhiệm vụ: {t.assigned}; hoàn thành {t.done} ({_pct(t.completion)}); đang thực hiện "
        f"{t.by_status['in_progress']}; chưa triển khai {t.by_status['not_started']}; không hoàn thành "
        f"{t.by_status['not_done']}; chưa gửi báo cáo {t.by_status['not_submitted']}. Tỷ lệ báo cáo đúng hạn "
        f"{_pct(t.timeliness)}; {t.late} báo cáo gửi muộn hoặc quá hạn chưa gửi. Đánh giá chung: "
        f"{data.total_light.label.lower()} ({data.total_light.reason.lower()}).",
        indent=True,
    )
    _para(
        doc,
        f"Có {data.flagged} tiêu chí đã quá hạn mà còn đơn vị chưa hoàn thành; {data.targets_not_met} "
        f"chỉ tiêu chưa đạt trên tổng số {len(data.targets)} chỉ tiêu đo lường được.",
        indent=True,
    )

    _para(doc, "3. Kết quả theo từng lĩnh vực", bold=True)
    groups = [*data.fields, *([data.sipas] if data.sipas else [])]
    rows = []
    for i, f in enumerate(groups, start=1):
        r = f.rollup
        rows.append(
            [
                str(i),
                f"{r.code}. {r.title}" if r.index == "PAR" else "Chỉ số SIPAS",
                str(r.assigned),
                str(r.done),
                str(r.by_status["in_progress"]),
                str(r.by_status["not_submitted"]),
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
        [0.8, 5.2, 1.6, 1.7, 1.8, 1.5, 1.4, 2.0],
    )
    for f in data.fields:
        r = f.rollup
        _para(
            doc,
            f"Lĩnh vực {r.code} ({r.title}): {r.criteria} tiêu chí, {r.done}/{r.assigned} nhiệm vụ hoàn thành "
            f"({_pct(r.completion)}), {f.light.label.lower()}"
            + (f"; {r.flagged} tiêu chí đã quá hạn." if r.flagged else "."),
            indent=True,
        )

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

    _para(doc, "5. Đơn vị chậm báo cáo", bold=True)
    late = data.late_units
    if late:
        _para(
            doc,
            f"Có {len(late)} cơ quan, đơn vị, địa phương gửi báo cáo muộn hoặc chưa gửi báo cáo khi đã quá hạn:",
            indent=True,
        )
        _grid_table(
            doc,
            ["TT", "Cơ quan, đơn vị, địa phương", "Số báo cáo muộn", "Chưa gửi"],
            [
                [str(i), u.name, str(u.late), str(u.by_status["not_submitted"])]
                for i, u in enumerate(late, 1)
            ],
            [1.0, 9.5, 3.0, 2.5],
        )
    else:
        _para(doc, "Các cơ quan, đơn vị, địa phương đều gửi báo cáo đúng hạn.", indent=True)

    _para(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", bold=True)
    _paragraphs(doc, n.shortcomings)
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
    _para(doc, "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI", bold=True)
    _paragraphs(
        doc,
        n.next_tasks
        or "Tiếp tục đôn đốc các cơ quan, đơn vị, địa phương hoàn thành các nhiệm vụ còn lại của Kế hoạch; "
        "tập trung vào các tiêu chí có nguy cơ nêu tại Mục II.",
    )
    _para(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    _paragraphs(doc, n.proposals or "Không có.")
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


def _signature(doc, report: PeriodicReport) -> None:  # type: ignore[no-untyped-def]
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
    _cell(right, lh.signer_name, 14, bold=True, first=False)
    left.width, right.width = Cm(8), Cm(8)


def _appendix(doc, report: PeriodicReport) -> None:  # type: ignore[no-untyped-def]
    section = doc.add_section()
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
        [1.2, 7.5, 1.5, 1.7, 1.7, 1.7, 1.7, 1.7, 4.0, 2.2],
        size=10,
    )


def _body_name(issuing_body: str) -> str:
    """'SỞ NỘI VỤ' as it reads inside a sentence: the registry's spelling ('Sở Nội vụ')."""
    from parsipas.units.models import find_unit_by_name

    unit = find_unit_by_name(issuing_body)
    if unit is not None:
        return unit.name
    return issuing_body[:1] + issuing_body[1:].lower()
