"""The leads' review queue and the roll-ups of a period."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.models import Role
from parsipas.plans.models import Target
from parsipas.reporting import rollups
from parsipas.reporting.forms import ProvinceFigureForm
from parsipas.reporting.models import Evidence, ProvinceFigure, ReportingPeriod
from parsipas.reporting.queries import led_node_ids, plan_for, review_reports
from parsipas.reporting.views.common import get_period, period_choices

STEPS = {
    "submitted": "Chờ duyệt",
    "returned": "Đã trả lại",
    "accepted": "Đã chấp nhận",
    "all": "Tất cả báo cáo đã gửi",
}


def _period_from_query(request: HttpRequest) -> ReportingPeriod | None:
    value = request.GET.get("ky", "")
    if "-" in value:
        year, _, code = value.partition("-")
        if year.isdigit():
            return get_period(int(year), code)
    return ReportingPeriod.current()


@policy.role_required(Role.LEAD, Role.ADMIN)
def review_queue(request: HttpRequest) -> HttpResponse:
    period = _period_from_query(request)
    plan = plan_for(period) if period else None
    step = request.GET.get("buoc", "submitted")
    step = step if step in STEPS else "submitted"
    context = {
        "period": period,
        "periods": period_choices(period),
        "plan": plan,
        "steps": STEPS,
        "step": step,
        "criterion": request.GET.get("tieu-chi", "").strip(),
        "lead_unit": request.user.unit if policy.led_unit_id(request.user) else None,
    }
    if period is None or plan is None:
        return render(request, "reporting/review_queue.html", context)
    reports = review_reports(request.user, period, plan)
    if step != "all":
        reports = reports.filter(workflow=step)
    if context["criterion"]:
        reports = reports.filter(assignment__node__code=context["criterion"])
    reports = reports.select_related("assignment__node", "assignment__unit").order_by(
        "submitted_at", "pk"
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    # Evidence counts for the shown page only: a GROUP BY over the whole period is what is slow.
    counts = dict(
        Evidence.objects.filter(report__in=[r.pk for r in page])
        .values("report_id")
        .annotate(n=Count("id"))
        .values_list("report_id", "n")
        .order_by()
    )
    for r in page:
        r.evidence_total = counts.get(r.pk, 0)
    nodes = led_node_ids(request.user, plan)
    criteria = rollups.criterion_rollup(plan, period)
    if nodes is not None:
        led = set(nodes)
        criteria = [c for c in criteria if c.node_id in led]
    context.update({"page": page, "criteria": criteria, "status_labels": rollups.STATUS_LABELS})
    return render(request, "reporting/review_queue.html", context)


@policy.login_required
def rollup_view(request: HttpRequest) -> HttpResponse:
    policy.require(
        policy.can_view_province(request.user),
        "Chỉ lãnh đạo, quản trị và cơ quan chủ trì xem được số liệu toàn tỉnh.",
    )
    period = _period_from_query(request)
    plan = plan_for(period, published_only=False) if period else None
    context: dict = {
        "period": period,
        "periods": period_choices(period),
        "plan": plan,
        "status_keys": rollups.STATUS_KEYS,
        "status_labels": rollups.STATUS_LABELS,
    }
    if period is None or plan is None:
        return render(request, "reporting/rollups.html", context)
    criteria = rollups.criterion_rollup(plan, period)
    units = rollups.unit_rollup(plan, period)
    nodes = led_node_ids(request.user, plan)
    view = request.GET.get("xem", "tieu-chi")
    context.update(
        {
            "criteria": criteria,
            "units": units,
            "province": rollups.province_rollup(plan, period, criteria=criteria, units=units),
            "fields": rollups.field_rollup(plan, period, criteria=criteria)
            if view == "linh-vuc"
            else [],
            "targets": rollups.target_figures(plan, period) if view == "chi-tieu" else [],
            "led": None if nodes is None else set(nodes),
            "can_enter": policy.has_role(request.user, Role.LEAD, Role.ADMIN),
            # a lead sees the units' figures on its criteria, not their whole desks
            "can_open_units": policy.can_view_all_reports(request.user),
            "view": view,
        }
    )
    return render(request, "reporting/rollups.html", context)


@require_POST
@policy.role_required(Role.LEAD, Role.ADMIN)
def province_figure(request: HttpRequest, year: int, code: str, target_id: int) -> HttpResponse:
    period = get_period(year, code)
    target = get_object_or_404(
        Target.objects.select_related("node"),
        pk=target_id,
        node__plan__year=year,
        aggregation=Target.Aggregation.PROVINCE,
    )
    policy.require(
        policy.can_enter_province_figure(request.user, target),
        "Chỉ cơ quan chủ trì tiêu chí này mới nhập số liệu toàn tỉnh.",
    )
    policy.require(period.state != ReportingPeriod.State.LOCKED, "Kỳ báo cáo đã khóa.")
    instance = ProvinceFigure.objects.filter(
        target=target, period=period
    ).first() or ProvinceFigure(target=target, period=period)
    form = ProvinceFigureForm(request.POST, instance=instance)
    if form.is_valid():
        figure = form.save(commit=False)
        figure.entered_by = request.user
        figure.save()
        messages.success(request, f"Đã lưu số liệu toàn tỉnh của tiêu chí {target.node.code}.")
    else:
        messages.error(
            request, "Chưa lưu: " + " ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect(f"{_rollups_url(period)}&xem=chi-tieu#t{target.pk}")


def _rollups_url(period: ReportingPeriod) -> str:
    from django.urls import reverse

    return reverse("rollups") + f"?ky={period.year}-{period.code}"
