"""The province's projected PAR Index: projection, points at risk, what-if, estimates, past years."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.bounds import query_int
from parsipas.par.forms import EstimateForm, PublishedResultForm
from parsipas.par.models import (
    Criterion,
    Estimate,
    Framework,
    PublishedPart,
    PublishedResult,
    Scope,
)
from parsipas.par.projection import (
    comparisons,
    estimates_from_published,
    missing_data,
    points_at_risk,
    project,
    province_framework,
)
from parsipas.par.scoring import ScoringError, to_decimal


def _framework(request: HttpRequest) -> Framework | None:
    return province_framework(query_int(request, "year", None, 2000, 2100))


def _years() -> list[int]:
    return list(
        Framework.objects.filter(scope=Scope.PROVINCE)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def _projection_url(framework: Framework) -> str:
    return f"{reverse('par_projection')}?year={framework.year}"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/par/") else ""


def _empty(request: HttpRequest, title: str) -> HttpResponse:
    return render(
        request,
        "par/no_framework.html",
        {"title": title, "can_manage": policy.can_manage_par(request.user)},
    )


@policy.province_reader_required
def projection(request: AuthenticatedHttpRequest) -> HttpResponse:
    framework = _framework(request)
    if framework is None:
        return _empty(request, "Dự báo Chỉ số CCHC của tỉnh")
    result = project(framework, fresh=request.GET.get("tinh-lai") == "1")
    last = (
        PublishedResult.objects.filter(year__lt=framework.year)
        .prefetch_related("parts")
        .order_by("-year")
        .first()
    )
    last_parts = {p.code: p for p in last.parts.all()} if last else {}
    return render(
        request,
        "par/projection.html",
        {
            "framework": framework,
            "p": result,
            "years": _years(),
            "tab": "projection",
            "risks": points_at_risk(result)[:8],
            "last": last,
            # the change from last year only where the part is complete: known points alone
            # compared with a whole published part would read as a fall
            "part_rows": [
                (
                    line,
                    past,
                    line.scored.points - past.points if past and not line.scored.missing else None,
                )
                for line in result.parts
                for past in [last_parts.get(line.criterion.code)]
            ],
            "at_risk_total": result.score.at_risk,
            "at_risk_count": len(points_at_risk(result)),
            "missing": result.score.missing_count,
            "open_points": result.score.high - result.score.low,
            "sources": result.sources_count(),
            "can_manage": policy.can_manage_par(request.user),
        },
    )


@policy.province_reader_required
def at_risk(request: AuthenticatedHttpRequest) -> HttpResponse:
    framework = _framework(request)
    if framework is None:
        return _empty(request, "Điểm có nguy cơ mất")
    result = project(framework)
    risks = points_at_risk(result)
    return render(
        request,
        "par/at_risk.html",
        {
            "framework": framework,
            "p": result,
            "risks": risks,
            "missing": missing_data(result),
            "years": _years(),
            "tab": "risk",
            "total_at_risk": sum((r.at_risk for r in risks), Decimal(0)),
            "can_manage": policy.can_manage_par(request.user),
        },
    )


@policy.province_reader_required
def what_if(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Change values, see the new total; nothing is saved (GET or POST alike)."""
    framework = _framework(request)
    if framework is None:
        return _empty(request, "Giả định: nếu … thì điểm sẽ là?")
    data = request.POST if request.method == "POST" else request.GET
    changes: dict[str, Decimal | None] = {}
    errors: dict[str, str] = {}
    entered: dict[str, str] = {}
    for key in data:
        if not key.startswith("v:"):
            continue
        text = data.get(key, "")
        code = key[2:]
        entered[code] = text
        if not text.strip():
            continue
        try:
            changes[code] = to_decimal(text)
        except ScoringError:
            errors[code] = f"'{text}' không phải là số."
    result = project(framework, what_if=changes if not errors else None)
    for line in result.lines:
        if line.sourced is not None and line.criterion.code not in entered:
            value = line.sourced.value
            entered[line.criterion.code] = "" if value is None else format(value.normalize(), "f")
    rows = [
        (line, entered.get(line.criterion.code, ""), errors.get(line.criterion.code))
        for line in result.lines
    ]
    return render(
        request,
        "par/what_if.html",
        {
            "framework": framework,
            "p": result,
            "rows": rows,
            "errors": errors,
            "years": _years(),
            "tab": "whatif",
            "changed": bool(result.what_if),
        },
    )


