"""Years, plans (tree, targets, lead units, deadlines), assignments and reporting periods."""

from collections import defaultdict

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from parsipas.api.models import Scope
from parsipas.api.problems import not_found
from parsipas.api.schemas import AssignmentList, PeriodList, PlanOut, YearList
from parsipas.api.views.common import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    call,
    decode_cursor,
    local,
    page,
    respond,
)
from parsipas.plans.models import Assignment, Plan
from parsipas.reporting.models import ReportingPeriod

# The plan and its periods are every role's to read: the read scope (asked of `policy` by
# `call`) is all these endpoints need.
router = Router(tags=["Kế hoạch và kỳ báo cáo"])


def period_dict(p: ReportingPeriod) -> dict[str, object]:
    return {
        "year": p.year,
        "code": p.code,
        "name": p.name,
        "label": p.label,
        "start": p.start,
        "end": p.end,
        "due_date": p.due_date,
        "lead_due_date": p.lead_due_date,
        "state": p.state,
    }


def _plan(year: int) -> Plan:
    plan = Plan.objects.filter(year=year, status=Plan.Status.PUBLISHED).first()
    if plan is None:
        raise not_found(f"Chưa có kế hoạch đã ban hành cho năm {year}.", field="year")
    return plan


@router.get("/years", response=YearList, summary="Các năm có kế hoạch đã ban hành")
@call(Scope.READ)
def list_years(request: HttpRequest) -> HttpResponse:
    periods = defaultdict(list)
    for p in ReportingPeriod.objects.order_by("year", "start"):
        periods[p.year].append(period_dict(p))
    items = [
        {
            "year": plan.year,
            "plan_title": plan.title,
            "plan_status": plan.status,
            "published_at": local(plan.published_at),
            "periods": periods.get(plan.year, []),
        }
        for plan in Plan.objects.filter(status=Plan.Status.PUBLISHED).order_by("year")
    ]
    return respond(request, YearList, {"items": items})


@router.get("/plans/{year}", response=PlanOut, summary="Cây kế hoạch của một năm")
@call(Scope.READ)
def plan_tree(request: HttpRequest, year: int) -> HttpResponse:
    """Chỉ số → lĩnh vực → tiêu chí, với chỉ tiêu, cơ quan chủ trì, thời hạn và số đơn vị được giao."""
    plan = _plan(year)
    nodes = list(
        plan.nodes.select_related("parent")
        .prefetch_related("targets", "lead_units")
        .annotate(units_assigned=Count("assignments"))
        .order_by("order", "pk")
    )
    data = {
        "year": plan.year,
        "title": plan.title,
        "status": plan.status,
        "published_at": local(plan.published_at),
        "nodes": [
            {
                "id": n.pk,
                "index": n.index,
                "code": n.code,
                "level": n.level,
                "parent": n.parent.code if n.parent else None,
                "title": n.title,
                "content": n.content,
                "lead_units": sorted(u.code for u in n.lead_units.all()),
                "deadline": n.deadline,
                "deadline_text": n.deadline_text,
                "deadline_by_authority": n.deadline_by_authority,
                "targets": [
                    {
                        "id": t.pk,
                        "text": t.text,
                        "op": t.op,
                        "value": t.value,
                        "value_max": t.value_max,
                        "unit": t.unit,
                        "aggregation": t.aggregation,
                    }
                    for t in n.targets.all()
                ],
                "units_assigned": n.units_assigned,
            }
            for n in nodes
        ],
    }
    return respond(request, PlanOut, data)


@router.get("/plans/{year}/assignments", response=AssignmentList, summary="Phân công của kế hoạch")
@call(Scope.READ)
def list_assignments(
    request: HttpRequest,
    year: int,
    unit: str | None = Query(None, max_length=60, description="Mã đơn vị (mặc định: mọi đơn vị)"),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> HttpResponse:
    plan = _plan(year)
    rows = Assignment.objects.filter(node__plan=plan, pk__gt=decode_cursor(cursor))
    if unit:
        rows = rows.filter(unit__code=unit)
    found = list(rows.select_related("node", "unit").order_by("pk")[: limit + 1])
    items, next_cursor = page(found, limit, lambda a: a.pk)
    data = {
        "items": [
            {
                "id": a.pk,
                "criterion": a.node.code,
                "index": a.node.index,
                "unit": a.unit.code,
                "deadline": a.node.deadline,
            }
            for a in items
        ],
        "next_cursor": next_cursor,
    }
    return respond(request, AssignmentList, data)


@router.get("/periods", response=PeriodList, summary="Kỳ báo cáo")
@call(Scope.READ)
def list_periods(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> HttpResponse:
    rows = ReportingPeriod.objects.filter(pk__gt=decode_cursor(cursor)).order_by("pk")
    if year is not None:
        rows = rows.filter(year=year)
    items, next_cursor = page(list(rows[: limit + 1]), limit, lambda p: p.pk)
    return respond(
        request,
        PeriodList,
        {"items": [period_dict(p) for p in items], "next_cursor": next_cursor},
    )
