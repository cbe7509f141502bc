"""Reading and checking framework files (bộ tiêu chí), CSV or XLSX. Pure: no database.

Columns (Vietnamese headers accepted too): code, parent_code, title, max_points, method,
params (JSON), source, evidence_required (0/1), applies_to, plan_codes, guidance.

What is an error (the file is refused, nothing changes) and what is only a warning:

- errors: a missing required column; an empty or duplicate code; an unknown parent code; a
  cycle of parents; an unknown method, source or applies_to; params that are not a JSON object
  or do not fit the method; a leaf without max_points (or with max_points ≤ 0); a row with
  children whose method is not ``group``; a group without children; **a group whose
  max_points differs from the sum of its children's** (the group scores the sum of its
  children, so a different maximum would make every percentage wrong). A group may leave
  max_points empty: it is then the sum of its children.
- warnings (shown after import): a framework whose total is not 100 points (the province's
  PAR Index is out of 100; an internal index may be scaled otherwise); a criterion whose
  applies_to excludes every unit of the framework's scope (it is kept but never scored);
  a plan code that is not in that year's plan.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO

from parsipas.lib.tabular import ImportRefused, column_map, open_table, refused
from parsipas.lib.text import fold
from parsipas.par.scoring import (
    APPLIES_TO,
    GROUP,
    METHODS,
    Criterion,
    ScoringError,
    check_params,
    to_decimal,
)

SCOPES = ("province", "agency", "commune")
SOURCES = ("self", "survey", "sipas", "impact", "computed")
COLUMNS = [
    "code",
    "parent_code",
    "title",
    "max_points",
    "method",
    "params",
    "source",
    "evidence_required",
    "applies_to",
    "plan_codes",
    "guidance",
]
REQUIRED = ("code", "title", "max_points")
COLUMN_ALIASES: dict[str, list[str]] = {
    "code": ["mã", "mã tiêu chí", "ma"],
    "parent_code": ["mã cha", "mã nhóm", "thuộc", "parent"],
    "title": ["tên", "tên tiêu chí", "tiêu chí", "nội dung"],
    "max_points": ["điểm tối đa", "điểm chuẩn", "điểm", "max"],
    "method": ["phương pháp", "cách chấm", "phương pháp chấm"],
    "params": ["tham số"],
    "source": ["nguồn", "nguồn điểm"],
    "evidence_required": ["cần tài liệu kiểm chứng", "tài liệu kiểm chứng", "kiểm chứng"],
    "applies_to": ["áp dụng cho", "đối tượng áp dụng", "áp dụng"],
    "plan_codes": ["mã kế hoạch", "tiêu chí kế hoạch", "plan_code"],
    "guidance": ["hướng dẫn", "hướng dẫn chấm", "ghi chú"],
}
METHOD_WORDS = {m: m for m in METHODS} | {
    "": GROUP,
    "nhom": GROUP,
    "dat/khong dat": "binary",
    "ty le": "ratio",
    "muc": "tiers",
    "cham truc tiep": "manual",
    "dieu tra": "survey",
    "tru diem": "deduct",
}
SOURCE_WORDS = {s: s for s in SOURCES} | {
    "": "self",
    "tu danh gia": "self",
    "dieu tra": "survey",
    "dieu tra xhh": "survey",
    "tac dong": "impact",
    "tinh toan": "computed",
}
APPLIES_WORDS = {a: a for a in APPLIES_TO} | {
    "": "all",
    "tat ca": "all",
    "tinh": "province",
    "co quan": "agency",
    "xa": "commune",
    "cap xa": "commune",
    "xa, phuong": "commune",
}
TRUE_WORDS = {"1", "x", "co", "true", "yes", "bat buoc"}
FALSE_WORDS = {"", "0", "khong", "false", "no"}
PLAN_CODE = re.compile(r"^(PAR|SIPAS):[0-9IVX]+(\.[0-9]+)*$")
SCOPE_KIND = {"province": "province", "agency": "agency", "commune": "commune"}
SCOPE_LABELS = {
    "province": "Chỉ số CCHC của tỉnh (PAR Index)",
    "agency": "Chỉ số CCHC nội bộ — cơ quan cấp tỉnh",
    "commune": "Chỉ số CCHC nội bộ — xã, phường",
}
SOURCE_LABELS = {
    "self": "Tự đánh giá, thẩm định",
    "survey": "Điều tra xã hội học",
    "sipas": "SIPAS",
    "impact": "Tác động đến phát triển KT-XH",
    "computed": "Tính từ số liệu",
}
APPLIES_LABELS = {
    "province": "Tỉnh",
    "agency": "Cơ quan cấp tỉnh",
    "commune": "Xã, phường",
    "all": "Tất cả",
}
TOLERANCE = Decimal("0.0001")
MAX_ROWS = 2000


@dataclass
class FrameworkRow:
    number: int  # the line as the user sees it (0 for rows made in the app)
    code: str
    title: str
    max_points: Decimal | None
    method: str = GROUP
    parent_code: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    source: str = "self"
    evidence_required: bool = False
    applies_to: str = "all"
    plan_codes: list[str] = field(default_factory=list)
    guidance: str = ""

    def criterion(self) -> Criterion:
        return Criterion(
            self.code,
            self.title,
            self.max_points or Decimal(0),
            self.method,
            self.params,
            self.parent_code,
            self.applies_to,
        )


@dataclass
class ParsedFramework:
    rows: list[FrameworkRow]
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((r.max_points or Decimal(0) for r in self.rows if not r.parent_code), Decimal(0))


def _where(number: int, column: str | None = None) -> str:
    place = f"Dòng {number}" if number else "Tiêu chí"
    return f"{place}, cột '{column}'" if column else place


def split_plan_codes(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[;,\s]+", text or "") if c.strip()]


def parse_params(text: str) -> dict[str, Any]:
    """A params cell: empty, or a JSON object. Raises ValueError with a Vietnamese message."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"JSON không hợp lệ ({exc.msg}, ký tự {exc.pos + 1}): {text[:80]}"
        ) from exc
    if not isinstance(value, dict):
        raise ValueError(
            f'phải là một đối tượng JSON dạng {{"khóa": giá trị}}, không phải {text[:80]}'
        )
    return value


