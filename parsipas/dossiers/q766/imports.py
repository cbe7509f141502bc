"""The 766 write side: the portal's figures and the procedure catalogue, stored all or nothing.

- :func:`import_portal_file` stores one group and period of the portal's figures (a saved
  JSON response or a reference-layout CSV), with our recomputation beside the published
  score. It replaces **only the departments the file names**: a two-row file leaves every
  other stored row of that group and period alone.
- :func:`import_catalogue` upserts the province's procedure catalogue by procedure code.

Both check everything before writing and raise with Vietnamese messages naming the row,
unit and field; nothing is stored then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db import transaction

from parsipas.audit.tracking import record_event
from parsipas.dossiers.indicators import Period
from parsipas.dossiers.models import (
    PortalImport,
    PortalScore,
    Procedure,
    ProcedureImport,
    SatisfactionRule,
)
from parsipas.dossiers.q766 import engine
from parsipas.dossiers.q766.portal import PortalFileError, PortalRow, read_portal_file
from parsipas.lib.tabular import ImportRefused, column_map, open_table
from parsipas.lib.text import fold
from parsipas.units.models import Unit, find_unit_by_name


class PortalImportError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def plain(value: Any) -> Any:
    """A Decimal as the JSON number it is (int when whole)."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent  # "n", "N", "F" for the NaNs and infinities
        whole = value == value.to_integral_value() and isinstance(exponent, int) and exponent >= 0
        return int(value) if whole else float(value)
    return value


def published_dict(published: engine.PublishedScore | None) -> dict[str, Any] | None:
    if published is None:
        return None
    return {
        "score": plain(published.score),
        "max": plain(published.max),
        "ratio": plain(published.ratio),
        "parts": {
            name: {"ratio": plain(p.pct), "score": plain(p.score), "max": plain(p.max)}
            for name, p in published.parts.items()
        },
    }


def computed_dict(result: engine.GroupScore | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "score": plain(result.score),
        "max": result.max,
        "ratio": plain(result.ratio),
        "parts": {
            name: {
                "numerator": plain(p.numerator),
                "denominator": plain(p.denominator),
                "ratio": plain(p.pct),
                "score": plain(p.score),
                "max": p.max,
            }
            for name, p in result.parts.items()
        },
    }


def score_row(row: PortalRow) -> engine.GroupScore | None:
    """Our score of a row from its counts; None for a row that publishes only a score."""
    return engine.score_group(row.group, row.counts) if row.has_counts else None


# --- units -----------------------------------------------------------------------------------


def _bare(name: str) -> str:
    """A portal department name without "UBND" and the " - Tỉnh X" suffix."""
    name = name.split(" - ")[0].strip()
    folded = fold(name)
    for prefix in ("ubnd ", "uy ban nhan dan "):
        if folded.startswith(prefix):
            return name[len(prefix) :].strip()
    return name


def match_unit(code: str, name: str, units: list[Unit]) -> Unit | None:
    """The registry unit of a portal department: by portal code, else by name or alias."""
    if code:
        wanted = code.strip().upper()
        for unit in units:
            if unit.portal_code and unit.portal_code.upper() == wanted:
                return unit
    if not name:
        return None
    found = find_unit_by_name(code, units) if code else None  # a code kept as an alias
    return found or find_unit_by_name(name, units) or find_unit_by_name(_bare(name), units)


# --- the portal's figures --------------------------------------------------------------------


