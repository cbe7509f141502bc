"""Roll-ups of a period's reports: per criterion, per unit, per field, for the province, per target.

Every function runs a constant number of SQL queries whatever the size of the plan (counts are
aggregated in SQL, grouped in Python) and returns plain dataclasses, so dashboards, the PAR
scoring and the commands can use them without touching the ORM.

Definitions (the same everywhere in parsipas):
- an assignment is **not_submitted** in a period when it has no report for that period, or its
  report is still a draft (never sent, or withdrawn by the unit before review). Otherwise it counts
  under the status the unit reported: not_started, in_progress, done, not_done — whatever the
  review step (submitted, returned or accepted);
- an assignment is **late** when its report was first sent after the period's due date (or while
  the period was closed), or when it is still not_submitted and the due date has passed;
- a criterion is **flagged** when its deadline has passed and at least one of its units has not
  reported it done in the period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.reporting import statuses
from parsipas.reporting.models import ProvinceFigure, Report, ReportingPeriod, TargetFigure
from parsipas.reporting.targets import MET, NOT_MET, UNKNOWN, evaluate

STATUS_KEYS = statuses.KEYS
STATUS_LABELS = statuses.LABELS
WORKFLOW_KEYS = ("submitted", "returned", "accepted")
FIGURE_WORKFLOWS = (Report.Workflow.SUBMITTED, Report.Workflow.ACCEPTED)


def _zero_status() -> dict[str, int]:
    return dict.fromkeys(STATUS_KEYS, 0)


def _zero_workflow() -> dict[str, int]:
    return dict.fromkeys(WORKFLOW_KEYS, 0)


@dataclass
class Tally:
    """Counts of assignments in one period.

    by_status: STATUS_KEYS -> count (sums to `assigned`); by_workflow: how many sent reports are
    waiting for review (submitted), returned or accepted; late: see the module docstring;
    on_time: reports first sent by the due date.
    """

    assigned: int = 0
    by_status: dict[str, int] = field(default_factory=_zero_status)
    by_workflow: dict[str, int] = field(default_factory=_zero_workflow)
    late: int = 0
    on_time: int = 0

    @property
    def submitted(self) -> int:
        return self.assigned - self.by_status["not_submitted"]

    @property
    def done(self) -> int:
        return self.by_status["done"]

    @property
    def completion(self) -> float | None:
        """Percentage of assignments reported done (None when nothing is assigned)."""
        return round(100 * self.done / self.assigned, 1) if self.assigned else None

    @property
    def timeliness(self) -> float | None:
        """Percentage of on-time reports among those that are due or sent (None if none yet)."""
        base = self.on_time + self.late
        return round(100 * self.on_time / base, 1) if base else None

    def add(self, other: Tally) -> None:
        self.assigned += other.assigned
        self.late += other.late
        self.on_time += other.on_time
        for k in STATUS_KEYS:
            self.by_status[k] += other.by_status[k]
        for k in WORKFLOW_KEYS:
            self.by_workflow[k] += other.by_workflow[k]


@dataclass
class CriterionRollup(Tally):
    """One criterion: Tally + node_id, index ('PAR'/'SIPAS'), code ('1.2'), title, field_id,
    deadline (date|None), lead_units (unit codes), flagged (deadline passed, units not done)."""

    node_id: int = 0
    index: str = ""
    code: str = ""
    title: str = ""
    field_id: int | None = None
    deadline: dt.date | None = None
    lead_units: list[str] = field(default_factory=list)
    flagged: bool = False


@dataclass
class UnitRollup(Tally):
    """One implementing unit: Tally + unit_id, code, name, kind. `completion` and `timeliness`
    are the unit's percentages."""

    unit_id: int = 0
    code: str = ""
    name: str = ""
    kind: str = ""


@dataclass
class FieldRollup(Tally):
    """One field (lĩnh vực) or SIPAS component: Tally summed over its criteria + node_id, index,
    code, title, criteria (count), flagged (count of flagged criteria)."""

    node_id: int = 0
    index: str = ""
    code: str = ""
    title: str = ""
    criteria: int = 0
    flagged: int = 0


@dataclass
class ProvinceRollup(Tally):
    """The whole province: Tally + criteria, flagged_criteria, units (with assignments),
    units_all_submitted, units_with_late."""

    criteria: int = 0
    flagged_criteria: int = 0
    units: int = 0
    units_all_submitted: int = 0
    units_with_late: int = 0