@policy.admin_required
def estimate_edit(request: AuthenticatedHttpRequest, criterion_id: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion.objects.select_related("framework"), pk=criterion_id)
    policy.require(policy.can_manage_par(request.user))
    if criterion.is_group:
        messages.error(request, "Nhóm không có giá trị riêng: hãy ước tính từng tiêu chí con.")
        return redirect("par_projection")
    estimate = Estimate.objects.filter(criterion=criterion).first()
    form = EstimateForm(request.POST or None, instance=estimate)
    if request.method == "POST" and request.POST.get("action") == "delete" and estimate:
        estimate.delete()
        messages.success(request, f"Đã xóa ước tính của tiêu chí {criterion.code}.")
        return redirect(_projection_url(criterion.framework))
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.criterion = criterion
        saved.entered_by = request.user
        saved.save()
        messages.success(request, f"Đã lưu ước tính của tiêu chí {criterion.code}.")
        return redirect(_safe_next(request) or _projection_url(criterion.framework))
    sourced = project(criterion.framework).values.get(criterion.code)
    return render(
        request,
        "par/estimate_form.html",
        {
            "criterion": criterion,
            "form": form,
            "estimate": estimate,
            "sourced": sourced,
            "next": request.GET.get("next", ""),
        },
    )


@policy.admin_required
@require_POST
def estimates_from_last_year(request: AuthenticatedHttpRequest) -> HttpResponse:
    framework = _framework(request)
    result = PublishedResult.objects.filter(year=request.POST.get("year", "")).first()
    if framework is None or result is None:
        messages.error(request, "Không có kết quả công bố của năm đã chọn.")
        return redirect("par_projection")
    made = estimates_from_published(project(framework), result, request.user)
    messages.success(
        request,
        f"Đã nhập {made} ước tính theo tỷ lệ điểm từng phần năm {result.year} cho các tiêu chí chưa có "
        "số liệu (tiêu chí đạt/không đạt, theo mức, trừ điểm cần nhập riêng).",
    )
    return redirect(_projection_url(framework))


@policy.province_reader_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    framework = _framework(request)
    result = project(framework) if framework else None
    return render(
        request,
        "par/history.html",
        {
            "framework": framework,
            "rows": comparisons(result),
            "years": _years(),
            "tab": "history",
            "parts": result.parts if result else [],
            "published": PublishedResult.objects.prefetch_related("parts"),
            "can_manage": policy.can_manage_par(request.user),
        },
    )


PART_FIELDS = 6


@policy.admin_required
@transaction.atomic
def published_edit(request: AuthenticatedHttpRequest, year: int | None = None) -> HttpResponse:
    """The Ministry's published result of a past year: total, rank, and its parts."""
    result = get_object_or_404(PublishedResult, year=year) if year else None
    form = PublishedResultForm(request.POST or None, instance=result)
    parts = list(result.parts.all()) if result else []
    if not parts:
        framework = province_framework()
        if framework is not None:
            parts = [
                PublishedPart(
                    code=c.code, title=c.title, points=Decimal(0), max_points=c.max_points
                )
                for c in framework.criteria.filter(parent__isnull=True).order_by("order")
            ]
    rows = [(i, parts[i] if i < len(parts) else None) for i in range(max(len(parts), 4))]
    if request.method == "POST" and request.POST.get("action") == "delete" and result:
        result.delete()
        messages.success(request, f"Đã xóa kết quả công bố năm {year}.")
        return redirect("par_history")
    part_errors: list[str] = []
    new_parts = []
    if request.method == "POST":
        for i in range(PART_FIELDS):
            code = request.POST.get(f"part-{i}-code", "").strip()
            title = request.POST.get(f"part-{i}-title", "").strip()
            points = request.POST.get(f"part-{i}-points", "").strip()
            max_points = request.POST.get(f"part-{i}-max", "").strip()
            if not (code or title or points or max_points):
                continue
            try:
                new_parts.append(
                    (code or str(i + 1), title or code, to_decimal(points), to_decimal(max_points))
                )
            except ScoringError:
                part_errors.append(f"Phần {i + 1}: điểm và điểm tối đa phải là số.")
        if form.is_valid() and not part_errors:
            saved = form.save()
            saved.parts.all().delete()
            for order, (part_code, part_title, part_points, part_max) in enumerate(new_parts, 1):
                PublishedPart.objects.create(
                    result=saved,
                    order=order,
                    code=part_code,
                    title=part_title,
                    points=part_points,
                    max_points=part_max,
                )
            messages.success(request, f"Đã lưu kết quả công bố năm {saved.year}.")
            return redirect("par_history")
    return render(
        request,
        "par/published_form.html",
        {
            "form": form,
            "result": result,
            "rows": rows,
            "part_errors": part_errors,
            "extra": range(len(rows), PART_FIELDS),
        },
    )
