"""The progress appendix as an Excel workbook: the plan's columns plus, per criterion, the number
of units in each status and the figures against the targets; then one sheet per field with the
units' statuses (units × criteria)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from parsipas.dashboards.periodic import PeriodicReport
from parsipas.lib.xlsx import workbook_bytes
from parsipas.plans.models import Node
from parsipas.reporting import statuses
from parsipas.reporting.computed import provenance
from parsipas.reporting.rollups import STATUS_KEYS, STATUS_LABELS, TargetRollup
from parsipas.units.models import COMMUNE_KINDS

FILLS = statuses.FILLS
RESULTS = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa đánh giá được"}
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")
FONT = "Times New Roman"
BODY = Font(name=FONT, size=11)
BOLD = Font(name=FONT, size=11, bold=True)
CENTRE = Alignment(wrap_text=True, horizontal="center", vertical="center")
STATUS_FILLS = {key: PatternFill("solid", fgColor=colour) for key, colour in FILLS.items()}
LINE_POINTS = 15  # one line of 11 pt text
CHARS_PER_WIDTH = 1.45  # characters of 11 pt Times New Roman per unit of column width (measured)


class _Styles:
    """Cell styles registered once per workbook: openpyxl hashes the font, fill, border and
    alignment into the workbook's lists on every assignment (seconds for the unit sheets' 15,000
    cells); a cell styled like an earlier one gets a copy of that one's style indexes instead."""

    def __init__(self) -> None:
        # id()s of the style objects -> (the style indexes, the objects: kept, so ids stay theirs)
        self._seen: dict[tuple[int, ...], tuple[Any, tuple[object, ...]]] = {}

    def apply(
        self,
        cell: Cell,
        font: Font,
        border: Border | None = None,
        alignment: Alignment | None = None,
        fill: PatternFill | None = None,
    ) -> None:
        key = (id(font), id(border), id(alignment), id(fill))
        seen = self._seen.get(key)
        if seen is not None:
            cell._style = copy(seen[0])  # type: ignore[attr-defined]
            return
        cell.font = font
        if border is not None:
            cell.border = border
        if alignment is not None:
            cell.alignment = alignment
        if fill is not None:
            cell.fill = fill
        style = cell._style  # type: ignore[attr-defined]
        self._seen[key] = (copy(style), (font, border, alignment, fill))


def _lines(text: object, width: float) -> int:
    """How many lines a wrapped cell needs (explicit line breaks counted)."""
    if text is None or text == "":
        return 1
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n"))


def _fit_row(ws: Worksheet, row: int, widths: Sequence[float]) -> None:
    """A row height that shows every wrapped cell whole: LibreOffice and Excel do not grow rows
    by themselves for files written by a program, so the text overlapped the next row."""
    lines = max(
        _lines(ws.cell(row=row, column=col).value, width)
        for col, width in enumerate(widths, start=1)
    )
    ws.row_dimensions[row].height = max(1, lines) * LINE_POINTS + 3