@dataclass
class TargetRollup:
    """The province-wide figure of one target in a period.

    aggregation 'share': figure = % of the criterion's assigned units whose own figure meets the
    target; result met when every assigned unit meets it, not met as soon as one unit's
    figure misses it, unknown while the figures in so far all meet it but some are missing. 'sum': figure = sum of the units'
    figures, compared with the target. 'province': the figure the lead entered, compared with the
    target. Only reports that are submitted or accepted count. result: 'met'|'not_met'|'unknown'.
    """

    target_id: int
    node_id: int
    node_code: str
    index: str
    text: str
    op: str
    value: Decimal | None
    value_max: Decimal | None
    unit: str
    aggregation: str
    figure: Decimal | None
    result: str
    units_assigned: int
    units_reported: int
    units_met: int
    entered_by: str = ""
    note: str = ""
    # computed by the system (reporting/computed.py): where from, and whether a person replaced it
    computed: bool = False
    computed_value: Decimal | None = None
    source: str = ""
    source_text: str = ""
    source_url: str = ""
    source_rows: int = 0
    overridden: bool = False
    override_reason: str = ""


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _tallies(plan: Plan, period: ReportingPeriod, key: str, today: dt.date) -> dict[int, Tally]:
    """Tally per node (key='node') or unit (key='unit'): two grouped queries."""
    column = f"{key}_id"
    tallies: dict[int, Tally] = defaultdict(Tally)
    for row in (
        Assignment.objects.filter(node__plan=plan).values(column).annotate(n=Count("id")).order_by()
    ):
        t = tallies[row[column]]
        t.assigned = row["n"]
        t.by_status["not_submitted"] = row["n"]
    past_due = period.is_past_due(today)
    rows = (
        Report.objects.filter(period=period)  # the period's year fixes the plan (one plan a year)
        .exclude(workflow=Report.Workflow.DRAFT)
        .values(f"assignment__{column}", "status", "workflow", "late")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        t = tallies[row[f"assignment__{column}"]]
        n = row["n"]
        t.by_status[row["status"]] += n
        t.by_status["not_submitted"] -= n
        t.by_workflow[row["workflow"]] += n
        if row["late"]:
            t.late += n
        else:
            t.on_time += n
    if past_due:
        for t in tallies.values():
            t.late += t.by_status["not_submitted"]
    return tallies


def _copy(tally: Tally | None, into: Tally) -> None:
    if tally is not None:
        into.add(tally)


def criterion_rollup(
    plan: Plan, period: ReportingPeriod, today: dt.date | None = None
) -> list[CriterionRollup]:
    """One CriterionRollup per criterion of the plan, in plan order. 4 queries."""
    today = _today(today)
    tallies = _tallies(plan, period, "node", today)
    leads: dict[int, list[str]] = defaultdict(list)
    through = Node.lead_units.through
    for node_id, code in (
        through.objects.filter(node__plan=plan)
        .values_list("node_id", "unit__code")
        .order_by("unit__code")
    ):
        leads[node_id].append(code)
    result = []
    criteria = Node.objects.filter(plan=plan, level=Node.Level.CRITERION).order_by("order", "pk")
    for node in criteria.only("id", "index", "code", "title", "parent_id", "deadline"):
        item = CriterionRollup(
            node_id=node.pk,
            index=node.index,
            code=node.code,
            title=node.title,
            field_id=node.parent_id,
            deadline=node.deadline,
            lead_units=leads.get(node.pk, []),
        )
        _copy(tallies.get(node.pk), item)
        item.flagged = bool(
            node.deadline and node.deadline < today and item.assigned and item.done < item.assigned
        )
        result.append(item)
    return result


def unit_rollup(
    plan: Plan, period: ReportingPeriod, today: dt.date | None = None
) -> list[UnitRollup]:
    """One UnitRollup per unit with at least one assignment in the plan, by kind and name. 3 queries."""
    from parsipas.units.models import Unit

    tallies = _tallies(plan, period, "unit", _today(today))
    result = []
    for unit in (
        Unit.objects.filter(pk__in=list(tallies))
        .order_by("kind", "name")
        .only("id", "code", "name", "kind")
    ):
        item = UnitRollup(unit_id=unit.pk, code=unit.code, name=unit.name, kind=unit.kind)
        _copy(tallies.get(unit.pk), item)
        result.append(item)
    return result


def field_rollup(
    plan: Plan,
    period: ReportingPeriod,
    today: dt.date | None = None,
    criteria: list[CriterionRollup] | None = None,
) -> list[FieldRollup]:
    """One FieldRollup per field node (PAR fields, SIPAS components), in plan order. 5 queries
    (1 when `criteria` from criterion_rollup is passed in)."""
    criteria = criteria if criteria is not None else criterion_rollup(plan, period, today)
    fields = {
        n.pk: FieldRollup(node_id=n.pk, index=n.index, code=n.code, title=n.title)
        for n in Node.objects.filter(plan=plan, level=Node.Level.FIELD)
        .order_by("order", "pk")
        .only("id", "index", "code", "title")
    }
    for c in criteria:
        f = fields.get(c.field_id or 0)
        if f is None:
            continue
        f.add(c)
        f.criteria += 1
        f.flagged += int(c.flagged)
    return list(fields.values())


def province_rollup(
    plan: Plan,
    period: ReportingPeriod,
    today: dt.date | None = None,
    criteria: list[CriterionRollup] | None = None,
    units: list[UnitRollup] | None = None,
) -> ProvinceRollup:
    """The province's totals for the period. 7 queries (none when `criteria` and `units` from
    criterion_rollup and unit_rollup are passed in)."""
    today = _today(today)
    criteria = criteria if criteria is not None else criterion_rollup(plan, period, today)
    units = units if units is not None else unit_rollup(plan, period, today)
    total = ProvinceRollup()
    for c in criteria:
        total.add(c)
    total.criteria = len(criteria)
    total.flagged_criteria = sum(1 for c in criteria if c.flagged)
    total.units = len(units)
    total.units_all_submitted = sum(
        1 for u in units if u.assigned and not u.by_status["not_submitted"]
    )
    total.units_with_late = sum(1 for u in units if u.late)
    return total


def target_figures(plan: Plan, period: ReportingPeriod) -> list[TargetRollup]:
    """One TargetRollup per target of the plan's criteria, in plan order. 4 queries, plus a
    fixed few per computed-figure source (reporting/computed.py): a target the system computes
    takes the computed province figure, unless the lead entered another with a reason."""
    targets = list(
        Target.objects.filter(node__plan=plan)
        .select_related("node")
        .order_by("node__order", "node_id", "order", "pk")
    )
    assigned = dict(
        Assignment.objects.filter(node__plan=plan)
        .values("node_id")
        .annotate(n=Count("id"))
        .values_list("node_id", "n")
        .order_by()
    )
    figures: dict[int, dict[str, Any]] = {
        row["target_id"]: dict(row)
        for row in TargetFigure.objects.filter(
            report__period=period, report__workflow__in=FIGURE_WORKFLOWS
        )
        .values("target_id")
        .annotate(
            reported=Count("id", filter=Q(value__isnull=False)),
            met=Count("id", filter=Q(result=MET)),
            total=Sum("value"),
            previous_total=Sum("previous_value"),
            previous_count=Count("previous_value"),
        )
        .order_by()
    }
    entered = {
        pf.target_id: pf
        for pf in ProvinceFigure.objects.filter(period=period).select_related("entered_by")
    }
    from parsipas.reporting.computed import province_by_target

    found = province_by_target(period, targets)
    result = []
    for t in targets:
        row = figures.get(t.pk, {})
        n_assigned = assigned.get(t.node_id, 0)
        reported, met = row.get("reported", 0), row.get("met", 0)
        entered_by = note = ""
        figure: Decimal | None
        if t.aggregation == Target.Aggregation.SUM:
            figure = row.get("total") if reported else None
            previous = (
                row.get("previous_total")
                if row.get("previous_count") == reported and reported
                else None
            )
            outcome = evaluate(t.op, t.value, t.value_max, figure, previous=previous)
        elif t.aggregation == Target.Aggregation.PROVINCE:
            pf = entered.get(t.pk)
            figure = pf.value if pf else None
            outcome = evaluate(
                t.op, t.value, t.value_max, figure, previous=pf.previous_value if pf else None
            )
            if pf and pf.entered_by:
                entered_by = pf.entered_by.display_name
            note = pf.note if pf else ""
        else:
            figure = (
                (Decimal(100 * met) / n_assigned).quantize(Decimal("0.01")) if n_assigned else None
            )
            if reported > met:
                outcome = NOT_MET  # a unit's own figure misses the target
            elif n_assigned and met == n_assigned:
                outcome = MET
            else:
                outcome = UNKNOWN  # every figure so far meets it, but not every unit has one
        item = found.get(t.pk)
        extra: dict[str, Any] = {}
        if item is not None:
            pf = entered.get(t.pk)
            overridden = bool(pf and pf.override_reason)
            figure = pf.value if pf and overridden else item.value
            outcome = evaluate(t.op, t.value, t.value_max, figure)
            extra = {
                "computed": True,
                "computed_value": item.value,
                "source": item.source,
                "source_text": item.text,
                "source_url": item.url,
                "source_rows": item.rows,
                "overridden": overridden,
                "override_reason": pf.override_reason if pf and overridden else "",
            }
            if pf and overridden:
                entered_by = pf.entered_by.display_name if pf.entered_by else ""
                note = pf.note
        result.append(
            TargetRollup(
                **extra,
                target_id=t.pk,
                node_id=t.node_id,
                node_code=t.node.code,
                index=t.node.index,
                text=t.text,
                op=t.op,
                value=t.value,
                value_max=t.value_max,
                unit=t.unit,
                aggregation=t.aggregation,
                figure=figure,
                result=outcome,
                units_assigned=n_assigned,
                units_reported=reported,
                units_met=met,
                entered_by=entered_by,
                note=note,
            )
        )
    return result


def assignment_grid(plan: Plan, period: ReportingPeriod) -> dict[tuple[int, int], str]:
    """(node_id, unit_id) -> one of STATUS_KEYS for every assignment: the heat map. 2 queries."""
    grid = {
        (a["node_id"], a["unit_id"]): "not_submitted"
        for a in Assignment.objects.filter(node__plan=plan).values("node_id", "unit_id")
    }
    for row in (
        Report.objects.filter(period=period)
        .exclude(workflow=Report.Workflow.DRAFT)
        .values("assignment__node_id", "assignment__unit_id", "status")
    ):
        grid[(row["assignment__node_id"], row["assignment__unit_id"])] = row["status"]
    return grid
