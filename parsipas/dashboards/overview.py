"""What the dashboards show, computed from the reporting roll-ups in a fixed number of queries.

Nothing here touches HTTP: the views, the Word/Excel reports and the public page all call these
functions, and the query-count test calls them with small and large registries alike.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from parsipas.dashboards import lights
from parsipas.lib import numbers
from parsipas.plans.models import Assignment, Node, Plan
from parsipas.reporting import due, statuses
from parsipas.reporting.models import Report, ReportingPeriod
from parsipas.reporting.rollups import (
    STATUS_KEYS,
    STATUS_LABELS,
    CriterionRollup,
    FieldRollup,
    Tally,
    TargetRollup,
    UnitRollup,
    assignment_grid,
    criterion_rollup,
    field_rollup,
    target_figures,
    unit_rollup,
)
from parsipas.units.models import COMMUNE_KINDS

STATUS_CHIPS = {key: f"chip-{tone}" for key, tone in statuses.TONES.items()}


@dataclass
class FieldLight:
    rollup: FieldRollup
    light: lights.Light


@dataclass
class RiskItem:
    """A criterion that needs the leaders' attention, with every reason why."""

    node_id: int
    index: str
    code: str
    title: str
    reasons: list[str]
    severity: int  # 0 = most urgent


@dataclass
class RankRow:
    rank: int
    unit: UnitRollup


@dataclass
class PeriodPoint:
    """The province (or one unit, or some criteria) in one period of the year."""

    period: ReportingPeriod
    assigned: int
    by_status: dict[str, int]
    late: int

    @property
    def completion(self) -> float | None:
        return round(100 * self.by_status["done"] / self.assigned, 1) if self.assigned else None


@dataclass
class HeatMap:
    criteria: list[CriterionRollup]
    rows: list[tuple[UnitRollup, list[tuple[CriterionRollup, str | None]]]]  # None: not assigned


@dataclass
class Overview:
    plan: Plan
    period: ReportingPeriod
    today: dt.date
    total: Tally
    total_light: lights.Light
    fields: list[FieldLight]  # PAR fields
    sipas: FieldLight | None  # all SIPAS components together
    sipas_components: list[FieldLight]
    criteria: list[CriterionRollup]
    units: list[UnitRollup]
    targets: list[TargetRollup]
    grid: dict[tuple[int, int], str]
    at_risk: list[RiskItem] = field(default_factory=list)
    criterion_lights: dict[int, lights.Light] = field(default_factory=dict)

    @property
    def past_due(self) -> bool:
        return self.period.is_past_due(self.today)

    @property
    def late_units(self) -> list[UnitRollup]:
        return sorted((u for u in self.units if u.late), key=lambda u: (-u.late, u.name))

    @property
    def flagged(self) -> int:
        return sum(1 for c in self.criteria if c.flagged)

    @property
    def targets_not_met(self) -> int:
        return sum(1 for t in self.targets if t.result == "not_met")


def build(plan: Plan, period: ReportingPeriod, today: dt.date | None = None) -> Overview:
    """Everything the province dashboard shows for one period. 14 queries, whatever the size."""
    today = today or timezone.localdate()
    criteria = criterion_rollup(plan, period, today)
    fields = field_rollup(plan, period, today, criteria=criteria)
    units = unit_rollup(plan, period, today)
    targets = target_figures(plan, period)
    grid = assignment_grid(plan, period)
    total = Tally()
    for c in criteria:
        total.add(c)

    good = {
        c.node_id: lights.good_of_criterion(c.done, c.by_status["in_progress"], c.deadline, today)
        for c in criteria
    }

    def group_light(tally: Tally, members: list[CriterionRollup]) -> lights.Light:
        return lights.light(
            tally.assigned,
            sum(good[c.node_id] for c in members),
            overdue=sum(1 for c in members if c.flagged),
            reported=tally.submitted,
        )

    by_field: dict[int | None, list[CriterionRollup]] = defaultdict(list)
    for c in criteria:
        by_field[c.field_id].append(c)
    par = [
        FieldLight(f, group_light(f, by_field[f.node_id]))
        for f in fields
        if f.index == Node.Index.PAR
    ]
    sipas_criteria = [c for c in criteria if c.index == Node.Index.SIPAS]
    sipas = None
    if sipas_criteria:
        combined = FieldRollup(index="SIPAS", code="SIPAS", title="Chỉ số SIPAS")
        for c in sipas_criteria:
            combined.add(c)
            combined.criteria += 1
            combined.flagged += int(c.flagged)
        sipas = FieldLight(combined, group_light(combined, sipas_criteria))
    overview = Overview(
        plan=plan,
        period=period,
        today=today,
        total=total,
        total_light=group_light(total, criteria),
        fields=par,
        sipas=sipas,
        sipas_components=[FieldLight(_as_field(c), group_light(c, [c])) for c in sipas_criteria],
        criteria=criteria,
        units=units,
        targets=targets,
        grid=grid,
    )
    overview.criterion_lights = {c.node_id: group_light(c, [c]) for c in criteria}
    overview.at_risk = at_risk(criteria, targets, today)
    return overview