def import_portal_file(
    stream: IO[bytes],
    filename: str,
    period: Period,
    group: str | None = None,
    *,
    user: Any = None,
) -> PortalImport:
    """Store one group's figures for one period (see module doc). ``group`` is checked
    against the file's when given; otherwise the file's own group is used."""
    data = stream.read()
    try:
        parsed = read_portal_file(data, filename, group)
    except PortalFileError as exc:
        raise PortalImportError(exc.errors) from exc
    captures = {row.capture for row in parsed.rows}
    if len(captures) > 1:
        raise PortalImportError(
            [
                f"Tệp '{filename}' gồm nhiều lần lấy số liệu ({', '.join(sorted(captures))}): "
                "mỗi lần nhập chỉ một kỳ, hãy tách tệp."
            ]
        )
    units = list(Unit.objects.all())
    prepared = []
    for row in parsed.rows:
        result = score_row(row)
        published = published_dict(row.published)
        prepared.append((row, result, published))
    with transaction.atomic():
        keys = [row.key for row, _, _ in prepared]
        replaced = PortalScore.objects.filter(
            group=parsed.group,
            period_start=period.start,
            period_end=period.end,
            department_code__in=keys,
        ).delete()[0]
        source = PortalImport.objects.create(
            file_name=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            group=parsed.group,
            period_start=period.start,
            period_end=period.end,
            rows=len(prepared),
            imported_by=user if getattr(user, "is_authenticated", False) else None,
        )
        PortalScore.objects.bulk_create(
            PortalScore(
                source=source,
                group=parsed.group,
                period_start=period.start,
                period_end=period.end,
                department_code=row.key[:300],
                department_name=row.name[:300],
                level=row.level[:20],
                unit=None if row.level == "PARENT" else match_unit(row.code, row.name, units),
                counts={k: plain(v) for k, v in row.counts.items()},
                published=published or {},
                computed=computed_dict(result),
                matches=engine.matches(result, row.published),
            )
            for row, result, published in prepared
        )
        label = engine.GROUPS[parsed.group].label_vi
        record_event(
            f"Nhập số liệu 766 nhóm '{label}' ({period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}) "
            f"từ tệp '{filename}' ({parsed.shape.upper()}): {len(prepared)} đơn vị, "
            f"thay {replaced} dòng cũ của chính các đơn vị này.",
            source,
        )
    return source


# --- the procedure catalogue -----------------------------------------------------------------

CATALOGUE_ALIASES = {
    "code": ["mã tthc", "mã thủ tục", "mã"],
    "name": ["tên tthc", "tên thủ tục", "tên"],
    "level": ["cấp thực hiện", "cấp"],
    "field": ["lĩnh vực"],
    "units": ["đơn vị giải quyết", "cơ quan giải quyết", "đơn vị"],
    "online": ["mức độ trực tuyến", "dịch vụ công trực tuyến", "mức độ dvc trực tuyến"],
    "fee": ["có phí", "có phí, lệ phí", "phí, lệ phí"],
}
CATALOGUE_COLUMNS = ("code", "name", "level", "field", "units", "online", "fee")
_LEVELS = {
    "cap tinh": Procedure.Level.PROVINCE, "tinh": Procedure.Level.PROVINCE,
    "province": Procedure.Level.PROVINCE,
    "cap xa": Procedure.Level.COMMUNE, "xa": Procedure.Level.COMMUNE,
    "commune": Procedure.Level.COMMUNE,
}  # fmt: skip
_ONLINE = {
    "": Procedure.Online.NONE, "khong": Procedure.Online.NONE, "none": Procedure.Online.NONE,
    "mot phan": Procedure.Online.PARTIAL, "truc tuyen mot phan": Procedure.Online.PARTIAL,
    "partial": Procedure.Online.PARTIAL,
    "toan trinh": Procedure.Online.FULL, "truc tuyen toan trinh": Procedure.Online.FULL,
    "full": Procedure.Online.FULL,
}  # fmt: skip
_YES = {"1", "x", "co", "yes", "true"}
_NO = {"", "0", "khong", "no", "false"}


@dataclass
class CatalogueRow:
    number: int
    code: str
    name: str
    level: str
    field: str
    online: str
    fee_bearing: bool
    units: list[Unit] = dataclasses.field(default_factory=list)


