"""Storing frameworks: import (all or nothing), edit one criterion, export, examples."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from parsipas.audit.tracking import record_event
from parsipas.par.framework_io import (
    FrameworkError,
    FrameworkRow,
    ParsedFramework,
    read_framework,
    validate,
)
from parsipas.par.models import Criterion, Framework, PublishedPart, PublishedResult, Scope

DATA_DIR = Path(settings.BASE_DIR) / "data" / "par"
EXAMPLE_FILES = {
    Scope.PROVINCE: "province-2026-example.csv",
    Scope.AGENCY: "agency-2026-example.csv",
    Scope.COMMUNE: "commune-2026-example.csv",
}
EXAMPLE_NOTE = (
    "Bộ tiêu chí mẫu: cấu trúc 4 phần và điểm tối đa từng phần (61,5 / 6,5 / 22 / 10) theo "
    "phương pháp của Bộ Nội vụ; điểm từng tiêu chí chỉ để minh họa cho đến khi quản trị viên "
    "nhập bảng điểm chính thức của Bộ Nội vụ (Quyết định 892/QĐ-BNV)."
)
INTERNAL_EXAMPLE_NOTE = (
    "Bộ tiêu chí mẫu để minh họa: tỉnh cần thay bằng bộ tiêu chí xác định Chỉ số CCHC nội bộ "
    "do UBND tỉnh ban hành."
)
DAKLAK_2023: dict[str, Any] = {
    "year": 2023,
    "points": Decimal("87.33"),
    "rank": 28,
    "rank_of": 63,
    "source": "khdt.daklak.gov.vn — “Đắk Lắk tăng 10 bậc xếp hạng Chỉ số CCHC năm 2023”",
    "parts": [
        (
            "A",
            "Tiêu chí, tiêu chí thành phần do Bộ Nội vụ thẩm định",
            Decimal("57.92"),
            Decimal("61.5"),
        ),
        ("B", "Tác động của CCHC đến phát triển kinh tế - xã hội", Decimal("2.97"), Decimal("6.5")),
        ("C", "Điều tra xã hội học lãnh đạo, quản lý", Decimal("18.29"), Decimal("22")),
        ("D", "Chỉ số hài lòng SIPAS", Decimal("8.15"), Decimal("10")),
    ],
}


@dataclass
class ImportResult:
    framework: Framework
    created: int = 0
    updated: int = 0
    deleted: int = 0
    warnings: list[str] = field(default_factory=list)


def plan_codes_of_year(year: int) -> set[str] | None:
    """Codes ('PAR:3.8') of that year's plan, or None when there is no plan to check against."""
    from parsipas.plans.models import Node, Plan

    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        return None
    return {
        f"{index}:{code}"
        for index, code in Node.objects.filter(plan=plan).values_list("index", "code")
    }


def read_file(stream: BinaryIO, filename: str, year: int, scope: str) -> ParsedFramework:
    return read_framework(stream, filename, scope, known_plan_codes=plan_codes_of_year(year))


@transaction.atomic
def save_framework(
    parsed: ParsedFramework,
    year: int,
    scope: str,
    source_name: str = "",
    title: str = "",
    illustrative: bool | None = None,
    note: str | None = None,
) -> ImportResult:
    """Replace the framework's criteria with the file's, keeping those with the same code.

    A criterion that already holds self-assessments cannot disappear: the whole import is
    refused instead (FrameworkError), so nothing changes.
    """
    framework, _ = Framework.objects.get_or_create(
        year=year, scope=scope, defaults={"title": title or f"{Scope(scope).label} năm {year}"}
    )
    if title:
        framework.title = title
    if illustrative is not None:
        framework.illustrative = illustrative
    if note is not None:
        framework.note = note
    framework.source_name = source_name
    framework.imported_at = timezone.now()
    framework.save()

    existing = {c.code: c for c in framework.criteria.all()}
    wanted = {r.code for r in parsed.rows}
    doomed = [c for code, c in existing.items() if code not in wanted]
    held = [c.code for c in doomed if c.entries.exists()]
    if held:
        raise FrameworkError(
            [
                f"Tiêu chí {code} đã có dữ liệu tự đánh giá của đơn vị nên không thể bỏ khỏi bộ tiêu chí."
                for code in held
            ]
        )
    result = ImportResult(framework, warnings=list(parsed.warnings))
    for criterion in doomed:
        criterion.delete()
        result.deleted += 1
    saved: dict[str, Criterion] = {}
    for order, row in enumerate(parsed.rows, start=1):
        criterion = existing.get(row.code) or Criterion(framework=framework, code=row.code)
        is_new = criterion.pk is None
        _fill(criterion, row, order)
        criterion.parent = None  # parents are set below, once every code exists
        criterion.save()
        saved[row.code] = criterion
        if is_new:
            result.created += 1
        else:
            result.updated += 1
    for row in parsed.rows:
        if row.parent_code:
            Criterion.objects.filter(pk=saved[row.code].pk).update(parent=saved[row.parent_code])
    record_event(
        f"Nhập bộ tiêu chí {framework} từ '{source_name}': {result.created} mới, "
        f"{result.updated} cập nhật, {result.deleted} bỏ.",
        framework,
    )
    return result


