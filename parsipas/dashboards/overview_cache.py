"""The province dashboard's figures, cached in the shared cache.

Building them reads every report of the period (seconds on a province's data, more under load),
and every province reader opens the same page. They are cached for a short time under the
reporting workflow's version number: any save, submission, review or evidence change bumps it
(on commit), so the page is never staler than the last report change, and at most TTL seconds
stale for what changes elsewhere (the date, a province figure, the plan).
"""

from __future__ import annotations

from django.core.cache import cache

from parsipas.dashboards import overview
from parsipas.plans.models import Plan
from parsipas.reporting.models import ReportingPeriod
from parsipas.reporting.workflow import reports_version

TTL_SECONDS = 60


def province(
    plan: Plan, period: ReportingPeriod
) -> tuple[overview.Overview, list[overview.PeriodPoint]]:
    """(overview.build(plan, period), overview.period_series(plan)), from the cache if fresh."""
    key = f"dash:province:{plan.pk}:{period.pk}:{reports_version()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    value = (overview.build(plan, period), overview.period_series(plan))
    cache.set(key, value, TTL_SECONDS)
    return value
