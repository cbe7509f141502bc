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
from parsipas.lib.tabular import TableError, open_table
from parsipas.lib.text import fold
from parsipas.sipas import integrity, recording
from parsipas.sipas.answer_file import MAX_ERRORS, map_required, parse_moment
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


class ResponseImportError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


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


def import_responses(
    stream: BinaryIO,
    filename: str,
    layout: Layout,
    user: Any,
    allowed_units: Collection[int] | None = None,
    source: str = "",
) -> ImportResult:
    """Check every row, then store all of them in one transaction (or raise ResponseImportError)."""
    try:
        headers, rows = open_table(stream, filename)
    except TableError as exc:
        raise ResponseImportError([exc.message]) from exc
    required, errors = map_required(headers)
    by_code = {fold(q.code): q for q in layout.questions.values()}
    question_columns: list[tuple[str, Any]] = []
    extra_columns: dict[str, str] = {}
    for header in headers:
        if header in required.values():
            continue
        key = fold(header)
        if key in by_code:
            question_columns.append((header, by_code[key]))
        elif key.replace(" ", "_") in RESPONDENT_COLUMNS or key.replace(" ", "_") in TEXT_COLUMNS:
            extra_columns[key.replace(" ", "_")] = header
        else:
            errors.append(
                f"Cột '{header}' không phải câu hỏi của bộ câu hỏi đang dùng hay cột được chấp nhận."
            )
    if not question_columns and not errors:
        errors.append("Tệp không có cột câu hỏi nào.")
    if errors:
        raise ResponseImportError(errors)

    units = {u.code: u for u in Unit.objects.filter(active=True)}
    lookups = {name: _choice_lookup(choices) for name, choices in RESPONDENT_COLUMNS.items()}
    items: list[recording.NewResponse] = []
    seen: dict[tuple[str, str], int] = {}
    now = timezone.now()
    held = integrity.own_collection_flags(user)
    for row in rows:
        row_errors: list[str] = []
        at = f"Dòng {row.number}"
        respondent_id = row.values[required["respondent_id"]].strip()
        unit_code = row.values[required["unit_code"]].strip()
        unit = units.get(unit_code)
        if unit is None:
            row_errors.append(f"{at}, cột unit_code: không có đơn vị mã '{unit_code}'.")
        elif allowed_units is not None and unit.pk not in allowed_units:
            row_errors.append(
                f"{at}, cột unit_code: bạn không được nhập phiếu cho đơn vị '{unit_code}'."
            )
        if not respondent_id:
            row_errors.append(f"{at}, cột respondent_id: để trống.")
        elif len(respondent_id) > 100:
            row_errors.append(f"{at}, cột respondent_id: dài quá 100 ký tự.")
        elif (unit_code, respondent_id) in seen:
            row_errors.append(
                f"{at}, cột respondent_id: '{respondent_id}' trùng với dòng {seen[(unit_code, respondent_id)]}."
            )
        else:
            seen[(unit_code, respondent_id)] = row.number
        moment = _moment(row.values[required["submitted_at"]])
        if moment is None:
            row_errors.append(
                f"{at}, cột submitted_at: '{row.values[required['submitted_at']]}' không phải ngày giờ."
            )
        elif moment > now:
            row_errors.append(f"{at}, cột submitted_at: thời điểm ở tương lai.")
        answers: dict[int, list[int]] = {}
        for header, spec in question_columns:
            text = row.values[header].strip()
            if not text:
                continue
            parts = [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]
            allowed = {c.value for c in spec.choices}
            try:
                values = sorted({int(float(p)) for p in parts})
            except ValueError:
                values = []
            if not values or any(v not in allowed for v in values):
                row_errors.append(
                    f"{at}, cột {header}: '{text}' không hợp lệ (chấp nhận: {', '.join(str(c.value) for c in spec.choices)})."
                )
            elif len(values) > spec.max_choices:
                row_errors.append(f"{at}, cột {header}: chọn tối đa {spec.max_choices} ý.")
            else:
                answers[spec.id] = values
        respondent: dict[str, str] = {}
        for name, header in extra_columns.items():
            text = row.values[header].strip()
            if not text:
                continue
            if name in lookups:
                value = lookups[name].get(fold(text))
                if value is None:
                    row_errors.append(f"{at}, cột {header}: '{text}' không hợp lệ.")
                else:
                    respondent[name] = value
            elif len(text) > TEXT_COLUMNS[name]:
                row_errors.append(f"{at}, cột {header}: dài quá {TEXT_COLUMNS[name]} ký tự.")
            else:
                respondent[name] = text
        if not answers and not row_errors:
            row_errors.append(f"{at}: không có câu trả lời nào.")
        if row_errors:
            errors.extend(row_errors)
            if len(errors) >= MAX_ERRORS:
                errors.append("… còn lỗi khác; hãy sửa các lỗi trên rồi thử lại.")
                break
            continue
        if len(items) >= MAX_ROWS:
            errors.append(f"Tệp có quá {MAX_ROWS} phiếu; hãy chia nhỏ.")
            break
        assert unit is not None and moment is not None
        comment = respondent.pop("comment", "")
        items.append(
            recording.NewResponse(
                unit=unit,
                instrument_id=layout.instrument_id,
                answers=answers,
                channel=Channel.IMPORT,
                submitted_at=moment,
                flags=list(held),
                respondent=respondent,
                extra={
                    "external_id": respondent_id,
                    "comment": comment,
                    "entered_by": user if getattr(user, "pk", None) else None,
                },
            )
        )
    if not errors:
        already = _already_imported(items)
        errors.extend(already)
    if not errors and not items:
        errors.append("Tệp không có dòng dữ liệu nào.")
    if errors:
        raise ResponseImportError(errors)

    with transaction.atomic():
        batch = ImportBatch.objects.create(
            filename=filename[:255],
            source=source[:200],
            rows=len(items),
            created_by=user if getattr(user, "pk", None) else None,
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
    return errors[:MAX_ERRORS]