def _fill(criterion: Criterion, row: FrameworkRow, order: int) -> None:
    criterion.order = order
    criterion.title = row.title
    criterion.max_points = row.max_points or Decimal(0)
    criterion.method = row.method
    criterion.params = row.params
    criterion.source = row.source
    criterion.evidence_required = row.evidence_required
    criterion.applies_to = row.applies_to
    criterion.plan_codes = row.plan_codes
    criterion.guidance = row.guidance


def rows_of(framework: Framework) -> list[FrameworkRow]:
    """The stored framework as rows, to validate after an edit or to export."""
    return [
        FrameworkRow(
            number=0,
            code=c.code,
            title=c.title,
            max_points=c.max_points,
            method=c.method,
            parent_code=c.parent.code if c.parent else "",
            params=dict(c.params or {}),
            source=c.source,
            evidence_required=c.evidence_required,
            applies_to=c.applies_to,
            plan_codes=list(c.plan_codes or []),
            guidance=c.guidance,
        )
        for c in framework.criteria.select_related("parent").order_by("order", "pk")
    ]


@transaction.atomic
def save_criterion(criterion: Criterion) -> list[str]:
    """Save one criterion edited in the app; groups' maxima follow their children.

    Validates the whole tree as a file would be; raises FrameworkError and changes nothing
    when the edit would break it. Returns the warnings.
    """
    framework = criterion.framework
    if criterion.pk is None:
        if criterion.parent_id:
            # right after the parent's last descendant, shifting the rest down
            block = [criterion.parent, *descendants(criterion.parent)]
            criterion.order = max(c.order for c in block if c is not None) + 1
            framework.criteria.filter(order__gte=criterion.order).update(order=F("order") + 1)
        else:
            last = framework.criteria.order_by("-order").first()
            criterion.order = (last.order if last else 0) + 1
    criterion.save()
    return _settle_groups(framework)


def _settle_groups(framework: Framework) -> list[str]:
    """Validate the stored tree; groups' maxima become the sums of their children."""
    rows = rows_of(framework)
    groups = {r.parent_code for r in rows if r.parent_code}
    for row in rows:
        if row.code in groups:
            row.max_points = None  # recomputed from the children
    parsed = validate(rows, framework.scope)
    for row in parsed.rows:
        if row.code in groups:
            Criterion.objects.filter(framework=framework, code=row.code).update(
                max_points=row.max_points
            )
    return parsed.warnings


@transaction.atomic
def delete_criterion(criterion: Criterion) -> list[str]:
    framework = criterion.framework
    codes = [criterion.code, *[c.code for c in descendants(criterion)]]
    if Criterion.objects.filter(
        framework=framework, code__in=codes, entries__isnull=False
    ).exists():
        raise FrameworkError(
            ["Tiêu chí này đã có dữ liệu tự đánh giá của đơn vị nên không thể xóa."]
        )
    parent = criterion.parent
    criterion.delete()
    if parent is not None and not parent.children.exists():
        raise FrameworkError(
            [
                f"Nhóm {parent.code} sẽ không còn tiêu chí con: hãy xóa cả nhóm, hoặc thêm tiêu chí khác trước."
            ]
        )
    return _settle_groups(framework)


def descendants(criterion: Criterion) -> list[Criterion]:
    out: list[Criterion] = []
    for child in criterion.children.all():
        out.append(child)
        out.extend(descendants(child))
    return out


def example_path(scope: str) -> Path:
    return DATA_DIR / EXAMPLE_FILES[Scope(scope)]


def load_examples(year: int, scopes: tuple[str, ...] = tuple(Scope.values)) -> list[str]:
    """Load the shipped example frameworks for `year` (if that framework is not there yet)
    and the published 2023 result. Idempotent: an existing framework is never overwritten.
    """
    done: list[str] = []
    for scope in scopes:
        if Framework.objects.filter(year=year, scope=scope, criteria__isnull=False).exists():
            done.append(f"{Scope(scope).label} năm {year}: đã có, giữ nguyên.")
            continue
        path = example_path(scope)
        with path.open("rb") as f:
            parsed = read_framework(f, path.name, scope)
        result = save_framework(
            parsed,
            year,
            scope,
            source_name=path.name,
            title=f"{Scope(scope).label} năm {year} (mẫu minh họa)",
            illustrative=True,
            note=EXAMPLE_NOTE if scope == Scope.PROVINCE else INTERNAL_EXAMPLE_NOTE,
        )
        done.append(
            f"{Scope(scope).label} năm {year}: nạp {result.created} tiêu chí từ {path.name}."
        )
    done.append(load_published_2023())
    return done


@transaction.atomic
def load_published_2023() -> str:
    if PublishedResult.objects.filter(year=DAKLAK_2023["year"]).exists():
        return "Kết quả công bố năm 2023: đã có, giữ nguyên."
    result = PublishedResult.objects.create(
        year=DAKLAK_2023["year"],
        points=DAKLAK_2023["points"],
        rank=DAKLAK_2023["rank"],
        rank_of=DAKLAK_2023["rank_of"],
        source=DAKLAK_2023["source"],
    )
    for order, (code, title, points, max_points) in enumerate(DAKLAK_2023["parts"], start=1):
        PublishedPart.objects.create(
            result=result, order=order, code=code, title=title, points=points, max_points=max_points
        )
    return "Kết quả công bố năm 2023: đã nạp (87,33/100, hạng 28/63)."
