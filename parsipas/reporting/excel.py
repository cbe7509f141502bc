"""The Excel round trip of a unit's desk: a pre-filled template out, the filled file back in.

One row per assignment of the unit in the period. Column A holds the report key
("<year>-<period>/<assignment id>") and the last column the report's version; both are hidden and
locked. The upload is validated row by row and applied all-or-nothing: one bad row and nothing
changes, with a Vietnamese message naming every bad row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from parsipas.lib.bounds import parse_bounded_int
from parsipas.lib.tabular import ImportRefused, Row, column_map, open_table, refused
from parsipas.lib.text import fold
from parsipas.lib.xlsx import workbook_bytes
from parsipas.plans.models import Target
from parsipas.reporting.forms import ReportForm
from parsipas.reporting.models import Report, ReportEvent, ReportingPeriod
from parsipas.reporting.queries import DeskRow
from parsipas.reporting.targets import parse_figure
from parsipas.reporting.workflow import (
    FigureInput,
    ReportError,
    ReportInput,
    VersionConflict,
    differs,
    save_report,
)

MAX_BYTES = 5 * 1024 * 1024

KEY = "Mã báo cáo"
CODE = "Tiêu chí"
TITLE = "Tên tiêu chí"
CONTENT = "Nội dung thực hiện"
STATUS = "Tình trạng"
NARRATIVE = "Kết quả thực hiện"
DIFFICULTIES = "Khó khăn, vướng mắc"
PROPOSALS = "Đề xuất, kiến nghị"
NO_EVIDENCE = "Lý do không có tài liệu kiểm chứng"
STEP = "Bước xử lý (chỉ để xem)"
VERSION = "Phiên bản"
# The same limits as the report form's fields.
TEXT_LIMITS = {NARRATIVE: 20000, DIFFICULTIES: 10000, PROPOSALS: 10000, NO_EVIDENCE: 2000}

# The text columns and the form fields whose limits they share: the upload is a form too.
TEXT_FIELDS = {
    NARRATIVE: "narrative",
    DIFFICULTIES: "difficulties",
    PROPOSALS: "proposals",
    NO_EVIDENCE: "no_evidence_reason",
}

STATUS_BY_LABEL = {fold(label): value for value, label in Report.Status.choices}
STATUS_BY_LABEL.update({fold(value): value for value in Report.Status.values})
STATUS_LABELS = [label for _, label in Report.Status.choices]


def target_header(k: int) -> str:
    return f"Chỉ tiêu {k}"


def figure_header(k: int) -> str:
    return f"Số liệu {k}"


def previous_header(k: int) -> str:
    return f"Số liệu năm trước {k}"


def report_key(period: ReportingPeriod, assignment_id: int) -> str:
    return f"{period.year}-{period.code}/{assignment_id}"


def _layout(rows: list[DeskRow]) -> tuple[int, set[int]]:
    """How many target columns, and which positions need a previous-year column."""
    width = max((len(r.targets) for r in rows), default=0)
    increase = {k for r in rows for k, t in enumerate(r.targets, 1) if t.op == Target.Op.INCREASE}
    return width, increase


def headers_for(rows: list[DeskRow]) -> list[str]:
    width, increase = _layout(rows)
    headers = [KEY, CODE, TITLE, CONTENT, STATUS, NARRATIVE]
    for k in range(1, width + 1):
        headers += [target_header(k), figure_header(k)]
        if k in increase:
            headers.append(previous_header(k))
    return headers + [DIFFICULTIES, PROPOSALS, NO_EVIDENCE, STEP, VERSION]


def _num(value: Any) -> Any:
    return float(value) if value is not None else None


COLUMN_WIDTHS = {
    CODE: 9,
    TITLE: 30,
    CONTENT: 45,
    STATUS: 18,
    NARRATIVE: 50,
    DIFFICULTIES: 30,
    PROPOSALS: 30,
    NO_EVIDENCE: 25,
    STEP: 18,
}
GUIDE = [
    "1. Mỗi dòng của trang 'Báo cáo' là một nhiệm vụ được giao. Chỉ điền vào các ô trắng.",
    "2. Cột 'Tình trạng': chọn trong danh sách (" + ", ".join(STATUS_LABELS) + ").",
    "3. Cột 'Số liệu': chỉ nhập số (ví dụ 98 hoặc 98,5), không nhập chữ.",
    "4. Không thêm, xóa hay đổi thứ tự cột; không sửa các cột được tô xám.",
    "5. Tải tệp lên ở trang Báo cáo của đơn vị. Nếu có dòng lỗi, hệ thống không lưu gì và chỉ rõ dòng lỗi.",
    "6. Sau khi tải lên, báo cáo được lưu ở dạng nháp: hãy kèm tài liệu kiểm chứng rồi bấm 'Gửi'.",
]
GREY = PatternFill("solid", fgColor="EEF1F5")


def build_template(rows: list[DeskRow], period: ReportingPeriod, unit_name: str) -> bytes:
    """The unit's pre-filled workbook for the period (.xlsx bytes)."""
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.title = "Báo cáo"
    headers = headers_for(rows)
    sheet.append(headers)
    col = {h: i + 1 for i, h in enumerate(headers)}
    width, increase = _layout(rows)
    editable = {STATUS, NARRATIVE, DIFFICULTIES, PROPOSALS, NO_EVIDENCE}
    editable |= {figure_header(k) for k in range(1, width + 1)} | {
        previous_header(k) for k in increase
    }
    for row in rows:
        values = _row_values(row, period, increase)
        sheet.append([values.get(h) for h in headers])
        line = sheet.max_row
        for h in headers:
            cell = sheet.cell(row=line, column=col[h])
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            unlocked = h in editable and row.editable and _has_cell(h, row)
            cell.protection = Protection(locked=not unlocked)
            if not unlocked:
                cell.fill = GREY
    _style_headers(sheet, headers)
    for hidden in (KEY, VERSION):
        sheet.column_dimensions[get_column_letter(col[hidden])].hidden = True
    if rows:
        _add_validations(sheet, col, len(rows), width)
    sheet.freeze_panes = "C2"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    _add_guide(book, period, unit_name)
    return workbook_bytes(book)