def read_framework(
    stream: BinaryIO,
    filename: str,
    scope: str,
    known_plan_codes: set[str] | None = None,
    max_bytes: int = 5 * 1024 * 1024,
) -> ParsedFramework:
    """Read and check a framework file. Raises ImportRefused listing every problem."""
    headers, rows = open_table(stream, filename, max_bytes)
    columns = column_map(headers, COLUMN_ALIASES)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportRefused(
            [
                f"Tệp '{filename}' thiếu cột bắt buộc: {', '.join(missing)} "
                f"(các cột: {', '.join(COLUMNS)})."
            ]
        )
    errors: list[str] = []
    parsed: list[FrameworkRow] = []
    ghosts: set[str] = set()  # codes of rows that could not be read
    for row in rows:
        if len(parsed) >= MAX_ROWS:
            raise ImportRefused([f"Tệp có quá {MAX_ROWS} tiêu chí."])
        cell = {name: row.values.get(header, "").strip() for name, header in columns.items()}
        header = {name: columns.get(name, name) for name in COLUMNS}
        item = _read_row(row.number, cell, header, errors)
        if item is not None:
            parsed.append(item)
        elif cell.get("code"):
            ghosts.add(cell["code"])
    if not parsed and not errors:
        errors.append(f"Tệp '{filename}' không có tiêu chí nào.")
    header_of = {name: columns.get(name, name) for name in COLUMNS}
    if errors:
        # Report the tree's problems too (unknown parents, duplicates, cycles) in one go.
        try:
            validate(parsed, scope, known_plan_codes, header_of, ghosts=ghosts)
        except ImportRefused as exc:
            errors.extend(exc.errors)
        raise refused(errors)
    return validate(parsed, scope, known_plan_codes, header_of)


