from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.dossiers import figures
from parsipas.dossiers.indicators import Counts, Period, timeliness
from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.models import (
    DossierImport,
    PortalImport,
    Procedure,
    ProcedureImport,
    SatisfactionRule,
)
from parsipas.dossiers.q766 import imports, scores
from parsipas.dossiers.q766.rules import GROUPS
from parsipas.dossiers.stats import (
    FILTER_LABELS,
    as_pure,
    counts_by_unit,
    counts_by_unit_month,
    dossiers_in,
)
from parsipas.imports import jobs
from parsipas.lib.bounds import parse_bounded_date, query_year
from parsipas.lib.tabular import ImportRefused
from parsipas.units.models import Unit

MAX_UPLOAD_BYTES = 500 * 1024 * 1024
PERIOD_CHOICES = [(k, v) for k, v in figures.PERIOD_LABELS.items()]


# --- periods ---------------------------------------------------------------------------------


RANGE = "khoang"  # the picker's value for the ?tu=…&den=… a report links to


def _period(request: HttpRequest) -> tuple[str, Period, dict[str, str]]:
    """The period asked for: ?nam=2026&ky=Q1 (or ky=2026-03), or ?tu=…&den=… (from a report;
    the picker sends them back with ky=khoang until another period is chosen)."""
    start, end = request.GET.get("tu", ""), request.GET.get("den", "")
    if start and end and request.GET.get("ky", RANGE) == RANGE:
        try:
            period = Period(parse_bounded_date(start), parse_bounded_date(end))
            label = f"Từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"
            return label, period, {"tu": start, "den": end}
        except ValueError:
            messages.error(request, "Khoảng thời gian không hợp lệ: hiển thị cả năm.")
    try:
        year = query_year(request)
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
        "ky": query.get("ky", RANGE if "tu" in query else ""),
        "range": query if "tu" in query else None,
        "period_choices": PERIOD_CHOICES,
        "months": [f"{period.end.year}-{m:02d}" for m in range(1, 13)],
    }


# --- figures ---------------------------------------------------------------------------------


@policy.login_required
def dossier_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can_view_province_dossiers(user):
        unit = user.unit
        policy.require(unit is not None and policy.can_view_dossiers_of(user, unit))
        assert unit is not None  # policy.require raised otherwise
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
def dossier_unit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = _visible_unit(request, code)
    context = _context(request)
    period: Period = context["period"]
    plan = figures.published_plan(period.end.year)
    targets = figures.plan_targets(plan)
    counts = counts_by_unit(period, [unit.pk]).get(unit.pk, Counts(period))
    by_month = counts_by_unit_month(period.end.year, [unit.pk])
    # Not `months`: that name is the period picker's list of "YYYY-MM" (_context), which a
    # table of tuples under the same name turned into Python objects in the month choice.
    month_rows = []
    for month in range(1, 13):
        month_counts = by_month.get((unit.pk, month))
        if month_counts is not None:
            month_rows.append(
                (
                    f"{period.end.year}-{month:02d}",
                    month,
                    figures.figures(month_counts, targets),
                    month_counts,
                )
            )
    context.update(
        unit=unit, counts=counts, figures=figures.figures(counts, targets), plan=plan,
        month_rows=month_rows, filters=FILTER_LABELS,
        can_province=policy.can_view_province_dossiers(request.user),
    )  # fmt: skip
    return render(request, "dossiers/unit.html", context)


@policy.login_required
def dossier_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
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
def q766_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policy.can_view_province_dossiers(request.user):
        unit = request.user.unit
        policy.require(unit is not None)
        assert unit is not None  # policy.require raised otherwise
        from django.urls import reverse

        return redirect(f"{reverse('q766_unit', args=[unit.code])}?{request.GET.urlencode()}")
    context = _context(request)
    period: Period = context["period"]
    target = figures.score_766_target_value(figures.published_plan(period.end.year))
    data = scores.period_data(period)
    context.update(
        card=scores.province_card(data, target), levels=scores.level_cards(data, target),
        units=scores.unit_cards(data, target), unmatched=scores.unmatched_portal_rows(data),
        groups=list(GROUPS.values()), target=target, title="Toàn tỉnh",
        can_import=policy.can_import_dossiers(request.user),
    )  # fmt: skip
    return render(request, "dossiers/q766.html", context)


@policy.login_required
def q766_unit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = _visible_unit(request, code)
    context = _context(request)
    period: Period = context["period"]
    target = figures.score_766_target_value(figures.published_plan(period.end.year))
    data = scores.period_data(period, [unit])
    context.update(
        card=scores.unit_card(data, unit, target), unit=unit, levels=[], units=[], unmatched=[],
        groups=list(GROUPS.values()), target=target, title=unit.name,
    )  # fmt: skip
    return render(request, "dossiers/q766.html", context)


