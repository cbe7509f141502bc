"""Benchmark of the computed figures (not part of `make test`), on the database `make setup` made.

    make setup && .venv/bin/python bench/bench_registers.py

Read-only. Prints the median time (RUNS runs) of:
- the province's computed figures of a year (registers + dossiers: 20 000 demo dossiers);
- every unit's computed figures for a period (117 units, what `registers refresh` and the desk use);
- the province dashboard's data (`dashboards.overview.build`) with the computed figures and
  without them (sources unregistered), and the ratio: the price of computing instead of typing.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 15
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(work: Callable[[], object]) -> float:
    work()  # warm up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
    import django

    django.setup()
    from parsipas.dashboards import overview
    from parsipas.plans.models import Plan
    from parsipas.reporting import computed
    from parsipas.reporting.models import ReportingPeriod
    from parsipas.units.models import Unit

    plan = Plan.objects.filter(status=Plan.Status.PUBLISHED).order_by("-year").first()
    if plan is None:
        sys.exit("Chưa có kế hoạch đã ban hành: hãy chạy make setup trước.")
    period = ReportingPeriod.objects.get(year=plan.year, code="Y")
    window = computed.Window.of_period(period)
    units = list(Unit.objects.filter(active=True).values_list("pk", flat=True))
    print(f"Kế hoạch {plan.year}, kỳ {period.label}, {len(units)} đơn vị, {RUNS} lần đo (trung vị)")
    year = median_ms(lambda: computed.province_figures(computed.Window.of_year(plan.year)))
    print(f"  số liệu tự tính toàn tỉnh cả năm:        {year:8.1f} ms")
    per_unit = median_ms(lambda: computed.unit_figures(window, units))
    print(f"  số liệu tự tính của {len(units)} đơn vị (một kỳ):  {per_unit:8.1f} ms")
    with_sources = median_ms(lambda: overview.build(plan, period))
    saved = dict(computed._sources)
    computed._sources.clear()
    try:
        without = median_ms(lambda: overview.build(plan, period))
    finally:
        computed._sources.update(saved)
    print(f"  tổng quan toàn tỉnh, có số liệu tự tính: {with_sources:8.1f} ms")
    print(f"  tổng quan toàn tỉnh, không tự tính:      {without:8.1f} ms")
    print(f"  tỷ lệ có / không:                        {with_sources / without:8.2f}")


if __name__ == "__main__":
    main()