def _read_row(
    number: int, cell: dict[str, str], header: dict[str, str], errors: list[str]
) -> FrameworkRow | None:
    before = len(errors)

    def bad(column: str, message: str) -> None:
        errors.append(f"{_where(number, header[column])}: {message}")

    code = cell.get("code", "")
    if not code:
        bad("code", "thiếu mã tiêu chí.")
    title = cell.get("title", "")
    if not title:
        bad("title", "thiếu tên tiêu chí.")
    max_points: Decimal | None = None
    if cell.get("max_points"):
        try:
            max_points = to_decimal(cell["max_points"], "điểm tối đa")
        except ScoringError as exc:
            bad("max_points", f"{exc}")
        else:
            if max_points < 0:
                bad("max_points", "điểm tối đa không được âm.")
    method = METHOD_WORDS.get(fold(cell.get("method", "")))
    if method is None:
        bad("method", f"phương pháp '{cell['method']}' không có (dùng: {', '.join(METHODS)}).")
    params: dict[str, Any] = {}
    try:
        params = parse_params(cell.get("params", ""))
    except ValueError as exc:
        bad("params", str(exc))
    else:
        if method and method != GROUP:
            for problem in check_params(method, params):
                bad("params", problem + ".")
    source = SOURCE_WORDS.get(fold(cell.get("source", "")))
    if source is None:
        bad("source", f"nguồn '{cell['source']}' không có (dùng: {', '.join(SOURCES)}).")
    evidence = fold(cell.get("evidence_required", ""))
    if evidence not in TRUE_WORDS | FALSE_WORDS:
        bad("evidence_required", f"phải là 0 hoặc 1, không phải '{cell['evidence_required']}'.")
    applies_to = APPLIES_WORDS.get(fold(cell.get("applies_to", "")))
    if applies_to is None:
        bad("applies_to", f"'{cell['applies_to']}' không có (dùng: {', '.join(APPLIES_TO)}).")
    plan_codes = split_plan_codes(cell.get("plan_codes", ""))
    for plan_code in plan_codes:
        if not PLAN_CODE.match(plan_code):
            bad("plan_codes", f"mã '{plan_code}' không đúng dạng (ví dụ PAR:3.8 hoặc SIPAS:2).")
    if len(errors) > before:
        return None
    return FrameworkRow(
        number=number,
        code=code,
        title=title,
        max_points=max_points,
        method=method or GROUP,
        parent_code=cell.get("parent_code", ""),
        params=params,
        source=source or "self",
        evidence_required=evidence in TRUE_WORDS,
        applies_to=applies_to or "all",
        plan_codes=plan_codes,
        guidance=cell.get("guidance", ""),
    )


