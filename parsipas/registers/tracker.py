"""Read an Excel (or CSV) export of the national task-tracking system (Hệ thống theo dõi nhiệm vụ
Chính phủ, Thủ tướng Chính phủ giao) into rows for `services.import_tasks`.

Columns are found by their headers (any case, with or without diacritics, see ALIASES). Every row
is checked before anything is written; one bad row refuses the whole file, with every problem
named by its row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from parsipas.lib.tabular import TableError, column_map, open_table
from parsipas.lib.text import fold
from parsipas.registers.models import GovernmentTask
from parsipas.units.models import Unit

ALIASES: dict[str, list[str]] = {
    "tracker_id": ["Mã nhiệm vụ", "Mã NV", "ID"],
    "doc_number": ["Số hiệu văn bản", "Số văn bản", "Số, ký hiệu văn bản", "Văn bản giao"],
    "doc_date": ["Ngày văn bản", "Ngày ban hành", "Ngày giao"],
    "issuer": ["Cơ quan ban hành", "Cơ quan giao", "Người giao"],
    "content": ["Nội dung nhiệm vụ", "Nội dung", "Tên nhiệm vụ", "Trích yếu"],
    "units": ["Đơn vị được giao", "Đơn vị chủ trì", "Đơn vị thực hiện", "Cơ quan được giao"],
    "due_date": ["Hạn xử lý", "Hạn hoàn thành", "Thời hạn", "Hạn"],
    "status": ["Tình trạng", "Trạng thái"],
    "completed_on": ["Ngày hoàn thành"],
}
REQUIRED = ("doc_number", "doc_date", "issuer", "content", "units", "due_date")
LABELS = {
    "tracker_id": "Mã nhiệm vụ",
    "doc_number": "Số hiệu văn bản",
    "doc_date": "Ngày văn bản",
    "issuer": "Cơ quan ban hành",
    "content": "Nội dung nhiệm vụ",
    "units": "Đơn vị được giao",
    "due_date": "Hạn xử lý",
    "status": "Tình trạng",
    "completed_on": "Ngày hoàn thành",
}
DONE_WORDS = ("da hoan thanh", "hoan thanh")
OPEN_WORDS = ("dang thuc hien", "chua hoan thanh", "qua han", "dang xu ly", "chua thuc hien")


@dataclass
class TaskRow:
    number: int
    tracker_id: str
    doc_number: str
    doc_date: dt.date
    issuer: str
    content: str
    units: list[Unit]
    due_date: dt.date
    status: str
    completed_on: dt.date | None


@dataclass
class Parsed:
    rows: list[TaskRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_date(text: str) -> dt.date:
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)  # ISO, and Excel dates read as datetimes
    if match:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    raise ValueError(text)


def unit_index() -> dict[str, Unit]:
    """Codes, folded names and folded aliases -> unit."""
    index: dict[str, Unit] = {}
    for unit in Unit.objects.filter(active=True):
        index[unit.code.lower()] = unit
        index[fold(unit.name)] = unit
        for alias in unit.aliases.split(";"):
            if alias.strip():
                index[fold(alias)] = unit
    return index


def parse(stream: BinaryIO, filename: str, year: int) -> Parsed:
    """Every row of the file, or every problem. Raises TableError for a bad file."""
    headers, rows = open_table(stream, filename)
    columns = column_map(headers, ALIASES)
    parsed = Parsed()
    missing = [LABELS[f] for f in REQUIRED if f not in columns]
    if missing:
        parsed.problems.append(
            f"Tệp '{filename}' thiếu cột: {', '.join(missing)} (dòng tiêu đề là dòng 1)."
        )
        return parsed
    units = unit_index()
    for row in rows:
        problems: list[str] = []

        def cell(name: str, row: Any = row) -> str:
            return row.values.get(columns[name], "").strip() if name in columns else ""

        def date_of(
            name: str, required: bool = True, row: Any = row, problems: list[str] = problems
        ) -> dt.date | None:
            text = cell(name)
            if not text:
                if required:
                    problems.append(f"Dòng {row.number}, cột '{columns[name]}': chưa có ngày.")
                return None
            try:
                return parse_date(text)
            except ValueError:
                problems.append(
                    f"Dòng {row.number}, cột '{columns[name]}': '{text}' không phải ngày (dd/mm/yyyy)."
                )
                return None

        for name in ("doc_number", "issuer", "content"):
            if not cell(name):
                problems.append(f"Dòng {row.number}, cột '{columns[name]}': còn trống.")
        doc_date = date_of("doc_date")
        due_date = date_of("due_date")
        completed_on = date_of("completed_on", required=False)
        assigned = []
        names = [n.strip() for n in re.split(r"[;\n]", cell("units")) if n.strip()]
        if not names:
            problems.append(
                f"Dòng {row.number}, cột '{columns['units']}': chưa có đơn vị được giao."
            )
        for name in names:
            unit = units.get(name.lower()) or units.get(fold(name))
            if unit is None:
                problems.append(
                    f"Dòng {row.number}, cột '{columns['units']}': không có đơn vị '{name}' "
                    "trong danh mục (ghi mã hoặc tên đơn vị, cách nhau bằng dấu ;)."
                )
            else:
                assigned.append(unit)
        if doc_date and due_date and due_date < doc_date:
            problems.append(
                f"Dòng {row.number}, cột '{columns['due_date']}': hạn {due_date:%d/%m/%Y} trước "
                f"ngày văn bản giao {doc_date:%d/%m/%Y}."
            )
        if doc_date and doc_date.year > year:
            problems.append(
                f"Dòng {row.number}, cột '{columns['doc_date']}': văn bản năm {doc_date.year}, "
                f"sau năm đang nhập ({year})."
            )
        status_text = fold(cell("status"))
        if any(w in status_text for w in OPEN_WORDS) or (not status_text and not completed_on):
            status = GovernmentTask.Status.IN_PROGRESS
        elif completed_on or any(w in status_text for w in DONE_WORDS):
            status = GovernmentTask.Status.DONE
        else:
            problems.append(
                f"Dòng {row.number}, cột '{columns['status']}': tình trạng '{cell('status')}' "
                "không rõ (dùng 'Đang thực hiện' hoặc 'Đã hoàn thành')."
            )
            status = GovernmentTask.Status.IN_PROGRESS
        if status == GovernmentTask.Status.IN_PROGRESS and completed_on and status_text:
            problems.append(
                f"Dòng {row.number}: có 'Ngày hoàn thành' nhưng tình trạng là '{cell('status')}'."
            )
        if status == GovernmentTask.Status.DONE and completed_on is None:
            problems.append(f"Dòng {row.number}: nhiệm vụ đã hoàn thành cần cột 'Ngày hoàn thành'.")
        if problems:
            parsed.problems.extend(problems)
            continue
        assert doc_date and due_date
        parsed.rows.append(
            TaskRow(
                row.number,
                cell("tracker_id")[:60],
                cell("doc_number")[:100],
                doc_date,
                cell("issuer")[:200],
                cell("content"),
                assigned,
                due_date,
                status,
                completed_on,
            )
        )
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(f"Tệp '{filename}' không có dòng nhiệm vụ nào.")
    return parsed


def read(stream: BinaryIO, filename: str, year: int) -> Parsed:
    try:
        return parse(stream, filename, year)
    except TableError as exc:
        return Parsed(problems=[str(exc)])


def task_timing(task: Any, today: dt.date) -> str:
    """on_time | late | overdue | in_progress — the one rule every page and export uses."""
    if task.status == GovernmentTask.Status.DONE and task.completed_on:
        return "on_time" if task.completed_on <= task.due_date else "late"
    return "overdue" if today > task.due_date else "in_progress"


TIMING_LABELS = {
    "on_time": ("Hoàn thành đúng hạn", "chip-ok"),
    "late": ("Hoàn thành trễ hạn", "chip-warn"),
    "overdue": ("Quá hạn, chưa hoàn thành", "chip-danger"),
    "in_progress": ("Đang thực hiện, trong hạn", "chip-info"),
}