def _row_values(row: DeskRow, period: ReportingPeriod, increase: set[int]) -> dict[str, Any]:
    """One task's cells: the report as it stands and its figures against each target."""
    r, node = row.report, row.node
    values: dict[str, Any] = {
        KEY: report_key(period, row.assignment.pk),
        CODE: node.code,
        TITLE: node.title,
        CONTENT: node.content[:2000],
        STATUS: r.get_status_display(),
        NARRATIVE: r.narrative,
        DIFFICULTIES: r.difficulties,
        PROPOSALS: r.proposals,
        NO_EVIDENCE: r.no_evidence_reason,
        STEP: r.get_workflow_display() if r.pk else "Chưa bắt đầu",
        VERSION: r.version,
    }
    for k, t in enumerate(row.targets, 1):
        fig = row.figures.get(t.pk)
        values[target_header(k)] = f"{t.text.strip()[:300]} ({t})"
        values[figure_header(k)] = _num(fig.value) if fig else None
        if k in increase:
            values[previous_header(k)] = _num(fig.previous_value) if fig else None
    return values


def _has_cell(header: str, row: DeskRow) -> bool:
    """A figure column k is filled only for a task with a k-th target (and a previous year's
    figure only for an 'increase' target); other columns always."""
    if not header.startswith("Số liệu ") or header == STEP:
        return True
    k = int(header.rsplit(" ", 1)[1])
    if k > len(row.targets):
        return False
    return not (
        header.startswith("Số liệu năm trước") and row.targets[k - 1].op != Target.Op.INCREASE
    )


def _style_headers(sheet: Any, headers: list[str]) -> None:
    for i, h in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.protection = Protection(locked=True)
        width = COLUMN_WIDTHS.get(h, 30 if h.startswith("Chỉ tiêu") else 14)
        sheet.column_dimensions[get_column_letter(i)].width = width


def _add_validations(sheet: Any, col: dict[str, int], count: int, width: int) -> None:
    """Status from the list, figures as numbers, on the `count` task rows."""
    status_col = get_column_letter(col[STATUS])
    check = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_LABELS) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Tình trạng",
        error="Chọn một tình trạng trong danh sách.",
    )
    sheet.add_data_validation(check)
    check.add(f"{status_col}2:{status_col}{count + 1}")
    for k in range(1, width + 1):
        letter = get_column_letter(col[figure_header(k)])
        number = DataValidation(
            type="decimal",
            operator="between",
            formula1="-999999999999",
            formula2="999999999999",
            allow_blank=True,
            showErrorMessage=True,
            error="Nhập một số.",
        )
        sheet.add_data_validation(number)
        number.add(f"{letter}2:{letter}{count + 1}")