def read_catalogue(stream: IO[bytes], filename: str) -> list[CatalogueRow]:
    """Every row checked; raises PortalImportError listing each bad row and column."""
    try:
        headers, rows = open_table(stream, filename)  # type: ignore[arg-type]
        cols = column_map(headers, CATALOGUE_ALIASES)
        missing = [c for c in ("code", "name", "level", "units", "online", "fee") if c not in cols]
        if missing:
            raise PortalImportError(
                [
                    f"Tệp '{filename}' thiếu cột: {', '.join(missing)} (cần: "
                    "Mã TTHC, Tên TTHC, Cấp thực hiện, Lĩnh vực, Đơn vị giải quyết, "
                    "Mức độ trực tuyến, Có phí)."
                ]
            )
        units = list(Unit.objects.all())
        by_code = {u.code: u for u in units}
        parsed: list[CatalogueRow] = []
        errors: list[str] = []
        seen: dict[str, int] = {}
        for row in rows:

            def get(name: str, row: Any = row) -> str:
                return row.values.get(cols.get(name, ""), "").strip()

            problems = []
            code, name = get("code"), get("name")
            if not code:
                problems.append("cột 'Mã TTHC' trống")
            elif len(code) > 50:
                problems.append("cột 'Mã TTHC' dài quá 50 ký tự")
            elif code in seen:
                problems.append(f"mã TTHC '{code}' trùng với dòng {seen[code]}")
            if not name:
                problems.append("cột 'Tên TTHC' trống")
            level = _LEVELS.get(fold(get("level")))
            if level is None:
                problems.append(
                    f"cột 'Cấp thực hiện' '{get('level')}' phải là 'Cấp tỉnh' hoặc 'Cấp xã'"
                )
            online = _ONLINE.get(fold(get("online")))
            if online is None:
                problems.append(
                    f"cột 'Mức độ trực tuyến' '{get('online')}' phải là 'Một phần', 'Toàn trình' hoặc để trống"
                )
            fee_text = fold(get("fee"))
            if fee_text not in _YES | _NO:
                problems.append(f"cột 'Có phí' '{get('fee')}' phải là Có/Không (1/0)")
            handling = []
            for text in (t.strip() for t in get("units").split(";")):
                if not text:
                    continue
                unit = by_code.get(text.lower()) or find_unit_by_name(text, units)
                if unit is None:
                    problems.append(f"đơn vị giải quyết '{text}' không có trong danh mục đơn vị")
                else:
                    handling.append(unit)
            if not handling and get("units") == "":
                problems.append("cột 'Đơn vị giải quyết' trống")
            if problems:
                errors.append(f"Tệp '{filename}', dòng {row.number}: " + "; ".join(problems) + ".")
                continue
            seen[code] = row.number
            parsed.append(
                CatalogueRow(
                    row.number, code, name[:500], level, get("field")[:200], online,  # type: ignore[arg-type]
                    fee_text in _YES, handling,
                )
            )  # fmt: skip
    except ImportRefused as exc:
        raise PortalImportError([exc.message]) from exc
    if errors:
        raise PortalImportError(errors)
    if not parsed:
        raise PortalImportError([f"Tệp '{filename}' không có dòng TTHC nào."])
    return parsed


@dataclass
class CatalogueResult:
    source: ProcedureImport
    created: int
    updated: int
    not_in_file: int


def import_catalogue(stream: IO[bytes], filename: str, *, user: Any = None) -> CatalogueResult:
    """Create or update the procedures of the file (by code), all or nothing. Procedures of
    the catalogue that the file does not list are kept, and counted in the result."""
    data = stream.read()
    rows = read_catalogue(io.BytesIO(data), filename)
    with transaction.atomic():
        source = ProcedureImport.objects.create(
            file_name=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=len(rows),
            imported_by=user if getattr(user, "is_authenticated", False) else None,
        )
        existing = {p.code: p for p in Procedure.objects.filter(code__in=[r.code for r in rows])}
        created = updated = 0
        for row in rows:
            procedure = existing.get(row.code) or Procedure(code=row.code)
            is_new = procedure.pk is None
            procedure.name, procedure.level, procedure.field = row.name, row.level, row.field
            procedure.online, procedure.fee_bearing = row.online, row.fee_bearing
            procedure.source = source
            procedure.save()
            procedure.units.set(row.units)
            created += is_new
            updated += not is_new
        source.created, source.updated = created, updated
        source.save(update_fields=["created", "updated"])
        not_in_file = Procedure.objects.exclude(code__in=[r.code for r in rows]).count()
        record_event(
            f"Nhập danh mục TTHC từ tệp '{filename}': {created} TTHC mới, {updated} cập nhật"
            + (
                f"; {not_in_file} TTHC đã có không nằm trong tệp, được giữ nguyên."
                if not_in_file
                else "."
            ),
            source,
        )
    return CatalogueResult(source, created, updated, not_in_file)


# --- the satisfied-dossier rule --------------------------------------------------------------


@transaction.atomic
def set_satisfaction_rule(min_rating: int, unrated_satisfied: bool) -> SatisfactionRule:
    """Set the one rule that turns dossier ratings into "satisfied" dossiers (see the model)."""
    rule = SatisfactionRule.objects.order_by("-updated_at").first() or SatisfactionRule()
    rule.min_rating, rule.unrated_satisfied = min_rating, unrated_satisfied
    rule.save()
    SatisfactionRule.objects.exclude(pk=rule.pk).delete()
    return rule
