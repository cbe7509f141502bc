"""Import and export of the unit registry (CSV/XLSX), all-or-nothing with row-level messages."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction

from parsipas.audit.tracking import record_event
from parsipas.lib.tabular import Row, TableError, column_map, open_table
from parsipas.lib.text import fold, slug
from parsipas.units.models import Unit, UnitKind

DATA_DIR = Path(settings.BASE_DIR) / "data" / "units"
COLUMNS = ["code", "name", "kind", "parent", "active", "aliases", "email", "note", "portal_code"]
COLUMN_ALIASES = {
    "code": ["mã", "mã đơn vị"],
    "name": ["name_with_type", "tên", "tên đơn vị"],
    "kind": ["loại", "loại đơn vị"],
    "parent": ["đơn vị cấp trên", "mã đơn vị cấp trên"],
    "active": ["hoạt động", "đang hoạt động"],
    "aliases": ["tên gọi khác"],
    "email": ["thư điện tử"],
    "note": ["ghi chú"],
    "portal_code": ["mã trên cổng dvcqg", "mã cổng dvcqg", "departmentcode"],
}
KIND_WORDS = {fold(label): value for value, label in UnitKind.choices} | {
    fold(value): value for value in UnitKind.values
}
TRUE_WORDS = {"1", "x", "co", "true", "yes", "hoat dong", "dang hoat dong"}
FALSE_WORDS = {"0", "khong", "false", "no", "ngung", "ngung hoat dong"}


class RegistryError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class UnitRow:
    number: int
    code: str
    name: str
    kind: str
    parent: str = ""
    active: bool = True
    aliases: str = ""
    email: str = ""
    note: str = ""
    portal_code: str | None = None  # None: the file has no such column, keep the unit's


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def _parse_row(row: Row, cols: dict[str, str], errors: list[str]) -> UnitRow | None:
    def get(name: str) -> str:
        return row.values.get(cols.get(name, ""), "").strip()

    name = get("name")
    raw_kind = get("kind")
    kind = KIND_WORDS.get(fold(raw_kind), "")
    code = get("code") or (slug(name) if name else "")
    problems = []
    if not name:
        problems.append("cột 'name' (tên) trống")
    if not kind:
        problems.append(
            f"cột 'kind' (loại) '{raw_kind}' không hợp lệ — dùng một trong: "
            + ", ".join(UnitKind.values)
        )
    if code and slug(code, "-") != code.lower().replace("_", "-"):
        problems.append(f"cột 'code' (mã) '{code}' chỉ được gồm chữ không dấu, số và dấu '-'")
    active_text = fold(get("active"))
    if active_text and active_text not in TRUE_WORDS | FALSE_WORDS:
        problems.append(f"cột 'active' '{get('active')}' phải là 1 hoặc 0")
    if problems:
        errors.append(f"Dòng {row.number}: " + "; ".join(problems) + ".")
        return None
    return UnitRow(
        number=row.number,
        code=code.lower(),
        name=name,
        kind=kind,
        parent=get("parent").lower(),
        active=active_text not in FALSE_WORDS,
        aliases=get("aliases"),
        email=get("email"),
        note=get("note"),
        portal_code=get("portal_code").upper() if "portal_code" in cols else None,
    )


def read_unit_file(stream: BinaryIO, filename: str) -> list[UnitRow]:
    headers, rows = open_table(stream, filename)
    cols = column_map(headers, COLUMN_ALIASES)
    missing = [c for c in ("name", "kind") if c not in cols]
    if missing:
        raise RegistryError(
            [f"Tệp '{filename}' thiếu cột: {', '.join(missing)} (cần: {', '.join(COLUMNS)})."]
        )
    errors: list[str] = []
    parsed: list[UnitRow] = []
    seen: dict[str, int] = {}
    try:
        for row in rows:
            unit_row = _parse_row(row, cols, errors)
            if unit_row is None:
                continue
            if unit_row.code in seen:
                errors.append(
                    f"Dòng {row.number}: mã '{unit_row.code}' trùng với dòng {seen[unit_row.code]}."
                )
                continue
            seen[unit_row.code] = row.number
            parsed.append(unit_row)
    except TableError as exc:
        errors.append(exc.message)
    if not parsed and not errors:
        errors.append(f"Tệp '{filename}' không có dòng dữ liệu nào.")
    if errors:
        raise RegistryError(errors)
    return parsed


@transaction.atomic
def apply_unit_rows(rows: list[UnitRow], source: str = "") -> ImportResult:
    """Create or update units by code. Raises RegistryError and changes nothing on any problem."""
    known = set(Unit.objects.values_list("code", flat=True)) | {r.code for r in rows}
    errors = [
        f"Dòng {r.number}: đơn vị cấp trên '{r.parent}' không có trong danh mục."
        for r in rows
        if r.parent and r.parent not in known
    ]
    codes: dict[str, int] = {}
    for r in rows:
        if r.portal_code:
            if r.portal_code in codes:
                errors.append(
                    f"Dòng {r.number}: mã trên Cổng DVCQG '{r.portal_code}' trùng với dòng "
                    f"{codes[r.portal_code]}."
                )
            codes[r.portal_code] = r.number
    taken = {
        code: unit_code
        for code, unit_code in Unit.objects.exclude(portal_code="").values_list(
            "portal_code", "code"
        )
    }
    for r in rows:
        owner = taken.get(r.portal_code or "")
        if (
            owner
            and owner != r.code
            and owner not in {x.code for x in rows if x.portal_code is not None}
        ):
            errors.append(
                f"Dòng {r.number}: mã trên Cổng DVCQG '{r.portal_code}' đã thuộc đơn vị '{owner}'."
            )
    if errors:
        raise RegistryError(errors)
    result = ImportResult()
    existing = {u.code: u for u in Unit.objects.all()}
    for r in rows:
        unit = existing.get(r.code) or Unit(code=r.code)
        values = {
            "name": r.name,
            "kind": r.kind,
            "active": r.active,
            "aliases": r.aliases,
            "email": r.email,
            "note": r.note,
        }
        if r.portal_code is not None:
            values["portal_code"] = r.portal_code
        if unit.pk and all(getattr(unit, k) == v for k, v in values.items()):
            result.unchanged += 1
            continue
        for k, v in values.items():
            setattr(unit, k, v)
        (result.updated if unit.pk else result.created).append(r.code)
        unit.save()
        existing[r.code] = unit
    for r in rows:  # parents last: they may be created by this same file
        unit = existing[r.code]
        parent = existing.get(r.parent) if r.parent else None
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            unit.save(update_fields=["parent"])
    record_event(
        f"Nhập danh mục đơn vị{(' từ ' + source) if source else ''}: "
        f"{len(result.created)} mới, {len(result.updated)} cập nhật, {result.unchanged} không đổi.",
        model_label="units.unit",
    )
    return result


def load_defaults() -> ImportResult:
    """The shipped registry: the model list of agencies and the communes of the province."""
    rows: list[UnitRow] = []
    with open(DATA_DIR / "agencies.csv", "rb") as f:
        rows += read_unit_file(f, "agencies.csv")
    with open(DATA_DIR / "communes.csv", "rb") as f:
        rows += read_unit_file(f, "communes.csv")
    return apply_unit_rows(rows, source="danh mục mặc định")


def export_rows() -> list[dict[str, str]]:
    return [
        {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "parent": u.parent.code if u.parent else "",
            "active": "1" if u.active else "0",
            "aliases": u.aliases,
            "email": u.email,
            "note": u.note,
            "portal_code": u.portal_code,
        }
        for u in Unit.objects.select_related("parent").order_by("kind", "name")
    ]


def export_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(export_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx() -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.title = "Đơn vị"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows():
        sheet.append([row[c] for c in COLUMNS])
    sheet.column_dimensions["B"].width = 45
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
