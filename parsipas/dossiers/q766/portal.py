"""The national portal's 766 files, as a province saves them: read, checked, told apart.

Pure functions, no Django. Two shapes are read, told apart by their content (not their name):

- the portal's JSON responses, saved as they came from
  ``https://dichvucong.gov.vn/api/v1/reporting/evaluation/<endpoint>``:
  ``{"code": "OK", "data": {"parent": {…}, "children": [{…}, …]}}`` (the tree endpoints) or
  ``{"code": "OK", "data": {"overview": {…}, "evaluation": [{…}, …]}}`` (transparency,
  satisfaction, digitisation), each unit with its fields and, in the last three, nested
  ``metrics: [{"code", "numerator", "denominator", "ratio", "score", "maxScore"}, …]``;
- the CSV layout of the reference files (one row per unit, metrics flattened as
  ``METRIC_field``: ``DOSSIER_SYNC_numerator``).

Both become :class:`PortalRow` s: the counts the engine scores, and what the portal published
(``None`` when the file carries only counts). The group is recognised from the fields; a
row's counts are checked (negative, numerator above denominator) and any problem names the
row, the unit and the field. Nothing here stores anything.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from parsipas.dossiers.q766.engine import (
    PublishedPart,
    PublishedScore,
    count_problems,
    missing_fields,
)
from parsipas.dossiers.q766.rules import GROUPS, GroupRule, Number, field_label, group_rule

MAX_BYTES = 20 * 1024 * 1024
MAX_CELL = 1000  # characters: no field of the portal is longer (names are under 200)
PARENT = "PARENT"

# Group-level outputs of the portal (never formula inputs).
_GROUP_SCORE_FIELDS = {"score", "totalScore", "maxScore", "totalMaxScore", "ratio"}
_GROUP_OUTPUTS = _GROUP_SCORE_FIELDS | {"averageScore", "scoreDelta", "stt"}
_METRIC_OUTPUT_SUFFIXES = ("_ratio", "_score", "_maxScore")
# Text fields of a unit (identity, labels, data-quality notes), never counts.
_TEXT_FIELDS = {
    "departmentCode", "departmentName", "departmentId", "departmentType", "departmentLevel",
    "level", "agencyLevel", "capture", "name", "code", "dataQualityStatus",
    "dataQualityMessage",
}  # fmt: skip


class PortalFileError(ValueError):
    """A file that cannot be read as the portal's figures; ``errors`` are Vietnamese lines
    naming the file, row, unit and field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class PortalRow:
    line: int  # CSV line, or position in the JSON response (0 = parent)
    group: str  # the group whose figures these are
    code: str  # the portal's departmentCode ("" when the endpoint publishes none)
    name: str
    level: str  # PARENT | PROVINCE | COMMUNE
    counts: dict[str, Number]
    published: PublishedScore | None
    capture: str = ""  # the reference CSVs of several captures name each (year-all, …)

    @property
    def key(self) -> str:
        """What identifies the unit in the file: its code, else its name; the parent row is
        always ``PARENT``."""
        if self.level == PARENT:
            return PARENT
        return self.code or self.name

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()

    @property
    def has_counts(self) -> bool:
        """False for a row that publishes a score without counts (the online group's
        children): it can be stored and shown, not recomputed."""
        return any(self.counts.get(f) is not None for f in _inputs(GROUPS[self.group]))


@dataclass(frozen=True)
class PortalFile:
    group: str
    shape: str  # "json" | "csv"
    rows: list[PortalRow]

    @property
    def scoreable(self) -> list[PortalRow]:
        return [r for r in self.rows if r.has_counts]


def _inputs(rule: GroupRule) -> list[str]:
    return list(dict.fromkeys(f for part in rule.parts for f in part.input_fields))


# --- telling files apart ---------------------------------------------------------------------


def detect_group(fields: Iterable[str]) -> str | None:
    """The group whose input fields all appear in ``fields``; the one with the most of them
    present when none is complete; None when no input field of any group is there."""
    present = set(fields)
    best, best_count = None, 0
    for name, rule in GROUPS.items():
        inputs = _inputs(rule)
        found = sum(f in present for f in inputs)
        if found == len(inputs):
            return name
        if found > best_count:
            best, best_count = name, found
    return best


def is_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))