def validate(
    rows: list[FrameworkRow],
    scope: str,
    known_plan_codes: set[str] | None = None,
    header: dict[str, str] | None = None,
    ghosts: set[str] | None = None,
) -> ParsedFramework:
    """Check the tree (codes, parents, cycles, group maxima). Fills in empty group maxima.

    Raises ImportRefused listing every problem; returns the rows with warnings otherwise.
    `ghosts` are codes of rows that could not be read: they count as existing parents, and only
    the structure (not the maxima) is checked.
    """
    ghosts = ghosts or set()
    if scope not in SCOPES:
        raise ImportRefused([f"Phạm vi '{scope}' không có (dùng: {', '.join(SCOPES)})."])
    col = {name: (header or {}).get(name, name) for name in COLUMNS}
    errors: list[str] = []
    warnings: list[str] = []
    by_code: dict[str, FrameworkRow] = {}
    for row in rows:
        if row.code in by_code:
            errors.append(
                f"{_where(row.number, col['code'])}: mã '{row.code}' trùng với "
                f"{_where(by_code[row.code].number).lower()}."
            )
        else:
            by_code[row.code] = row
    children: dict[str, list[FrameworkRow]] = {}
    for row in rows:
        if row.parent_code == row.code:
            errors.append(
                f"{_where(row.number, col['parent_code'])}: tiêu chí '{row.code}' không thể là cha của chính nó."
            )
        elif row.parent_code in ghosts:
            continue
        elif row.parent_code and row.parent_code not in by_code:
            errors.append(
                f"{_where(row.number, col['parent_code'])}: không có tiêu chí mã '{row.parent_code}' trong tệp."
            )
        else:
            children.setdefault(row.parent_code, []).append(row)
    errors.extend(_cycles(rows, by_code, col))
    if errors or ghosts:
        raise refused(errors)

    def settle(row: FrameworkRow) -> None:
        kids = children.get(row.code, [])
        if kids and row.method != GROUP:
            errors.append(
                f"{_where(row.number, col['method'])}: tiêu chí '{row.code}' có tiêu chí con nên phải là "
                f"nhóm (method 'group' hoặc để trống), không phải '{row.method}'."
            )
            return
        if not kids:
            if row.method == GROUP:
                errors.append(
                    f"{_where(row.number, col['method'])}: tiêu chí '{row.code}' không có tiêu chí con "
                    "nên phải có phương pháp chấm (binary, ratio, tiers, manual, survey, deduct)."
                )
            elif row.max_points is None or row.max_points <= 0:
                errors.append(
                    f"{_where(row.number, col['max_points'])}: tiêu chí '{row.code}' cần điểm tối đa lớn hơn 0."
                )
            return
        for kid in kids:
            settle(kid)
        total = sum((k.max_points or Decimal(0) for k in kids), Decimal(0))
        if row.max_points is None:
            row.max_points = total
        elif abs(row.max_points - total) > TOLERANCE:
            errors.append(
                f"{_where(row.number, col['max_points'])}: nhóm '{row.code}' có điểm tối đa {_num(row.max_points)} "
                f"nhưng tổng điểm tối đa các tiêu chí con là {_num(total)} "
                f"({', '.join(k.code for k in kids)}). Sửa cho khớp, hoặc để trống để tự tính."
            )

    for top in children.get("", []):
        settle(top)
    if errors:
        raise refused(errors)

    parsed = ParsedFramework(rows, warnings)
    if abs(parsed.total - 100) > TOLERANCE:
        warnings.append(
            f"Tổng điểm tối đa của bộ tiêu chí là {_num(parsed.total)}, không phải 100."
        )
    kind = SCOPE_KIND[scope]
    for row in rows:
        if row.applies_to not in ("all", kind):
            warnings.append(
                f"{_where(row.number, col['applies_to'])}: tiêu chí '{row.code}' chỉ áp dụng cho "
                f"{APPLIES_LABELS[row.applies_to].lower()}, nên không được chấm trong bộ tiêu chí "
                f"{SCOPE_LABELS[scope].lower()}."
            )
        if known_plan_codes is not None:
            unknown = [c for c in row.plan_codes if c not in known_plan_codes]
            if unknown:
                warnings.append(
                    f"{_where(row.number, col['plan_codes'])}: kế hoạch năm nay không có tiêu chí "
                    f"{', '.join(unknown)}."
                )
    return parsed


def _cycles(
    rows: Iterable[FrameworkRow], by_code: dict[str, FrameworkRow], col: dict[str, str]
) -> list[str]:
    errors: list[str] = []
    reported: set[str] = set()
    for row in rows:
        trail: list[str] = []
        current: FrameworkRow | None = row
        while current is not None and current.parent_code:
            if current.code in trail:
                loop = trail[trail.index(current.code) :] + [current.code]
                if not reported & set(loop):
                    errors.append(
                        f"{_where(by_code[loop[0]].number, col['parent_code'])}: vòng lặp cha–con "
                        f"{' → '.join(loop)}."
                    )
                    reported.update(loop)
                break
            trail.append(current.code)
            current = by_code.get(current.parent_code)
    return errors


def _num(value: Decimal) -> str:
    from parsipas.lib.numbers import plain

    return plain(value)


def write_csv(rows: Iterable[FrameworkRow]) -> bytes:
    """The framework as a CSV file with the standard columns (UTF-8 with BOM, for Excel)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.code,
                r.parent_code,
                r.title,
                "" if r.max_points is None else format(r.max_points.normalize(), "f"),
                r.method,
                json.dumps(r.params, ensure_ascii=False) if r.params else "",
                r.source,
                1 if r.evidence_required else 0,
                r.applies_to,
                ";".join(r.plan_codes),
                r.guidance,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


__all__ = [
    "COLUMNS",
    "ImportRefused",
    "FrameworkRow",
    "ParsedFramework",
    "SCOPES",
    "SOURCES",
    "ImportRefused",
    "read_framework",
    "validate",
    "write_csv",
    "parse_params",
]
