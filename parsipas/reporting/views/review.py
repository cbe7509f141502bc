"""The leads' review queue and the roll-ups of a period."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.accounts.models import Role
from parsipas.lib.bounds import query_period
from parsipas.plans.models import Assignment, Node, Target
from parsipas.reporting import compilation, computed, queries, reminders, rollups
from parsipas.reporting.forms import ProvinceFigureForm, ProvinceOverrideForm
from parsipas.reporting.models import Evidence, ProvinceFigure, Report, ReportingPeriod
from parsipas.reporting.queries import led_node_ids, plan_for, review_reports
from parsipas.reporting.views.common import get_period, period_choices
from parsipas.reporting.workflow import ReportError, review
from parsipas.units.models import Unit

STEPS = {
    "submitted": "Chờ duyệt",
    "returned": "Đã trả lại",
    "accepted": "Đã chấp nhận",
    "all": "Tất cả báo cáo đã gửi",
}


def _period_from_query(request: AuthenticatedHttpRequest) -> ReportingPeriod | None:
    asked = query_period(request)
    if asked:
        return get_period(*asked)
    return ReportingPeriod.current()


def queue_filters(data: Any) -> dict[str, str]:
    """The queue's filters as kept in addresses and carried to the report page and back."""
    return {
        "tieu-chi": data.get("tieu-chi", "").strip(),
        "don-vi": data.get("don-vi", "").strip(),
    }


@policy.role_required(Role.LEAD, Role.ADMIN)
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    period = _period_from_query(request)
    plan = plan_for(period) if period else None
    step = request.GET.get("buoc", "submitted")
    step = step if step in STEPS else "submitted"
    filters = queue_filters(request.GET)
    context: dict[str, Any] = {
        "period": period,
        "periods": period_choices(period),
        "plan": plan,
        "steps": STEPS,
        "step": step,
        "criterion": filters["tieu-chi"],
        "unit_code": filters["don-vi"],
        "from_queue": urlencode({"tu": "hang-cho", **filters}),
        "query": request.GET.urlencode(),
        "lead_unit": request.user.unit if policy.led_unit_id(request.user) else None,
    }
    if period is None or plan is None:
        return render(request, "reporting/review_queue.html", context)
    reports = review_reports(request.user, period, plan)
    if step != "all":
        reports = reports.filter(workflow=step)
    if filters["tieu-chi"]:
        reports = reports.filter(assignment__node__code=filters["tieu-chi"])
    if filters["don-vi"]:
        reports = reports.filter(assignment__unit__code=filters["don-vi"])
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
        row: Any = r  # the template's row: the report with two attributes for the list
        row.evidence_total = counts.get(r.pk, 0)
        # A lead never reviews its own unit's report: the row says who does.
        row.self_review_note = (
            policy.self_review_note(r)
            if policy.is_own_unit_report(request.user, r) and not policy.is_admin(request.user)
            else ""
        )
    nodes = led_node_ids(request.user, plan)
    criteria = rollups.criterion_rollup(plan, period)
    if nodes is not None:
        led = set(nodes)
        criteria = [c for c in criteria if c.node_id in led]
    node = _led_node(request, plan, filters["tieu-chi"]) if filters["tieu-chi"] else None
    missing = queries.units_not_sent(period, node) if node is not None else []
    today = timezone.localdate()
    nudged = reminders.nudged_today(period, node, today) if node is not None else set()
    context.update(
        {
            "page": page,
            "criteria": criteria,
            "criterion_choices": [(c.code, c.title) for c in criteria],
            "unit_choices": _queue_units(request.user, plan),
            "status_labels": rollups.STATUS_LABELS,
            "node": node,
            "missing": [(u, u.pk in nudged) for u in missing],
            "can_bulk": step == "submitted" and any(r.workflow == "submitted" for r in page),
        }
    )
    return render(request, "reporting/review_queue.html", context)


def _led_node(request: HttpRequest, plan: Any, code: str) -> Node | None:
    node = Node.objects.filter(plan=plan, code=code, level=Node.Level.CRITERION).first()
    if node is None or not policy.can_nudge_unit(request.user, node):
        return None
    return node


def _queue_units(user: Any, plan: Any) -> list[tuple[str, str]]:
    # A subquery, not a join: the join with DISTINCT sorted all 8,676 assignments of the plan.
    nodes = led_node_ids(user, plan)
    assignments = Assignment.objects.filter(node__plan=plan)
    if nodes is not None:
        assignments = assignments.filter(node__in=nodes)
    units = Unit.objects.filter(pk__in=assignments.values("unit_id"))
    return list(units.order_by("kind", "name").values_list("code", "name"))


def _queue_url(period: ReportingPeriod, data: Any) -> str:
    params = {"ky": f"{period.year}-{period.code}", **queue_filters(data)}
    if data.get("buoc"):
        params["buoc"] = data["buoc"]
    return reverse("review_queue") + "?" + urlencode({k: v for k, v in params.items() if v})


