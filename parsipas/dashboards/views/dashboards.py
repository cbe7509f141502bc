"""The province, lead and unit dashboards and the criterion page the at-risk list links to."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.dashboards import overview, overview_cache
from parsipas.dashboards.views.common import period_and_plan, period_options
from parsipas.plans.models import Assignment, Node
from parsipas.reporting import due, todo
from parsipas.reporting.models import Report, TargetFigure
from parsipas.reporting.rollups import STATUS_KEYS, STATUS_LABELS
from parsipas.units.models import Unit

KINDS = {"": "Tất cả đơn vị", "agencies": "Cơ quan cấp tỉnh", "communes": "Xã, phường"}


def _no_data(request: AuthenticatedHttpRequest, title: str) -> HttpResponse:
    return render(request, "dashboards/no_data.html", {"title": title})


def _common(period: Any, plan: Any) -> dict[str, Any]:
    return {
        "period": period,
        "plan": plan,
        "periods": period_options(period),
        "status_keys": STATUS_KEYS,
        "status_labels": STATUS_LABELS,
        "status_chips": overview.STATUS_CHIPS,
    }


@policy.province_reader_required
def province(request: AuthenticatedHttpRequest) -> HttpResponse:
    period, plan = period_and_plan(request)
    if period is None or plan is None:
        return _no_data(request, "Tổng quan toàn tỉnh")
    data, series = overview_cache.province(plan, period)
    kind = request.GET.get("loai", "")
    kind = kind if kind in KINDS else ""
    status = request.GET.get("tinh-trang", "")
    status = status if status in STATUS_KEYS else ""
    field_value = request.GET.get("linh-vuc", "")
    field_id = int(field_value) if field_value.isdigit() else None
    context = {
        **_common(period, plan),
        "data": data,
        "agencies": overview.ranking(data.units, communes=False),
        "communes": overview.ranking(data.units, communes=True),
        "heat": overview.heat_map(data, kind, field_id, status),
        "kinds": KINDS,
        "kind": kind,
        "status": status,
        "field_id": field_id,
        "series": series,
        "chart_fields": overview.chart_fields(data),
        "chart_periods": overview.chart_periods(series),
        "chart_status": overview.chart_status(data.total),
    }
    return render(request, "dashboards/province.html", context)


@policy.province_reader_required
def criterion(request: AuthenticatedHttpRequest, node_id: int) -> HttpResponse:
    period, plan = period_and_plan(request)
    if period is None or plan is None:
        return _no_data(request, "Tiêu chí")
    node = get_object_or_404(
        Node.objects.select_related("parent").prefetch_related("lead_units", "targets"),
        pk=node_id,
        plan=plan,
        level=Node.Level.CRITERION,
    )
    assignments = list(
        Assignment.objects.filter(node=node)
        .select_related("unit")
        .order_by("unit__kind", "unit__name")
    )
    reports = {
        r.assignment_id: r
        for r in Report.objects.filter(period=period, assignment__node=node).exclude(
            workflow=Report.Workflow.DRAFT
        )
    }
    figures: dict[int, list[TargetFigure]] = {}
    for f in TargetFigure.objects.filter(report__in=list(reports.values())).select_related(
        "target"
    ):
        figures.setdefault(f.report_id, []).append(f)
    rows = []
    for a in assignments:
        report = reports.get(a.pk)
        rows.append(
            {
                "unit": a.unit,
                "report": report,
                "status": report.status if report else "not_submitted",
                "figures": figures.get(report.pk, []) if report else [],
                "assignment": a,
            }
        )
    status = request.GET.get("tinh-trang", "")
    if status in STATUS_KEYS:
        rows = [r for r in rows if r["status"] == status]
    counts = dict.fromkeys(STATUS_KEYS, 0)
    for a in assignments:
        report = reports.get(a.pk)
        counts[report.status if report else "not_submitted"] += 1
    data, _ = overview_cache.province(plan, period)  # the province figures, shared and cached
    targets = [t for t in data.targets if t.node_id == node.pk]
    context = {
        **_common(period, plan),
        "node": node,
        "rows": rows,
        "counts": counts,
        "targets": targets,
        "status": status if status in STATUS_KEYS else "",
        "can_open_reports": policy.can_view_all_reports(request.user)
        or policy.leads_node(request.user, node),
    }
    return render(request, "dashboards/criterion.html", context)


@policy.login_required
def lead(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(
        policy.can_view_lead_dashboard(request.user), "Trang này dành cho cơ quan chủ trì."
    )
    period, plan = period_and_plan(request)
    if period is None or plan is None:
        return _no_data(request, "Tiêu chí đơn vị chủ trì")
    lead_unit: Unit | None
    if policy.has_role(request.user, "lead"):
        lead_unit = request.user.unit
    else:
        code = request.GET.get("don-vi", "")
        lead_unit = Unit.objects.filter(code=code).first() if code else None
    lead_units = list(
        Unit.objects.filter(led_nodes__plan=plan).distinct().order_by("name").only("code", "name")
    )
    if lead_unit is None:
        lead_unit = lead_units[0] if lead_units else None
    led_ids = (
        set(
            Node.objects.filter(
                plan=plan, level=Node.Level.CRITERION, lead_units=lead_unit
            ).values_list("pk", flat=True)
        )
        if lead_unit
        else set()
    )
    data, _ = overview_cache.province(plan, period)
    criteria = [c for c in data.criteria if c.node_id in led_ids]
    behind: dict[int, list[str]] = {}
    codes = {c.node_id: c.code for c in criteria}
    for (node_id, unit_id), status in data.grid.items():
        if node_id in led_ids and status != "done":
            behind.setdefault(unit_id, []).append(codes[node_id])
    rows: list[dict[str, Any]] = [
        {"unit": u, "criteria": sorted(behind[u.unit_id], key=_code_key)}
        for u in data.units
        if u.unit_id in behind
    ]
    units_behind = sorted(rows, key=lambda row: (-len(row["criteria"]), row["unit"].name))
    series = overview.period_series(plan, node_ids=sorted(led_ids))
    context = {
        **_common(period, plan),
        "data": data,
        "lead_unit": lead_unit,
        "lead_units": lead_units if not policy.has_role(request.user, "lead") else [],
        "criteria": criteria,
        "lights": data.criterion_lights,
        "units_behind": units_behind,
        "at_risk": [i for i in data.at_risk if i.node_id in led_ids],
        "chart_criteria": {
            "labels": [c.code for c in criteria],
            "datasets": [
                {"key": k, "label": STATUS_LABELS[k], "data": [c.by_status[k] for c in criteria]}
                for k in STATUS_KEYS
            ],
        },
        "chart_periods": overview.chart_periods(series),
        "series": series,
    }
    return render(request, "dashboards/lead.html", context)


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


@policy.login_required
def unit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    if code is None:
        target = request.user.unit
        if target is None:
            raise Http404("Tài khoản chưa gắn với đơn vị.")
    else:
        target = get_object_or_404(Unit, code=code)
    policy.require(
        policy.can_view_unit_dashboard(request.user, target),
        "Bạn chỉ xem được việc của đơn vị mình.",
    )
    period, plan = period_and_plan(request)
    if period is None or plan is None:
        return _no_data(request, f"Việc của {target.name}")
    # The province's roll-ups (this unit's rank among the others): the cached figures, at most
    # overview_cache.FRESH_SECONDS behind; the unit's own tasks below are read fresh.
    data, _ = overview_cache.province(plan, period)
    mine = next((u for u in data.units if u.unit_id == target.pk), None)
    group = overview.ranking(data.units, communes=target.is_commune)
    rank = next((r.rank for r in group if r.unit.unit_id == target.pk), None)
    assignments = list(
        Assignment.objects.filter(unit=target, node__plan=plan)
        .select_related("node")
        .order_by("node__order", "node_id")
    )
    reports = {
        r.assignment_id: r
        for r in Report.objects.filter(
            period=period, assignment__unit=target, assignment__node__plan=plan
        )
    }
    tasks: list[dict[str, Any]] = []
    for a in assignments:
        report = reports.get(a.pk)
        sent = report is not None and report.workflow != Report.Workflow.DRAFT
        tasks.append(
            {
                "assignment": a,
                "node": a.node,
                "report": report,
                "status": report.status if report is not None and sent else "not_submitted",
                "workflow": report.get_workflow_display() if report else "Chưa lập báo cáo",
                "returned": bool(report and report.workflow == Report.Workflow.RETURNED),
            }
        )
    upcoming = sorted(
        (
            t
            for t in tasks
            if t["status"] != "done"
            and t["node"].deadline
            and due.is_due_soon(due.days_left(t["node"].deadline, data.today))
        ),
        key=lambda t: (t["node"].deadline, t["node"].order),
    )[:10]
    series = overview.period_series(plan, unit_id=target.pk)
    open_count = todo.counts(t["report"].workflow if t["report"] else None for t in tasks)[
        todo.TODO
    ]
    context = {
        **_common(period, plan),
        "data": data,
        "target": target,
        "mine": mine,
        "rank": rank,
        "rank_of": len(group),
        "group_label": "xã, phường" if target.is_commune else "cơ quan cấp tỉnh",
        "tasks": tasks,
        "returned": [t for t in tasks if t["returned"]],
        "open_count": open_count,
        "upcoming": upcoming,
        "days_left": period.days_left(data.today),
        "due_tone": due.tone(period.days_left(data.today), outstanding=bool(open_count)),
        "chart_status": overview.chart_status(mine) if mine else None,
        "chart_periods": overview.chart_periods(series),
        "series": series,
        "is_own": policy.can_act_for_unit(request.user, target),
    }
    return render(request, "dashboards/unit.html", context)
