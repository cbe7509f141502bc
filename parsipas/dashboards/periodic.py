"""The data behind the periodic CCHC report and its Excel appendix (no HTTP, no file format)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from parsipas.dashboards import overview, overview_cache
from parsipas.dashboards.models import PeriodNarrative, ReportSettings
from parsipas.plans.models import Plan
from parsipas.reporting.models import ReportingPeriod

# "Báo cáo kết quả thực hiện công tác CCHC {phrase} năm 2026"
PERIOD_PHRASES = {"Q1": "quý I", "Q2": "6 tháng đầu", "Q3": "9 tháng đầu", "Y": ""}


class NoReportData(Exception):
    pass


@dataclass
class PeriodicReport:
    plan: Plan
    period: ReportingPeriod
    data: overview.Overview
    series: list[overview.PeriodPoint]
    narrative: PeriodNarrative
    letterhead: ReportSettings
    province: str

    @property
    def title(self) -> str:
        phrase = PERIOD_PHRASES.get(self.period.code, self.period.name.lower())
        when = f"{phrase} năm {self.period.year}" if phrase else f"năm {self.period.year}"
        return f"Kết quả thực hiện công tác cải cách hành chính {when}"

    @property
    def period_phrase(self) -> str:
        phrase = PERIOD_PHRASES.get(self.period.code, "")
        return f"{phrase} năm {self.period.year}" if phrase else f"năm {self.period.year}"

    @property
    def filename_stem(self) -> str:
        return f"bao-cao-cchc-{self.period.year}-{self.period.code.lower()}"


def load(year: int, code: str, today: dt.date | None = None) -> PeriodicReport:
    period = ReportingPeriod.objects.filter(year=year, code=code).first()
    if period is None:
        raise NoReportData(f"Không có kỳ báo cáo {code} năm {year}.")
    plan = Plan.objects.filter(year=year, status=Plan.Status.PUBLISHED).first()
    if plan is None:
        raise NoReportData(f"Chưa có kế hoạch năm {year} đã ban hành.")
    narrative = PeriodNarrative.objects.filter(period=period).first() or PeriodNarrative(
        period=period
    )
    if today is None:  # today's figures: those of the province dashboard, cached the same way
        data, series = overview_cache.province(plan, period)
    else:
        data, series = overview.build(plan, period, today), overview.period_series(plan)
    return PeriodicReport(
        plan=plan,
        period=period,
        data=data,
        series=series,
        narrative=narrative,
        letterhead=ReportSettings.load(),
        province=settings.PROVINCE_NAME,
    )


def default_direction(report: PeriodicReport) -> str:
    """The opening paragraph written from the figures when the admin left I.1 empty."""
    t = report.data.total
    return (
        f"Thực hiện Kế hoạch cải cách hành chính năm {report.plan.year} của UBND tỉnh "
        f"{report.province}, trong kỳ báo cáo {report.period_phrase} (số liệu đến ngày "
        f"{report.period.end:%d/%m/%Y}), {report.data.total.assigned} nhiệm vụ được giao cho "
        f"{len(report.data.units)} cơ quan, đơn vị, địa phương theo {len(report.data.criteria)} "
        f"tiêu chí; {t.submitted} nhiệm vụ đã được báo cáo, trong đó {t.done} nhiệm vụ hoàn thành."
    )
