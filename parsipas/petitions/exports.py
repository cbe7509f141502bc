"""The petitions register as Excel — never with the petitioner's name or contact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from parsipas.lib.workdays import WorkCalendar
from parsipas.lib.xlsx import workbook_bytes
from parsipas.petitions import rules
from parsipas.petitions.figures import timeline
from parsipas.petitions.models import Petition

HEADERS = [
    "Mã",
    "Đơn vị xử lý",
    "Kênh",
    "Ngày tiếp nhận",
    "Thủ tục",
    "Phân loại",
    "Tình trạng",
    "Hạn xử lý",
    "Ngày trả lời",
    "Đúng hạn",
    "Đánh giá",
]


def petitions_xlsx(
    petitions: Iterable[Petition], cal: WorkCalendar, limits: dict[str, int], today: dt.date
) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Phản ánh, kiến nghị"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True, name="Times New Roman")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for p in petitions:
        t = timeline(p)
        d = rules.deadlines(t, cal, limits)
        rating = "" if p.rating is None else ("Hài lòng" if p.rating else "Không hài lòng")
        ws.append(
            [
                p.code,
                p.unit.name,
                p.get_channel_display(),
                p.received_on,
                p.procedure,
                p.get_subject_display() if p.subject else "",
                p.get_state_display(),
                d.handle,
                p.handled_on,
                "Đúng hạn" if rules.on_time(t, cal, today, limits) else "Trễ hạn",
                rating,
            ]
        )
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for col, width in zip("ABCDEFGHIJK", (12, 32, 20, 13, 30, 24, 22, 13, 13, 11, 15), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]  # openpyxl always makes it; the stubs say Optional
    ws.print_title_rows = "1:1"
    return workbook_bytes(wb)
