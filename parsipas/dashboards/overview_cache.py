"""The province dashboard's figures, cached in the shared cache.

Building them reads every report of the period (seconds on a province's data, more under load),
and every province reader opens the same page. They are kept under the reporting workflow's
version number: any save, submission, review or evidence change bumps it (on commit).

On a working day units save a report every few seconds, so rebuilding on every change would
rebuild on nearly every view, and under load every reader would rebuild at once (the load test
saw one-minute answers). Hence three rules:

- a value built for the current version is served for `TTL_SECONDS` (what changes elsewhere —
  the date, a province figure, the plan — shows within that time);
- a value younger than `FRESH_SECONDS` is served even after a report change, so the page is at
  most that much behind the reports;
- once it is older, one reader rebuilds it while the others get the previous figures
  (`lib/rebuild.once`), never a pile of identical rebuilds.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from parsipas.dashboards import overview
from parsipas.lib import rebuild
from parsipas.plans.models import Plan
from parsipas.reporting.models import ReportingPeriod
from parsipas.reporting.workflow import reports_version

TTL_SECONDS = 60
FRESH_SECONDS = 15
KEEP_SECONDS = 3600  # the previous figures stay available this long as the fallback

Figures = tuple[overview.Overview, list[overview.PeriodPoint]]


def province(plan: Plan, period: ReportingPeriod) -> Figures:
    """(overview.build(plan, period), overview.period_series(plan)), from the cache if fresh."""
    key = f"dash:province:{plan.pk}:{period.pk}"
    version, now = reports_version(), time.time()
    entry = cache.get(key)
    previous: Figures | None = None
    if entry is not None:
        built_version, built_at, previous = entry
        age = now - built_at
        if (built_version == version and age < TTL_SECONDS) or age < FRESH_SECONDS:
            return previous

    def build() -> Figures:
        value = (overview.build(plan, period), overview.period_series(plan))
        cache.set(key, (version, now, value), KEEP_SECONDS)
        return value

    return rebuild.once(key, previous, build)