def _print_setup(ws: Worksheet, title_rows: str, title_cols: str | None = None) -> None:
    """Landscape, one page wide (as many pages down as needed), header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    odd = ws.oddFooter
    footer = odd.center if odd is not None else None
    assert footer is not None  # openpyxl makes the three parts of every header and footer
    footer.text = "Trang &P / &N"
    footer.font = FONT


def _header(ws: Worksheet, row: int, headers: list[str], widths: Sequence[float]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = width


def _title(ws: Worksheet, text: str, span: int) -> None:
    ws.cell(row=1, column=1, value=text).font = Font(bold=True, size=13, name=FONT)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    ws.row_dimensions[1].height = 20


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31].strip()
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def build(report: PeriodicReport) -> bytes:
    data = report.data
    nodes = {
        n.pk: n
        for n in Node.objects.filter(plan=report.plan)
        .prefetch_related("lead_units")
        .order_by("order")
    }
    wb = Workbook()
    styles = _Styles()
    ws = wb.worksheets[0]  # a new workbook has one sheet, the active one
    ws.title = "Tiến độ"
    headers = [
        "STT",
        "Mã",
        "Tiêu chí / nội dung",
        "Nội dung thực hiện",
        "Cơ quan thực hiện",
        "Cơ quan chủ trì",
        "Thời gian thực hiện",
        "Số đơn vị",
        *[STATUS_LABELS[k] for k in STATUS_KEYS],
        "Tỷ lệ hoàn thành (%)",
        "Báo cáo muộn",
        "Chỉ tiêu",
        "Số liệu toàn tỉnh",
        "Kết quả",
        "Đánh giá",
    ]
    widths = [5, 7, 32, 40, 24, 20, 12, 8, *[10] * len(STATUS_KEYS), 10, 8, 32, 10, 11, 12]
    _title(
        ws,
        f"PHỤ LỤC: TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CCHC NĂM {report.plan.year} – {report.period.name.upper()} (số liệu đến {report.period.end:%d/%m/%Y})",
        len(headers),
    )
    _header(ws, 3, headers, widths)
    _fit_row(ws, 3, widths)
    targets = defaultdict(list)
    for target in data.targets:
        targets[target.node_id].append(target)
    criteria = {c.node_id: c for c in data.criteria}
    row = 4
    number = 0
    for node in nodes.values():
        if node.level == Node.Level.INDEX:
            ws.cell(row=row, column=3, value=node.title).font = BOLD
            _fit_row(ws, row, widths)
            row += 1
            continue
        if node.level == Node.Level.FIELD:
            ws.cell(row=row, column=2, value=node.code).font = BOLD
            heading = ws.cell(row=row, column=3, value=node.title)
            heading.font, heading.alignment = BOLD, WRAP
            _fit_row(ws, row, widths)
            row += 1
            continue
        c = criteria.get(node.pk)
        if c is None:
            continue
        number += 1
        its: list[TargetRollup | None] = [*targets.get(node.pk, [])] or [None]
        for i, line_target in enumerate(its):
            values: list[Any] = [
                number if i == 0 else None,
                (("SIPAS " if node.index == "SIPAS" else "") + node.code) if i == 0 else None,
                node.title if i == 0 else None,
                node.content if i == 0 else None,
                node.implementers_text if i == 0 else None,
                (", ".join(u.name for u in node.lead_units.all()) or node.lead_text)
                if i == 0
                else None,
                (node.deadline.strftime("%d/%m/%Y") if node.deadline else node.deadline_text)
                if i == 0
                else None,
                c.assigned if i == 0 else None,
                *[(c.by_status[k] if i == 0 else None) for k in STATUS_KEYS],
                c.completion if i == 0 else None,
                c.late if i == 0 else None,
                (
                    line_target.text
                    + (f"\n({provenance(line_target)})" if provenance(line_target) else "")
                )
                if line_target
                else None,
                float(line_target.figure)
                if line_target and line_target.figure is not None
                else None,
                RESULTS.get(line_target.result) if line_target else None,
                data.criterion_lights[node.pk].label if i == 0 else None,
            ]
            for col, value in enumerate(values, start=1):
                styles.apply(ws.cell(row=row, column=col, value=value), BODY, BORDER, WRAP)
            _fit_row(ws, row, widths)
            row += 1
    ws.freeze_panes = "D4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{max(row - 1, 3)}"
    _print_setup(ws, "3:3")

    used = {ws.title}
    units = data.units
    for f in [*data.fields, *([data.sipas] if data.sipas else [])]:
        if f.rollup.index == "PAR":
            members = [c for c in data.criteria if c.field_id == f.rollup.node_id and c.assigned]
            name = _sheet_name(f"LV{f.rollup.code} {f.rollup.title}", used)
            title = f"Lĩnh vực {f.rollup.code}. {f.rollup.title}"
        else:
            members = [c for c in data.criteria if c.index == "SIPAS" and c.assigned]
            name = _sheet_name("SIPAS", used)
            title = "Chỉ số SIPAS"
        _unit_sheet(wb.create_sheet(name), report, title, members, units, styles)

    return workbook_bytes(wb)


def _unit_sheet(
    ws: Worksheet,
    report: PeriodicReport,
    title: str,
    members: list,
    units: list,
    styles: _Styles,
) -> None:
    grid = report.data.grid
    headers = [
        "STT",
        "Đơn vị",
        "Loại",
        *[("S" if c.index == "SIPAS" else "") + c.code for c in members],
        "Hoàn thành",
    ]
    widths = [5, 34, 14, *[11] * len(members), 11]
    _title(
        ws,
        f"{title} – tình trạng của các đơn vị, {report.period.label}",
        len(headers),
    )
    _header(ws, 3, headers, widths)
    _fit_row(ws, 3, widths)
    row = 4
    for unit in units:
        statuses = [grid.get((c.node_id, unit.unit_id)) for c in members]
        if not any(statuses):
            continue
        kind = "Xã, phường" if unit.kind in COMMUNE_KINDS else "Cấp tỉnh"
        for col, value in enumerate((row - 3, unit.name, kind), start=1):
            styles.apply(ws.cell(row=row, column=col, value=value), BODY, BORDER, WRAP)
        for col, status in enumerate(statuses, start=4):
            cell = ws.cell(row=row, column=col, value=STATUS_LABELS[status] if status else "")
            styles.apply(cell, BODY, BORDER, CENTRE, STATUS_FILLS[status] if status else None)
        done = sum(1 for s in statuses if s == "done")
        assigned = sum(1 for s in statuses if s)
        styles.apply(
            ws.cell(row=row, column=len(headers), value=f"{done}/{assigned}"), BODY, BORDER
        )
        _fit_row(ws, row, widths)
        row += 1
    ws.freeze_panes = "D4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{max(row - 1, 3)}"
    _print_setup(ws, "3:3", "A:B")
