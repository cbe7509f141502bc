from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from parsipas.accounts import policy
from parsipas.plans.models import Assignment, Plan
from parsipas.reporting.models import Report, ReportingPeriod
from parsipas.reporting.queries import plan_for
from parsipas.reporting.workflow import report_for
from parsipas.units.models import Unit


def get_period(year: int, code: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, year=year, code=code)


def get_plan(period: ReportingPeriod) -> Plan:
    plan = plan_for(period)
    if plan is None:
        raise Http404(f"Chưa có kế hoạch năm {period.year} được ban hành.")
    return plan


def viewable_report(request: HttpRequest, period: ReportingPeriod, assignment_id: int) -> Report:
    """The report of `assignment_id` for `period`, or 404 for anyone who may not read it."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("node", "node__parent", "unit"),
        pk=assignment_id,
        node__plan__year=period.year,
        node__plan__status=Plan.Status.PUBLISHED,
    )
    report = report_for(assignment, period)
    if not policy.can_view_report(request.user, report):
        raise Http404("Không tìm thấy báo cáo.")
    return report


def desk_unit(request: HttpRequest) -> Unit | None:
    """The unit whose desk is shown: ?don-vi=<code> for province-wide readers, else one's own."""
    code = request.GET.get("don-vi", "").strip()
    user: Any = request.user
    if code:
        unit = get_object_or_404(Unit, code=code)
        if not (policy.can_view_all_reports(user) or policy.can_act_for_unit(user, unit)):
            raise Http404("Không tìm thấy đơn vị.")
        return unit
    return user.unit if user.unit_id and policy.can_act_for_unit(user, user.unit) else None


def period_choices(selected: ReportingPeriod | None) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.order_by("-year", "due_date"))
