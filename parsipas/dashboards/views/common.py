"""Choosing the period and the plan a dashboard shows (`?ky=2026-Q1`, else the current period)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from parsipas.lib.bounds import query_period
from parsipas.plans.models import Plan
from parsipas.reporting.models import ReportingPeriod
from parsipas.reporting.queries import plan_for


def period_and_plan(request: HttpRequest) -> tuple[ReportingPeriod | None, Plan | None]:
    period = None
    asked = query_period(request)
    if asked:
        period = ReportingPeriod.objects.filter(year=asked[0], code=asked[1]).first()
        if period is None:
            raise Http404("Không có kỳ báo cáo này.")
    period = period or ReportingPeriod.current()
    plan = plan_for(period) if period else None
    return period, plan


def period_options(period: ReportingPeriod | None) -> list[ReportingPeriod]:
    if period is None:
        return []
    return list(ReportingPeriod.objects.filter(year=period.year).order_by("start", "due_date"))