# --- imports ---------------------------------------------------------------------------------


class DossierImportForm(forms.Form):
    file = forms.FileField(label="Tệp xuất từ hệ thống một cửa (CSV UTF-8 hoặc Excel .xlsx)")


class PortalImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp số liệu của Cổng DVCQG (JSON lưu từ Cổng, hoặc CSV)",
        help_text="Nhóm chỉ tiêu được nhận biết từ nội dung tệp.",
    )
    group = forms.ChoiceField(
        label="Nhóm chỉ tiêu (để kiểm tra)",
        choices=[("", "Tự nhận biết từ tệp"), *((g, r.label_vi) for g, r in GROUPS.items())],
        required=False,
    )
    year = forms.IntegerField(label="Năm", min_value=2020, max_value=2100)
    period = forms.ChoiceField(label="Kỳ", choices=PERIOD_CHOICES, initial="Y")


class CatalogueForm(forms.Form):
    file = forms.FileField(
        label="Danh mục TTHC (CSV UTF-8 hoặc Excel .xlsx)",
        help_text="Cột: Mã TTHC, Tên TTHC, Cấp thực hiện, Lĩnh vực, Đơn vị giải quyết, "
        "Mức độ trực tuyến, Có phí.",
    )


class SatisfactionRuleForm(forms.ModelForm):
    class Meta:
        model = SatisfactionRule
        fields = ["min_rating", "unrated_satisfied"]


def _import_page(
    request: HttpRequest,
    form: forms.Form,
    portal_form: forms.Form,
    catalogue_form: forms.Form,
    errors: list[str],
    rule_form: forms.BaseForm | None = None,
) -> HttpResponse:
    rule = SatisfactionRule.objects.order_by("-updated_at").first()
    return render(
        request,
        "dossiers/import.html",
        {"form": form, "portal_form": portal_form, "catalogue_form": catalogue_form,
         "errors": errors, "imports": DossierImport.objects.all()[:20],
         "portal_imports": PortalImport.objects.all()[:20],
         "catalogue_imports": ProcedureImport.objects.all()[:5],
         "procedures": Procedure.objects.count(), "groups": GROUPS,
         "rule_form": rule_form or SatisfactionRuleForm(instance=rule), "rule": rule},
        status=400 if errors else 200,
    )  # fmt: skip


@policy.admin_required
def dossier_import(request: AuthenticatedHttpRequest) -> HttpResponse:
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
    if request.method == "POST" and not form.is_valid():
        errors = [" ".join(map(str, messages_)) for messages_ in form.errors.values()]
    return _import_page(request, form, portal_form, CatalogueForm(), errors)


@policy.admin_required
def portal_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PortalImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, period = figures.parse_period(data["year"], data["period"])
            source = imports.import_portal_file(
                data["file"].file, data["file"].name, period, data["group"] or None,
                user=request.user,
            )  # fmt: skip
        except imports.PortalImportError as exc:
            errors = exc.errors
        except ValueError as exc:
            errors = [str(exc)]
        else:
            label = GROUPS[source.group].label_vi
            messages.success(
                request, f"Đã lưu số liệu 766 nhóm “{label}” của {source.rows} đơn vị."
            )
            return redirect("dossier_import")
    elif request.method == "POST":
        errors = [
            f"{form.fields[name].label}: {' '.join(map(str, e))}" for name, e in form.errors.items()
        ]
    return _import_page(request, DossierImportForm(), form, CatalogueForm(), errors)


@policy.admin_required
def catalogue_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CatalogueForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_catalogue(upload.file, upload.name, user=request.user)
        except imports.PortalImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                f"Đã nhập danh mục TTHC: {result.created} mới, {result.updated} cập nhật.",
            )
            return redirect("dossier_import")
    elif request.method == "POST":
        errors = [
            f"{form.fields[name].label}: {' '.join(map(str, e))}" for name, e in form.errors.items()
        ]
    portal_form = PortalImportForm(initial={"year": timezone.localdate().year, "period": "Y"})
    return _import_page(request, DossierImportForm(), portal_form, form, errors)


@policy.admin_required
def satisfaction_rule(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SatisfactionRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        imports.set_satisfaction_rule(
            form.cleaned_data["min_rating"], form.cleaned_data["unrated_satisfied"]
        )
        messages.success(request, "Đã lưu cách tính hồ sơ hài lòng cho Chỉ số 766.")
        return redirect("dossier_import")
    errors = [f"{form.fields[n].label}: {' '.join(map(str, e))}" for n, e in form.errors.items()]
    portal_form = PortalImportForm(initial={"year": timezone.localdate().year, "period": "Y"})
    return _import_page(request, DossierImportForm(), portal_form, CatalogueForm(), errors, form)