def _as_field(c: CriterionRollup) -> FieldRollup:
    f = FieldRollup(node_id=c.node_id, index=c.index, code=c.code, title=c.title, criteria=1)
    f.add(c)
    f.flagged = int(c.flagged)
    return f


def at_risk(
    criteria: list[CriterionRollup], targets: list[TargetRollup], today: dt.date
) -> list[RiskItem]:
    """Criteria with targets not met, past or within 30 days of their deadline with units not
    done, or with late reports — most urgent first."""
    unmet: dict[int, list[TargetRollup]] = defaultdict(list)
    for t in targets:
        if t.result == "not_met":
            unmet[t.node_id].append(t)
    items = []
    for c in criteria:
        reasons: list[str] = []
        severity = 9
        open_units = c.assigned - c.done
        if c.deadline and open_units > 0:
            days = (c.deadline - today).days
            if due.is_overdue(days):
                reasons.append(
                    f"Đã quá hạn {c.deadline:%d/%m/%Y}: {open_units}/{c.assigned} đơn vị chưa hoàn thành"
                )
                severity = 0
            elif due.is_due_soon(days):
                reasons.append(
                    f"Còn {days} ngày (hạn {c.deadline:%d/%m/%Y}): {open_units}/{c.assigned} đơn vị chưa hoàn thành"
                )
                severity = min(severity, 2)
        for t in unmet.get(c.node_id, []):
            figure = numbers.number(t.figure)
            reasons.append(f"Chỉ tiêu chưa đạt: {_short(t.text)} (hiện đạt {figure}{_unit(t)})")
            severity = min(severity, 1)
        if c.late:
            reasons.append(f"{c.late} báo cáo gửi muộn hoặc quá hạn chưa gửi")
            severity = min(severity, 3)
        if reasons:
            items.append(RiskItem(c.node_id, c.index, c.code, c.title, reasons, severity))
    return sorted(items, key=lambda i: i.severity)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unit(t: TargetRollup) -> str:
    if t.aggregation == "share" and not t.computed:
        return "% đơn vị đạt"
    return f" {t.unit}".rstrip() if t.unit and t.unit != "%" else (t.unit or "")


def ranking(units: list[UnitRollup], communes: bool) -> list[RankRow]:
    """Units of one group (agencies, or communes and wards) by completion then timeliness;
    equal scores share a rank."""
    group = [u for u in units if (u.kind in COMMUNE_KINDS) == communes]
    group.sort(key=lambda u: (-(u.completion or 0), -(u.timeliness or 0), u.name))
    rows: list[RankRow] = []
    previous: tuple[float, float] | None = None
    for position, unit in enumerate(group, start=1):
        score = (unit.completion or 0, unit.timeliness or 0)
        rank = rows[-1].rank if rows and score == previous else position
        rows.append(RankRow(rank, unit))
        previous = score
    return rows