def _add_guide(book: Any, period: ReportingPeriod, unit_name: str) -> None:
    guide = book.create_sheet("Hướng dẫn")
    for line in (
        f"Báo cáo {period.label} — {unit_name}",
        f"Hạn gửi: {period.due_date:%d/%m/%Y}. Số liệu tính đến ngày {period.end:%d/%m/%Y}.",
        "",
        *GUIDE,
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 110


@dataclass
class ParsedRow:
    line: int
    row: DeskRow
    data: ReportInput
    version: int | None


def _columns(
    stream: BinaryIO, filename: str, rows: list[DeskRow]
) -> tuple[dict[str, str], Iterator[Row]]:
    """The file's columns by template header, and its lines; a file without the key, status and
    narrative columns is not this template."""
    headers, lines = open_table(stream, filename, MAX_BYTES)
    found = column_map(headers, {h: [h] for h in headers_for(rows)})
    missing = [h for h in (KEY, STATUS, NARRATIVE) if h not in found]
    if missing:
        raise ImportRefused(
            [
                f"Tệp '{filename}' không đúng mẫu: thiếu cột {', '.join(repr(m) for m in missing)}. "
                "Hãy tải mẫu của kỳ này và điền vào đó."
            ]
        )
    return found, lines


def _unknown_row(key: str, where: str, period: ReportingPeriod) -> str:
    """Why a line's report key names no task of this unit and period."""
    if key.startswith(f"{period.year}-{period.code}/") or not key:
        return f"{where}: không nhận ra nhiệm vụ (mã báo cáo '{key}') — dòng này không thuộc đơn vị hoặc không còn trong kế hoạch."
    return f"{where}: dòng này thuộc kỳ báo cáo khác ('{key}'). Hãy tải mẫu của {period.name} {period.year}."


def _figures(
    v: dict[str, Any], row: DeskRow, where: str, errors: list[str]
) -> dict[int, FigureInput]:
    """The row's figure per target: a column left out of the file keeps the stored figure (as
    does the previous year's figure of a target that is not an 'increase')."""
    figures: dict[int, FigureInput] = {}
    for k, t in enumerate(row.targets, 1):
        old = row.figures.get(t.pk)
        values = []
        for header in (figure_header(k), previous_header(k)):
            text = v.get(header)
            if text is None or header == previous_header(k) and t.op != Target.Op.INCREASE:
                values.append(
                    getattr(
                        old,
                        "value" if header == figure_header(k) else "previous_value",
                        None,
                    )
                    if old
                    else None
                )
                continue
            try:
                values.append(parse_figure(text))
            except ValueError as exc:
                errors.append(f"{where}, cột '{header}': {exc}.")
                values.append(None)
        figures[t.pk] = FigureInput(
            value=values[0], previous_value=values[1], note=old.note if old else ""
        )
    return figures


def _form_length_errors(v: dict[str, Any], where: str) -> list[str]:
    """Texts longer than the report form allows."""
    errors = []
    for header, field_name in TEXT_FIELDS.items():
        limit = ReportForm.base_fields[field_name].max_length  # type: ignore[attr-defined]
        length = len((v.get(header) or "").strip())
        if limit is not None and length > limit:
            errors.append(
                f"{where}, cột '{header}': dài {length} ký tự, tối đa {limit} ký tự "
                "(như trên biểu mẫu)."
            )
    return errors


def _version(v: dict[str, Any], where: str, errors: list[str]) -> int | None:
    """The report version the template was made from (None: column emptied or left out)."""
    version_text = (v.get(VERSION) or "").strip()
    try:
        return parse_bounded_int(version_text, 0, 10**9) if version_text else None
    except ValueError:
        errors.append(
            f"{where}, cột '{VERSION}': '{version_text[:30]}' không phải số phiên bản của mẫu "
            "— không sửa cột này; hãy tải mẫu mới nếu cần."
        )
        return None


def _cell_length_errors(v: dict[str, Any], where: str) -> list[str]:
    """Texts longer than a cell of the template may hold."""
    errors = []
    for name, limit in TEXT_LIMITS.items():
        value = v.get(name)
        if value is not None and len(value.strip()) > limit:
            errors.append(
                f"{where}, cột '{name}': dài {len(value.strip()):,} ký tự, tối đa "
                f"{limit:,} ký tự.".replace(",", ".")
            )
    return errors


def _report_input(
    v: dict[str, Any], row: DeskRow, status: str | None, figures: dict[int, FigureInput]
) -> ReportInput:
    """The row as the workflow's input: a text column left out of the file keeps the report's."""
    r = row.report

    def text(name: str, current: str) -> str:
        value = v.get(name)
        return current if value is None else value.strip()

    return ReportInput(
        status=status or r.status,
        narrative=text(NARRATIVE, r.narrative),
        difficulties=text(DIFFICULTIES, r.difficulties),
        proposals=text(PROPOSALS, r.proposals),
        no_evidence_reason=text(NO_EVIDENCE, r.no_evidence_reason),
        figures=figures,
    )


def _parse(
    stream: BinaryIO, filename: str, rows: list[DeskRow], period: ReportingPeriod
) -> list[ParsedRow]:
    """Every line of the file checked against the unit's tasks; all the errors at once."""
    found, lines = _columns(stream, filename, rows)
    by_key = {report_key(period, r.assignment.pk): r for r in rows}
    errors: list[str] = []
    parsed: list[ParsedRow] = []
    seen: dict[str, int] = {}
    try:
        for line in lines:
            v = {
                name: line.values.get(found[name], "") if name in found else None for name in found
            }
            key = (v.get(KEY) or "").strip()
            code = v.get(CODE) or ""
            row = by_key.get(key)
            if row is None:
                where = f"Dòng {line.number}" + (f" (tiêu chí {code})" if code else "")
                errors.append(_unknown_row(key, where, period))
                continue
            where = f"Dòng {line.number} (tiêu chí {row.node.code})"
            if key in seen:
                errors.append(f"{where}: trùng với dòng {seen[key]}.")
                continue
            seen[key] = line.number
            row_errors: list[str] = []
            status = STATUS_BY_LABEL.get(fold(v.get(STATUS) or ""))
            if status is None:
                row_errors.append(
                    f"{where}: tình trạng '{v.get(STATUS) or ''}' không hợp lệ — chọn một trong: {', '.join(STATUS_LABELS)}."
                )
            figures = _figures(v, row, where, row_errors)
            row_errors += _form_length_errors(v, where)
            version = _version(v, where, row_errors)
            row_errors += _cell_length_errors(v, where)
            if row_errors:
                errors.extend(row_errors)
                continue
            parsed.append(
                ParsedRow(line.number, row, _report_input(v, row, status, figures), version)
            )
    except ImportRefused as exc:
        errors.append(exc.message)
    if errors:
        raise refused(errors)
    return parsed


def apply_upload(
    stream: BinaryIO, filename: str, rows: list[DeskRow], period: ReportingPeriod, user: Any
) -> int:
    """Validate the whole file, then save every changed row as a draft. Returns the number of
    reports changed. Raises ImportRefused (nothing saved) with one message per bad row."""
    parsed = _parse(stream, filename, rows, period)
    changed = [p for p in parsed if differs(p.row.report, p.row.figures, p.data)]
    errors: list[str] = []
    for p in changed:
        where = f"Dòng {p.line} (tiêu chí {p.row.node.code})"
        if not p.row.editable:
            errors.append(
                f"{where}: báo cáo đang ở bước '{p.row.report.get_workflow_display()}', không sửa được."
            )
        elif p.version is not None and p.version != p.row.report.version:
            errors.append(
                f"{where}: báo cáo đã được sửa trên hệ thống sau khi bạn tải mẫu. Hãy tải mẫu mới."
            )
    if errors:
        raise refused(errors)
    with transaction.atomic():
        for p in changed:
            try:
                report = save_report(
                    p.row.report, p.data, user, p.row.targets, p.row.report.version
                )
            except VersionConflict as exc:
                raise ImportRefused(
                    [f"Dòng {p.line} (tiêu chí {p.row.node.code}): {exc.messages[0]}"]
                ) from exc
            except ReportError as exc:
                raise ImportRefused(
                    [f"Dòng {p.line} (tiêu chí {p.row.node.code}): {m}" for m in exc.messages]
                ) from exc
            ReportEvent.objects.create(
                report=report,
                action=ReportEvent.Action.IMPORTED,
                user=user,
                user_name=user.display_name,
                comment=f"Tệp {filename}, dòng {p.line}",
            )
    return len(changed)
