"""Decision 766 scores for a unit or the province: from our dossiers and from the portal's CSVs.

The engine (``engine.py``) does the arithmetic; here we gather its inputs. Dossiers feed the
progress group fully, and the payment and digitisation groups partly (``NOT_FROM_DOSSIERS``):
those are completed with the portal's own counts of the same unit and period when imported,
and otherwise reported as incomplete rather than guessed.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import transaction

from parsipas.audit.tracking import record_event
from parsipas.dossiers.indicators import NOT_FROM_DOSSIERS, Counts, Period, to_766_counts
from parsipas.dossiers.models import PortalImport, PortalScore
from parsipas.dossiers.q766 import engine
from parsipas.units.models import Unit, find_unit_by_name

DOSSIER_GROUPS = ("progress", "payment", "digitization")


@dataclass
class GroupResult:
    group: str
    label: str
    max: int
    source: str  # "dossiers" | "portal" | "dossiers+portal" | ""
    score: engine.GroupScore | None = None
    published: dict[str, Any] | None = None  # the portal's own score, when imported
    missing: list[str] = field(default_factory=list)
    gaps: list[engine.PartGap] = field(default_factory=list)

    @property
    def biggest(self) -> engine.PartGap | None:
        return self.gaps[0] if self.gaps and self.gaps[0].lost > 0 else None


@dataclass
class Scorecard:
    groups: list[GroupResult]
    known: engine.KnownTotal

    @property
    def worst(self) -> GroupResult | None:
        scored = [g for g in self.groups if g.score is not None and g.score.lost > 0]
        return max(scored, key=lambda g: g.score.lost) if scored else None  # type: ignore[union-attr]


def _result(
    group: str, counts: dict[str, Any], source: str, published: dict[str, Any] | None
) -> GroupResult:
    rule = engine.GROUPS[group]
    result = GroupResult(group, rule.label_vi, rule.max, source, published=published)
    missing = engine.missing_fields(group, counts)
    if missing:
        result.missing = missing
        return result
    result.score = engine.score_group(group, counts)
    result.gaps = engine.what_it_takes(result.score)
    return result


def scorecard(counts: Counts | None, portal: Iterable[PortalScore]) -> Scorecard:
    """Every 766 group for one unit (or the province): the portal's counts when imported for
    the group, otherwise what the dossiers give (completed by any portal counts)."""
    by_group = {p.group: p for p in portal}
    from_dossiers = to_766_counts(counts) if counts is not None and counts.received else {}
    groups = []
    for name, rule in engine.GROUPS.items():
        if not rule.known:
            groups.append(
                GroupResult(name, rule.label_vi, rule.max, "", missing=["công thức chưa xác định"])
            )
            continue
        imported = by_group.get(name)
        if imported is not None:
            groups.append(_result(name, imported.counts, "portal", imported.published))
        elif name in from_dossiers:
            extra_fields = NOT_FROM_DOSSIERS.get(name, ())
            groups.append(_result(name, dict(from_dossiers[name]), "dossiers", None))
            if groups[-1].missing:
                groups[-1].missing = [f for f in groups[-1].missing if f in extra_fields] or groups[
                    -1
                ].missing
        else:
            groups.append(
                GroupResult(name, rule.label_vi, rule.max, "", missing=["chưa có số liệu"])
            )
    known = engine.total_known(g.score for g in groups if g.score is not None)
    return Scorecard(groups, known)


# --- portal imports --------------------------------------------------------------------------


class PortalImportError(ValueError):
    pass


def import_portal_csv(
    stream: IO[bytes], filename: str, group: str, period: Period, *, user: Any = None
) -> PortalImport:
    """Store the portal's counts of one group and period (one row per unit), replacing an
    earlier import of the same group and period. All or nothing."""
    try:
        rule = engine.group_rule(group)
    except ValueError as exc:
        raise PortalImportError(f"Nhóm chỉ tiêu '{group}' không có trong Quyết định 766.") from exc
    data = stream.read()
    try:
        rows = engine.read_portal_csv(io.StringIO(data.decode("utf-8-sig")), rule.name)
    except UnicodeDecodeError as exc:
        raise PortalImportError(f"Tệp '{filename}' không phải văn bản UTF-8.") from exc
    except engine.MissingCountsError as exc:
        raise PortalImportError(
            f"Tệp '{filename}' thiếu cột của nhóm '{rule.label_vi}': {', '.join(exc.fields)}."
        ) from exc
    except (KeyError, ValueError, ArithmeticError) as exc:
        raise PortalImportError(
            f"Tệp '{filename}' không đúng mẫu số liệu của Cổng DVCQG ({exc})."
        ) from exc
    if not rows:
        raise PortalImportError(f"Tệp '{filename}' không có dòng số liệu nào.")
    units = list(Unit.objects.all())
    with transaction.atomic():
        PortalScore.objects.filter(
            group=rule.name, period_start=period.start, period_end=period.end
        ).delete()
        source = PortalImport.objects.create(
            file_name=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            group=rule.name,
            period_start=period.start,
            period_end=period.end,
            rows=len(rows),
            imported_by=user if getattr(user, "is_authenticated", False) else None,
        )
        PortalScore.objects.bulk_create(
            PortalScore(
                source=source,
                group=rule.name,
                period_start=period.start,
                period_end=period.end,
                department_code=row.code,
                department_name=row.name,
                level=row.level,
                unit=find_unit_by_name(row.code, units) or find_unit_by_name(row.name, units),
                counts={k: _plain(v) for k, v in row.counts.items()},
                published={
                    "score": str(row.published.score),
                    "max": str(row.published.max),
                    "ratio": str(row.published.ratio),
                },
            )
            for row in rows
        )
        record_event(
            f"Nhập số liệu 766 nhóm '{rule.label_vi}' ({period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}) "
            f"từ tệp '{filename}': {len(rows)} đơn vị.",
            source,
        )
    return source


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and "." not in str(value)
            else float(value)
        )
    return value


def portal_rows(period: Period, unit: Unit | None = None) -> list[PortalScore]:
    rows = PortalScore.objects.filter(period_start=period.start, period_end=period.end)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return list(rows.select_related("unit"))
