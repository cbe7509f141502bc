"""Import responses from CSV/XLSX (exports of other survey tools): every row checked, all or nothing.

Columns: respondent_id, unit_code, submitted_at (required), one column per question of the
current instrument named by its code (E1.1, P1, K1 …), and optionally age_group, sex,
respondent_type, procedure, comment. A satisfaction answer is a value of the scale (1–5), 0
for "no opinion" or blank; a multi-choice answer lists values separated by ';'. Respondent
columns take the code or the Vietnamese label ("Nữ", "Tổ chức, doanh nghiệp").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone

from parsipas.audit.tracking import record_event
from parsipas.lib.tabular import Problems, Row, open_table
from parsipas.lib.text import fold
from parsipas.sipas import integrity, recording
from parsipas.sipas.answer_file import map_required, parse_moment
from parsipas.sipas.models import AgeGroup, Channel, ImportBatch, RespondentType, Response, Sex
from parsipas.sipas.survey import MAX_COMMENT, MAX_PROCEDURE, Layout
from parsipas.units.models import Unit

RESPONDENT_COLUMNS = {
    "age_group": AgeGroup,
    "sex": Sex,
    "respondent_type": RespondentType,
}
TEXT_COLUMNS = {"procedure": MAX_PROCEDURE, "comment": MAX_COMMENT}
MAX_ROWS = 100_000


@dataclass(frozen=True)
class ImportResult:
    batch: ImportBatch
    created: int
    units: int


def _choice_lookup(choices: Any) -> dict[str, str]:
    lookup = {}
    for value, label in choices.choices:
        lookup[fold(value)] = value
        lookup[fold(label)] = value
    return lookup


@dataclass
class _Columns:
    """Where each part of a response is in the file."""

    required: dict[str, str]  # respondent_id, unit_code, submitted_at -> header
    questions: list[tuple[str, Any]]  # (header, question spec)
    respondent: dict[str, str]  # age_group, sex, respondent_type, procedure, comment -> header


def _columns(headers: list[str], layout: Layout) -> _Columns:
    """Every header must be a required column, a question of the layout or an accepted one."""
    required, missing = map_required(headers)
    problems = Problems()
    problems.extend(missing)
    by_code = {fold(q.code): q for q in layout.questions.values()}
    columns = _Columns(required, [], {})
    for header in headers:
        if header in required.values():
            continue
        key = fold(header)
        name = key.replace(" ", "_")
        if key in by_code:
            columns.questions.append((header, by_code[key]))
        elif name in RESPONDENT_COLUMNS or name in TEXT_COLUMNS:
            columns.respondent[name] = header
        else:
            problems.add(
                f"Cột '{header}' không phải câu hỏi của bộ câu hỏi đang dùng hay cột được chấp nhận."
            )
    if not columns.questions and not problems:
        problems.add("Tệp không có cột câu hỏi nào.")
    problems.raise_if_any()
    return columns


class _RowChecker:
    """Checks one row after another against the registry, the layout and the rows before."""

    def __init__(self, columns: _Columns, allowed_units: Collection[int] | None, user: Any) -> None:
        self.columns = columns
        self.allowed_units = allowed_units
        self.user = user if getattr(user, "pk", None) else None
        self.units = {u.code: u for u in Unit.objects.filter(active=True)}
        self.lookups = {name: _choice_lookup(c) for name, c in RESPONDENT_COLUMNS.items()}
        self.seen: dict[tuple[str, str], int] = {}
        self.now = timezone.now()
        # What a unit imports for itself waits for the reform office's review before it counts.
        self.held = integrity.own_collection_flags(user)

    def check(self, row: Row, problems: Problems, layout: Layout) -> recording.NewResponse | None:
        before = len(problems)
        unit = self._unit(row, problems)
        respondent_id = self._respondent_id(row, problems)
        moment = self._moment(row, problems)
        answers = self._answers(row, problems)
        for qid in layout.skipped(answers):  # the survey's skip logic, as on the form
            answers.pop(qid, None)
        respondent = self._respondent(row, problems)
        if not answers and len(problems) == before:
            problems.add("không có câu trả lời nào.", row.number)
        if len(problems) > before:
            return None
        assert unit is not None and moment is not None
        comment = respondent.pop("comment", "")
        return recording.NewResponse(
            unit=unit,
            instrument_id=layout.instrument_id,
            answers=answers,
            channel=Channel.IMPORT,
            submitted_at=moment,
            flags=list(self.held),
            respondent=respondent,
            extra={"external_id": respondent_id, "comment": comment, "entered_by": self.user},
        )

    def _cell(self, row: Row, name: str) -> str:
        return row.values[self.columns.required[name]].strip()

    def _unit(self, row: Row, problems: Problems) -> Unit | None:
        code = self._cell(row, "unit_code")
        unit = self.units.get(code)
        if unit is None:
            problems.add(f"không có đơn vị mã '{code}'.", row.number, "unit_code")
        elif self.allowed_units is not None and unit.pk not in self.allowed_units:
            problems.add(f"bạn không được nhập phiếu cho đơn vị '{code}'.", row.number, "unit_code")
        return unit

    def _respondent_id(self, row: Row, problems: Problems) -> str:
        respondent_id = self._cell(row, "respondent_id")
        key = (self._cell(row, "unit_code"), respondent_id)
        if not respondent_id:
            problems.add("để trống.", row.number, "respondent_id")
        elif len(respondent_id) > 100:
            problems.add("dài quá 100 ký tự.", row.number, "respondent_id")
        elif key in self.seen:
            problems.add(
                f"'{respondent_id}' trùng với dòng {self.seen[key]}.", row.number, "respondent_id"
            )
        else:
            self.seen[key] = row.number
        return respondent_id

    def _moment(self, row: Row, problems: Problems) -> datetime | None:
        text = row.values[self.columns.required["submitted_at"]]
        moment = _moment(text)
        if moment is None:
            problems.add(f"'{text}' không phải ngày giờ.", row.number, "submitted_at")
        elif moment > self.now:
            problems.add("thời điểm ở tương lai.", row.number, "submitted_at")
        return moment

    def _answers(self, row: Row, problems: Problems) -> dict[int, list[int]]:
        answers: dict[int, list[int]] = {}
        for header, spec in self.columns.questions:
            text = row.values[header].strip()
            if not text:
                continue
            parts = [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]
            allowed = {c.value for c in spec.choices}
            try:
                values = sorted({int(float(p)) for p in parts})
            except (ValueError, OverflowError):
                values = []
            if not values or any(v not in allowed for v in values):
                accepted = ", ".join(str(c.value) for c in spec.choices)
                problems.add(
                    f"'{text[:50]}' không hợp lệ (chấp nhận: {accepted}).", row.number, header
                )
            elif len(values) > spec.max_choices:
                problems.add(f"chọn tối đa {spec.max_choices} ý.", row.number, header)
            else:
                answers[spec.id] = values
        return answers

    def _respondent(self, row: Row, problems: Problems) -> dict[str, str]:
        respondent: dict[str, str] = {}
        for name, header in self.columns.respondent.items():
            text = row.values[header].strip()
            if not text:
                continue
            if name in self.lookups:
                value = self.lookups[name].get(fold(text))
                if value is None:
                    problems.add(f"'{text[:50]}' không hợp lệ.", row.number, header)
                else:
                    respondent[name] = value
            elif len(text) > TEXT_COLUMNS[name]:
                problems.add(f"dài quá {TEXT_COLUMNS[name]} ký tự.", row.number, header)
            else:
                respondent[name] = text
        return respondent


def import_responses(
    stream: BinaryIO,
    filename: str,
    layout: Layout,
    user: Any,
    allowed_units: Collection[int] | None = None,
    source: str = "",
) -> ImportResult:
    """Check every row, then store all of them in one transaction (or raise ImportRefused)."""
    headers, rows = open_table(stream, filename)
    columns = _columns(headers, layout)
    checker = _RowChecker(columns, allowed_units, user)
    problems = Problems()
    items: list[recording.NewResponse] = []
    for row in rows:
        item = checker.check(row, problems, layout)
        if item is not None:
            items.append(item)
        if len(items) > MAX_ROWS:
            problems.add(f"Tệp có quá {MAX_ROWS} phiếu; hãy chia nhỏ.")
            break
    problems.raise_if_any()
    problems.extend(_already_imported(items))
    if not items and not problems:
        problems.add("Tệp không có dòng dữ liệu nào.")
    problems.raise_if_any()
    return _store(items, filename, source, checker.user)


def _store(
    items: list[recording.NewResponse], filename: str, source: str, user: Any
) -> ImportResult:
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            filename=filename[:255], source=source[:200], rows=len(items), created_by=user
        )
        for item in items:
            item.extra["batch"] = batch
        recording.save_many(items)
        unit_count = len({item.unit.pk for item in items})
        record_event(
            f"Nhập {len(items)} phiếu khảo sát SIPAS của {unit_count} đơn vị từ tệp '{filename}'"
            + (f" (nguồn: {source})" if source else ""),
            batch,
        )
    return ImportResult(batch, len(items), unit_count)


def _moment(text: str) -> datetime | None:
    moment = parse_moment(text)
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _already_imported(items: list[recording.NewResponse]) -> list[str]:
    errors = []
    by_unit: dict[int, set[str]] = {}
    for item in items:
        by_unit.setdefault(item.unit.pk, set()).add(item.extra["external_id"])
    for unit_id, ids in by_unit.items():
        found = Response.objects.filter(unit_id=unit_id, external_id__in=ids).values_list(
            "external_id", "unit__code"
        )
        for external_id, code in found:
            errors.append(f"Phiếu '{external_id}' của đơn vị '{code}' đã được nhập trước đây.")
    return errors