def heat_map(
    overview: Overview,
    kind: str = "",
    field_id: int | None = None,
    status: str = "",
    unit_ids: set[int] | None = None,
    node_ids: set[int] | None = None,
) -> HeatMap:
    """Units × criteria from the period's grid (already loaded: no query). kind: 'agencies' |
    'communes' | ''. status: keep only the units with at least one cell in that status."""
    criteria = [
        c
        for c in overview.criteria
        if (field_id is None or c.field_id == field_id)
        and (node_ids is None or c.node_id in node_ids)
        and c.assigned
    ]
    rows = []
    for unit in overview.units:
        if kind == "agencies" and unit.kind in COMMUNE_KINDS:
            continue
        if kind == "communes" and unit.kind not in COMMUNE_KINDS:
            continue
        if unit_ids is not None and unit.unit_id not in unit_ids:
            continue
        cells = [(c, overview.grid.get((c.node_id, unit.unit_id))) for c in criteria]
        if not any(s is not None for _, s in cells):
            continue
        if status and not any(s == status for _, s in cells):
            continue
        rows.append((unit, cells))
    return HeatMap(criteria, rows)


def period_series(
    plan: Plan, unit_id: int | None = None, node_ids: list[int] | None = None
) -> list[PeriodPoint]:
    """Statuses in every period of the plan's year (province, one unit, or some criteria).
    3 queries."""
    assignments = Assignment.objects.filter(node__plan=plan)
    reports = Report.objects.filter(period__year=plan.year, assignment__node__plan=plan).exclude(
        workflow=Report.Workflow.DRAFT
    )
    if unit_id is not None:
        assignments = assignments.filter(unit_id=unit_id)
        reports = reports.filter(assignment__unit_id=unit_id)
    if node_ids is not None:
        assignments = assignments.filter(node_id__in=node_ids)
        reports = reports.filter(assignment__node_id__in=node_ids)
    assigned = assignments.count()
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUS_KEYS, 0))
    late: dict[int, int] = defaultdict(int)
    for row in reports.values("period_id", "status", "late").annotate(n=Count("id")).order_by():
        counts[row["period_id"]][row["status"]] += row["n"]
        if row["late"]:
            late[row["period_id"]] += row["n"]
    points = []
    today = timezone.localdate()
    for period in ReportingPeriod.objects.filter(year=plan.year).order_by("start", "due_date"):
        by_status = dict(counts[period.pk])
        sent = sum(by_status.values())
        by_status["not_submitted"] = max(assigned - sent, 0)
        overdue = by_status["not_submitted"] if period.is_past_due(today) else 0
        points.append(PeriodPoint(period, assigned, by_status, late[period.pk] + overdue))
    return points


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", "Không giao")


def chart_fields(overview: Overview) -> dict[str, object]:
    """The data of the 'progress by field' chart (also drawn as a table next to it)."""
    rows = [*overview.fields, *([overview.sipas] if overview.sipas else [])]
    return {
        "labels": [
            f"{r.rollup.code}. {_short(r.rollup.title, 40)}" if r.rollup.index == "PAR" else "SIPAS"
            for r in rows
        ],
        "datasets": [
            {
                "key": key,
                "label": STATUS_LABELS[key],
                "colour": statuses.COLOURS[key],
                "data": [r.rollup.by_status[key] for r in rows],
            }
            for key in STATUS_KEYS
        ],
    }


def chart_periods(points: list[PeriodPoint]) -> dict[str, object]:
    return {
        "labels": [p.period.name for p in points],
        "datasets": [
            {
                "key": key,
                "label": STATUS_LABELS[key],
                "colour": statuses.COLOURS[key],
                "data": [p.by_status[key] for p in points],
            }
            for key in STATUS_KEYS
        ],
        "completion": [p.completion for p in points],
    }


def chart_status(tally: Tally) -> dict[str, object]:
    return {
        "labels": [STATUS_LABELS[k] for k in STATUS_KEYS],
        "keys": list(STATUS_KEYS),
        "colours": [statuses.COLOURS[k] for k in STATUS_KEYS],
        "data": [tally.by_status[k] for k in STATUS_KEYS],
    }