@require_POST
@policy.role_required(Role.LEAD, Role.ADMIN)
def review_bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Accept every selected report the user may review; name the ones that could not be."""
    period = _period_from_query(request)
    if period is None:
        raise Http404("Không có kỳ báo cáo.")
    ids = [int(pk) for pk in request.POST.getlist("chon") if pk.isdigit()]
    reports = Report.objects.filter(pk__in=ids, period=period).select_related(
        "period", "assignment__node", "assignment__unit"
    )
    accepted, skipped = 0, []
    for report in reports.order_by("submitted_at", "pk"):
        label = f"{report.assignment.node.code} · {report.assignment.unit.name}"
        if not policy.can_review_report(request.user, report):
            skipped.append(label)
            continue
        try:
            review(report, request.user, True, "")
            accepted += 1
        except ReportError as exc:
            skipped.append(f"{label} ({' '.join(exc.messages)})")
    if accepted:
        messages.success(request, f"Đã chấp nhận {accepted} báo cáo.")
    if skipped:
        messages.warning(request, "Không chấp nhận được: " + "; ".join(skipped))
    if not ids:
        messages.info(request, "Hãy đánh dấu các báo cáo cần chấp nhận.")
    return redirect(_queue_url(period, request.POST))


@require_POST
@policy.role_required(Role.LEAD, Role.ADMIN)
def nudge_unit(
    request: AuthenticatedHttpRequest, year: int, code: str, node_id: int, unit_code: str
) -> HttpResponse:
    """'Nhắc đơn vị': one message to the unit's officers about one criterion, once a day."""
    period = get_period(year, code)
    node = get_object_or_404(Node, pk=node_id, plan__year=year, level=Node.Level.CRITERION)
    policy.require(
        policy.can_nudge_unit(request.user, node),
        "Chỉ cơ quan chủ trì tiêu chí này mới nhắc được đơn vị.",
    )
    unit = get_object_or_404(Unit, code=unit_code, assignments__node=node)
    try:
        n = reminders.nudge(period, node, unit, request.user, timezone.localdate())
    except reminders.NudgeRefused as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(
            request, f"Đã nhắc {unit.name} ({n} cán bộ) về báo cáo tiêu chí {node.code}."
        )
    return redirect(_queue_url(period, {"tieu-chi": node.code, "buoc": "all"}))


@policy.login_required
def rollup_view(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def province_figure(
    request: AuthenticatedHttpRequest, year: int, code: str, target_id: int
) -> HttpResponse:
    period = get_period(year, code)
    target = get_object_or_404(
        Target.objects.select_related("node"), pk=target_id, node__plan__year=year
    )
    policy.require(
        policy.can_enter_province_figure(request.user, target),
        "Chỉ cơ quan chủ trì tiêu chí này mới nhập số liệu toàn tỉnh.",
    )
    policy.require(period.state != ReportingPeriod.State.LOCKED, "Kỳ báo cáo đã khóa.")
    item = computed.province_by_target(period, [target]).get(target.pk)
    if item is None and target.aggregation != Target.Aggregation.PROVINCE:
        raise Http404("Chỉ tiêu này không nhập số liệu toàn tỉnh.")
    instance = ProvinceFigure.objects.filter(
        target=target, period=period
    ).first() or ProvinceFigure(target=target, period=period)
    if item is not None:
        return _province_override(request, period, target, item, instance)
    form = ProvinceFigureForm(request.POST, instance=instance)
    if form.is_valid():
        figure = form.save(commit=False)
        figure.entered_by = request.user
        figure.save()
        messages.success(request, f"Đã lưu số liệu toàn tỉnh của tiêu chí {target.node.code}.")
    else:
        messages.error(
            request, "Chưa lưu: " + " ".join(str(e) for errs in form.errors.values() for e in errs)
        )
    return redirect(f"{_rollups_url(period)}&xem=chi-tieu#t{target.pk}")


def _rollups_url(period: ReportingPeriod) -> str:
    return reverse("rollups") + f"?ky={period.year}-{period.code}"


def _province_override(
    request: AuthenticatedHttpRequest,
    period: ReportingPeriod,
    target: Target,
    item: computed.Computed,
    instance: ProvinceFigure,
) -> HttpResponse:
    """A computed province figure replaced by the lead's number: only with a reason. An empty
    number (or the computed one) goes back to the computed figure."""
    form = ProvinceOverrideForm(request.POST)
    back = redirect(f"{_rollups_url(period)}&xem=chi-tieu#t{target.pk}")
    if not form.is_valid():
        messages.error(
            request, "Chưa lưu: " + " ".join(str(e) for errs in form.errors.values() for e in errs)
        )
        return back
    value, reason = form.cleaned_data["value"], form.cleaned_data["override_reason"].strip()
    if value is None or computed.same(value, item.value):
        if instance.pk:
            instance.delete()
        messages.success(
            request, f"Tiêu chí {target.node.code}: dùng số liệu tự động ({item.text})."
        )
        return back
    problem = computed.override_problem(target, item, value, reason)
    if problem:
        messages.error(request, problem)
        return back
    instance.value, instance.override_reason, instance.entered_by = value, reason, request.user
    instance.note = f"Nhập thay số liệu tự động {item.text} ({item.source})"[:500]
    instance.save()
    messages.success(
        request, f"Đã lưu số liệu toàn tỉnh nhập thay của tiêu chí {target.node.code}."
    )
    return back


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@policy.login_required
def criterion_compilation(
    request: AuthenticatedHttpRequest, year: int, code: str, node_id: int
) -> HttpResponse:
    """Every unit's results, difficulties and proposals on one criterion; ?tai=word exports it."""
    period = get_period(year, code)
    node = get_object_or_404(Node, pk=node_id, plan__year=year, level=Node.Level.CRITERION)
    policy.require(
        policy.can_compile_criterion(request.user, node),
        "Chỉ cơ quan chủ trì tiêu chí, quản trị và lãnh đạo xem được bản tổng hợp.",
    )
    c = compilation.compile_criterion(period, node)
    if request.GET.get("tai") == "word":
        lead = request.user.unit.name if request.user.unit_id and request.user.unit else "Sở Nội vụ"
        response = HttpResponse(compilation.to_docx(c, lead), content_type=DOCX)
        response["Content-Disposition"] = (
            f'attachment; filename="tong-hop-{year}-{code}-tieu-chi-{node.code}.docx"'
        )
        return response
    sections = [(f, h, c.with_text(f)) for f, h in compilation.SECTIONS]
    return render(request, "reporting/compilation.html", {"c": c, "sections": sections})
