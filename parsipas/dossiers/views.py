from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.dossiers import figures, scores
from parsipas.dossiers.indicators import Counts, Period, timeliness, total
from parsipas.dossiers.loader import import_dossiers
from parsipas.dossiers.models import DossierImport, PortalImport
from parsipas.dossiers.q766 import GROUPS, KNOWN_GROUPS
from parsipas.dossiers.stats import (
    FILTER_LABELS,
    as_pure,
    counts_by_unit,
    counts_by_unit_month,
    dossiers_in,
)
from parsipas.imports import jobs
from parsipas.lib.tabular import ImportRefused
from parsipas.units.models import Unit

MAX_UPLOAD_BYTES = 500 * 1024 * 1024
PERIOD_CHOICES = [(k, v) for k, v in figures.PERIOD_LABELS.items()]


# --- periods ---------------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[str, Period, dict[str, str]]:
    """The period asked for: ?nam=2026&ky=Q1 (or ky=2026-03), or ?tu=…&den=… (from a report)."""
    start, end = request.GET.get("tu", ""), request.GET.get("den", "")
    if start and end:
        try:
            period = Period(date.fromisoformat(start), date.fromisoformat(end))
            label = f"Từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"
            return label, period, {"tu": start, "den": end}
        except ValueError:
            messages.error(request, "Khoảng thời gian không hợp lệ: hiển thị cả năm.")
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
        code = request.GET.get("ky") or "Y"
        label, period = figures.parse_period(year, code)
    except ValueError as exc:
        messages.error(request, str(exc))
        year, code = timezone.localdate().year, "Y"
        label, period = figures.parse_period(year, code)
    return label, period, {"nam": str(year), "ky": code}


def _context(request: HttpRequest) -> dict[str, Any]:
    label, period, query = _period(request)
    return {
        "period_label": label,
        "period": period,
        "query": urlencode(query),
        "year": query.get("nam", str(period.end.year)),
        "ky": query.get("ky", ""),
        "period_choices": PERIOD_CHOICES,
        "months": [f"{period.end.year}-{m:02d}" for m in range(1, 13)],
    }


# --- figures ---------------------------------------------------------------------------------


@policy.login_required
def dossier_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can_view_province_dossiers(user):
        unit = getattr(user, "unit", None)
        policy.require(unit is not None and policy.can_view_dossiers_of(user, unit))
        return redirect(f"{_unit_url(unit)}?{request.GET.urlencode()}")
    context = _context(request)
    period = context["period"]
    targets = figures.plan_targets(figures.published_plan(period.end.year))
    units = Unit.objects.active().order_by("kind", "name")
    kind = request.GET.get("loai", "")
    levels, rows = figures.table(period, units, targets, roll_ups=True)
    if kind == "agency":
        rows = [r for r in rows if r.unit and not r.unit.is_commune]
    elif kind == "commune":
        rows = [r for r in rows if r.unit and r.unit.is_commune]
    context.update(
        levels=levels, rows=rows, indicators=figures.INDICATORS, targets=targets, kind=kind,
        plan=figures.published_plan(period.end.year),
        can_import=policy.can_import_dossiers(user),
    )  # fmt: skip
    return render(request, "dossiers/home.html", context)


def _unit_url(unit: Unit) -> str:
    from django.urls import reverse

    return reverse("dossier_unit", args=[unit.code])