def read_portal_file(data: bytes, filename: str, group: str | None = None) -> PortalFile:
    """Read a saved portal response (JSON) or a reference-layout CSV, whichever the content
    is. ``group`` (our name or the endpoint's) must match the file's when given."""
    if len(data) > MAX_BYTES:
        raise PortalFileError(
            [f"Tệp '{filename}' quá lớn ({len(data) // 1024 // 1024} MB, tối đa 20 MB)."]
        )
    expected = None
    if group:
        try:
            expected = group_rule(group).name
        except ValueError as exc:
            raise PortalFileError(
                [
                    f"Nhóm chỉ tiêu '{group}' không có trong Quyết định 766: dùng {', '.join(GROUPS)}."
                ]
            ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PortalFileError([f"Tệp '{filename}' không phải văn bản UTF-8."]) from exc
    if is_json(data):
        records, shape = _json_records(text, filename), "json"
    else:
        records, shape = _csv_records(text, filename), "csv"
    fields = {k for _, flat in records for k in flat}
    found = detect_group(fields)
    if found is None:
        raise PortalFileError(
            [f"Tệp '{filename}' không có trường số liệu của nhóm chỉ tiêu 766 nào."]
        )
    if expected and found != expected:
        raise PortalFileError(
            [
                f"Tệp '{filename}' là số liệu nhóm “{GROUPS[found].label_vi}”, không phải nhóm "
                f"“{GROUPS[expected].label_vi}” như đã chọn."
            ]
        )
    rule = GROUPS[found]
    rows, errors = _rows(records, rule, filename, shape)
    if errors:
        raise PortalFileError(errors)
    if not rows:
        raise PortalFileError([f"Tệp '{filename}' không có dòng số liệu nào."])
    return PortalFile(rule.name, shape, rows)


# --- JSON ------------------------------------------------------------------------------------


def _json_records(text: str, filename: str) -> list[tuple[int, dict[str, Any]]]:
    not_portal = (
        f"Tệp '{filename}' không phải phản hồi của Cổng DVCQG: cần dạng "
        '{"code": "OK", "data": {"parent": {…}, "children": […]}}.'
    )
    try:
        payload = json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        raise PortalFileError([f"Tệp '{filename}' không phải JSON hợp lệ ({exc})."]) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        raise PortalFileError([not_portal])
    if payload.get("code") not in ("OK", None):
        raise PortalFileError(
            [f"Tệp '{filename}': Cổng DVCQG trả lời lỗi (code '{payload.get('code')}')."]
        )
    data = payload["data"]
    parent = data.get("parent", data.get("overview"))
    children = data.get("children", data.get("evaluation"))
    if not isinstance(parent, dict) and not isinstance(children, list):
        raise PortalFileError([not_portal])
    records = []
    if isinstance(parent, dict):
        records.append((0, {**_flatten(parent, filename, 0), "level": PARENT}))
    for position, child in enumerate(children or [], start=1):
        if not isinstance(child, dict):
            raise PortalFileError(
                [f"Tệp '{filename}', đơn vị thứ {position}: không phải đối tượng."]
            )
        flat = _flatten(child, filename, position)
        flat.setdefault("level", child.get("departmentLevel") or "")
        records.append((position, flat))
    return records


def _flatten(unit: Mapping[str, Any], filename: str, position: int) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in unit.items():
        if key == "metrics":
            if not isinstance(value, list):
                raise PortalFileError(
                    [f"Tệp '{filename}', đơn vị thứ {position}: 'metrics' không phải danh sách."]
                )
            for metric in value:
                code = metric.get("code") if isinstance(metric, dict) else None
                if not isinstance(code, str) or not code:
                    raise PortalFileError(
                        [f"Tệp '{filename}', đơn vị thứ {position}: chỉ tiêu không có mã ('code')."]
                    )
                for field_name in ("numerator", "denominator", "ratio", "score", "maxScore"):
                    if field_name in metric:
                        flat[f"{code}_{field_name}"] = metric[field_name]
        elif isinstance(value, bool) or isinstance(value, dict | list):
            continue  # charts and flags: not figures of the unit
        else:
            flat[key] = value
    return flat


# --- CSV -------------------------------------------------------------------------------------


def _csv_records(text: str, filename: str) -> list[tuple[int, dict[str, Any]]]:
    # Files edited on several machines mix CRLF, LF and lone CR line ends: one shape first.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        header = next(reader, None)
        if not header:
            raise PortalFileError([f"Tệp '{filename}' trống."])
        header = [h.strip() for h in header]
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            for column, cell in zip(header, cells, strict=False):
                if len(cell) > MAX_CELL:
                    raise PortalFileError(
                        [
                            f"Tệp '{filename}', dòng {number}, cột '{column}': ô dài {len(cell)} "
                            f"ký tự (tối đa {MAX_CELL}) — tệp không đúng mẫu số liệu của Cổng."
                        ]
                    )
            if len(cells) > len(header):
                raise PortalFileError(
                    [
                        f"Tệp '{filename}', dòng {number}: {len(cells)} ô, nhiều hơn {len(header)} cột."
                    ]
                )
            records.append((number, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        line = reader.line_num
        raise PortalFileError(
            [
                f"Tệp '{filename}', dòng {line}: không đọc được — một ô dài quá "
                f"{csv.field_size_limit()} ký tự hoặc dấu ngoặc kép không đóng."
            ]
        ) from exc
    return records


# --- rows ------------------------------------------------------------------------------------


def _value(raw: Any) -> Number | None:
    if raw is None or isinstance(raw, int | Decimal):
        return raw
    if isinstance(raw, float):
        return Decimal(str(raw))
    text = str(raw).strip().replace(",", ".") if isinstance(raw, str) else str(raw)
    if not text:
        return None
    value = Decimal(text)  # InvalidOperation is reported by the caller
    if not value.is_finite():
        raise InvalidOperation(text)
    return int(value) if value == value.to_integral_value() and "." not in text else value


def _is_output(name: str, inputs: set[str]) -> bool:
    return name not in inputs and (name in _GROUP_OUTPUTS or name.endswith(_METRIC_OUTPUT_SUFFIXES))


def _rows(
    records: list[tuple[int, dict[str, Any]]], rule: GroupRule, filename: str, shape: str
) -> tuple[list[PortalRow], list[str]]:
    inputs = set(_inputs(rule))
    rows: list[PortalRow] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for line, flat in records:
        code = str(flat.get("departmentCode") or "").strip()
        name = str(flat.get("departmentName") or "").strip()
        level = str(flat.get("level") or "").strip().upper()
        where = (
            f"dòng {line}"
            if shape == "csv"
            else ("đơn vị tổng" if line == 0 else f"đơn vị thứ {line}")
        )
        who = f"{where} ({code or name or 'không tên'})"
        if not code and not name:
            errors.append(
                f"Tệp '{filename}', {where}: thiếu mã và tên đơn vị (departmentCode, departmentName)."
            )
            continue
        values: dict[str, Number | None] = {}
        bad = False
        for key, raw in flat.items():
            if key in _TEXT_FIELDS:
                continue
            try:
                values[key] = _value(raw)
            except (InvalidOperation, ValueError):
                if key in inputs or _is_output(key, inputs):
                    errors.append(f"Tệp '{filename}', {who}, trường {key}: '{raw}' không phải số.")
                    bad = True
        if bad:
            continue
        counts = {k: v for k, v in values.items() if v is not None and not _is_output(k, inputs)}
        published = _published(rule, values)
        capture = str(flat.get("capture") or "").strip()
        row = PortalRow(line, rule.name, code, name, level, counts, published, capture)
        if (row.key, capture) in seen:
            errors.append(f"Tệp '{filename}', {who}: đơn vị trùng với {seen[(row.key, capture)]}.")
            continue
        seen[(row.key, capture)] = where
        if row.has_counts:
            missing = missing_fields(rule.name, counts)
            if missing:
                labels = ", ".join(f"{f} ({field_label(f)})" for f in missing)
                errors.append(f"Tệp '{filename}', {who}: thiếu số liệu {labels}.")
                continue
            for problem in count_problems(rule.name, counts):
                errors.append(f"Tệp '{filename}', {who}: {problem}.")
        elif published is None:
            errors.append(
                f"Tệp '{filename}', {who}: không có số liệu nào của nhóm “{rule.label_vi}”."
            )
            continue
        rows.append(row)
    return rows, errors


def _published(rule: GroupRule, values: Mapping[str, Number | None]) -> PublishedScore | None:
    """The portal's own figures in a row, or None when it publishes no score."""

    def decimal(name: str) -> Decimal | None:
        value = values.get(name)
        return None if value is None else Decimal(value)

    score = decimal("totalScore")
    if score is None:
        score = decimal("score")
    if score is None:
        return None
    ratio = decimal("ratio")
    maximum = decimal("totalMaxScore")
    if maximum is None:
        maximum = decimal("maxScore")
    parts = {}
    for part in rule.parts:
        if rule.ratio_is_part_pct:  # progress: the single part's pct is the group ratio
            parts[part.name] = PublishedPart(ratio, score, Decimal(part.max))
        elif f"{part.name}_score" in values:  # nested metrics publish their own figures
            parts[part.name] = PublishedPart(
                decimal(f"{part.name}_ratio"),
                decimal(f"{part.name}_score"),
                decimal(f"{part.name}_maxScore"),
            )
    inputs = set(_inputs(rule))
    taken = _GROUP_SCORE_FIELDS | {
        f"{name}{suffix}" for name in parts for suffix in _METRIC_OUTPUT_SUFFIXES
    }
    other = {
        k: Decimal(v)
        for k, v in values.items()
        if v is not None and k not in taken and _is_output(k, inputs)
    }
    return PublishedScore(
        score, maximum if maximum is not None else Decimal(rule.max), ratio, parts, other
    )