def _visible_unit(request: HttpRequest, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    if not policy.can_view_dossiers_of(request.user, unit):
        # Another unit's figures: as if it did not exist.
        from django.http import Http404

        raise Http404("Không tìm thấy đơn vị.")
    return unit


@policy.login_required
def dossier_unit(request: HttpRequest, code: str) -> HttpResponse:
    unit = _visible_unit(request, code)
    context = _context(request)
    period: Period = context["period"]
    plan = figures.published_plan(period.end.year)
    targets = figures.plan_targets(plan)
    counts = counts_by_unit(period, [unit.pk]).get(unit.pk, Counts(period))
    by_month = counts_by_unit_month(period.end.year, [unit.pk])
    months = []
    for month in range(1, 13):
        month_counts = by_month.get((unit.pk, month))
        if month_counts is not None:
            months.append(
                (
                    f"{period.end.year}-{month:02d}",
                    month,
                    figures.figures(month_counts, targets),
                    month_counts,
                )
            )
    context.update(
        unit=unit, counts=counts, figures=figures.figures(counts, targets), plan=plan,
        months=months, filters=FILTER_LABELS,
        can_province=policy.can_view_province_dossiers(request.user),
    )  # fmt: skip
    return render(request, "dossiers/unit.html", context)


@policy.login_required
def dossier_list(request: HttpRequest, code: str) -> HttpResponse:
    unit = _visible_unit(request, code)
    context = _context(request)
    period: Period = context["period"]
    chosen = request.GET.get("loc", "all")
    if chosen not in FILTER_LABELS:
        chosen = "all"
    dossiers = dossiers_in(period, chosen).filter(unit=unit).select_related("unit", "batch")
    page = Paginator(dossiers.order_by("received", "code"), 50).get_page(request.GET.get("page"))
    items = [(d, timeliness(as_pure(d), period)) for d in page]
    context.update(unit=unit, page=page, items=items, chosen=chosen, filters=FILTER_LABELS)
    return render(request, "dossiers/list.html", context)


# --- 766 -------------------------------------------------------------------------------------


@policy.login_required
def q766_home(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_province_dossiers(request.user):
        unit = getattr(request.user, "unit", None)
        policy.require(unit is not None)
        from django.urls import reverse

        return redirect(f"{reverse('q766_unit', args=[unit.code])}?{request.GET.urlencode()}")
    context = _context(request)
    period: Period = context["period"]
    province_counts = total(counts_by_unit(period, histogram=False).values(), period)
    portal = scores.portal_rows(period)
    parents = [p for p in portal if p.level == "PARENT"]
    card = scores.scorecard(province_counts, parents)
    by_department: dict[str, dict[str, Any]] = {}
    for row in portal:
        if row.level == "PARENT":
            continue
        entry = by_department.setdefault(
            row.department_code,
            {
                "code": row.department_code,
                "name": row.department_name,
                "unit": row.unit,
                "groups": {},
            },
        )
        entry["groups"][row.group] = scores.scorecard(None, [row]).groups
    units = []
    for entry in by_department.values():
        results = {}
        for group_results in entry["groups"].values():
            for result in group_results:
                if result.score is not None:
                    results[result.group] = result
        entry["results"] = [results.get(g) for g in KNOWN_GROUPS]
        units.append(entry)
    target = figures.score_766_target(figures.published_plan(period.end.year))
    context.update(
        card=card, units=units, known_groups=[GROUPS[g] for g in KNOWN_GROUPS], target=target,
        title="Toàn tỉnh",
    )  # fmt: skip
    return render(request, "dossiers/q766.html", context)


@policy.login_required
def q766_unit(request: HttpRequest, code: str) -> HttpResponse:
    unit = _visible_unit(request, code)
    context = _context(request)
    period: Period = context["period"]
    counts = counts_by_unit(period, [unit.pk], histogram=False).get(unit.pk, Counts(period))
    card = scores.scorecard(counts, scores.portal_rows(period, unit))
    target = figures.score_766_target(figures.published_plan(period.end.year))
    context.update(card=card, unit=unit, units=[], target=target, title=unit.name)
    return render(request, "dossiers/q766.html", context)


# --- imports ---------------------------------------------------------------------------------


class DossierImportForm(forms.Form):
    file = forms.FileField(label="Tệp xuất từ hệ thống một cửa (CSV UTF-8 hoặc Excel .xlsx)")


class PortalImportForm(forms.Form):
    file = forms.FileField(label="Tệp CSV số liệu của Cổng DVCQG")
    group = forms.ChoiceField(
        label="Nhóm chỉ tiêu", choices=[(g, GROUPS[g].label_vi) for g in KNOWN_GROUPS]
    )
    year = forms.IntegerField(label="Năm", min_value=2020, max_value=2100)
    period = forms.ChoiceField(label="Kỳ", choices=PERIOD_CHOICES, initial="Y")


@policy.admin_required
def dossier_import(request: HttpRequest) -> HttpResponse:
    form = DossierImportForm(request.POST or None, request.FILES or None)
    portal_form = PortalImportForm(initial={"year": timezone.localdate().year, "period": "Y"})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            errors = [
                f"Tệp '{upload.name}' quá lớn (tối đa 500 MB): hãy dùng lệnh 'parsipas dossiers import'."
            ]
        elif jobs.goes_to_background(upload):
            # A big file would outlast the web worker's timeout: the worker imports it.
            job = jobs.enqueue("dossiers", upload, request.user)
            return redirect("import_job", pk=job.pk)
        else:
            try:
                result = import_dossiers(upload.file, upload.name, user=request.user)
            except ImportRefused as refused:
                errors = refused.errors
        if not errors:
            messages.success(
                request,
                f"Đã nhập {result.rows} dòng: {result.created} hồ sơ mới, {result.updated} hồ sơ cập nhật.",
            )
            return redirect("dossier_import")
    return render(
        request,
        "dossiers/import.html",
        {"form": form, "portal_form": portal_form, "errors": errors,
         "imports": DossierImport.objects.all()[:20], "portal_imports": PortalImport.objects.all()[:20]},
        status=400 if errors or (request.method == "POST" and not form.is_valid()) else 200,
    )  # fmt: skip


@policy.admin_required
def portal_import(request: HttpRequest) -> HttpResponse:
    form = PortalImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, period = figures.parse_period(data["year"], data["period"])
            source = scores.import_portal_csv(
                data["file"].file, data["file"].name, data["group"], period, user=request.user
            )
        except (ValueError, scores.PortalImportError) as exc:
            errors = [str(exc)]
        else:
            messages.success(request, f"Đã lưu số liệu 766 của {source.rows} đơn vị.")
            return redirect("dossier_import")
    elif request.method == "POST":
        errors = [f"{form.fields[name].label}: {' '.join(e)}" for name, e in form.errors.items()]
    return render(
        request,
        "dossiers/import.html",
        {"form": DossierImportForm(), "portal_form": form, "errors": errors,
         "imports": DossierImport.objects.all()[:20], "portal_imports": PortalImport.objects.all()[:20]},
        status=400 if errors else 200,
    )  # fmt: skip
