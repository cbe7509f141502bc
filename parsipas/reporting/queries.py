"""Read-side helpers shared by views, commands and home cards; each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from parsipas.accounts import policy
from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.reporting.models import Report, ReportingPeriod, TargetFigure

Workflow = Report.Workflow


def plan_for(period: ReportingPeriod, published_only: bool = True) -> Plan | None:
    plans = Plan.objects.filter(year=period.year)
    if published_only:
        plans = plans.filter(status=Plan.Status.PUBLISHED)
    return plans.first()


def targets_by_node(node_ids: list[int]) -> dict[int, list[Target]]:
    grouped: dict[int, list[Target]] = {}
    for t in Target.objects.filter(node_id__in=node_ids).order_by("node_id", "order", "pk"):
        grouped.setdefault(t.node_id, []).append(t)
    return grouped


@dataclass
class DeskRow:
    """One assignment on a unit's desk for one period."""

    assignment: Assignment
    report: Report  # saved, or a new unsaved draft (pk None, version 0)
    targets: list[Target]
    figures: dict[int, TargetFigure]
    evidence_count: int
    missing: list[str] = field(default_factory=list)
    form: Any = None
    editable: bool = False
    problem: str = ""  # why the desk did not save this row (set after a save)
    computed: dict[int, Any] = field(default_factory=dict)  # target id -> computed.Computed

    @property
    def node(self) -> Node:
        return self.assignment.node


def desk_rows(unit_id: int, period: ReportingPeriod, plan: Plan) -> list[DeskRow]:
    """Every assignment of the unit in the plan, with its report for the period. 4 queries."""
    from parsipas.reporting.workflow import missing_items

    assignments = list(
        Assignment.objects.filter(unit_id=unit_id, node__plan=plan)
        .select_related("node", "node__parent", "unit")
        .order_by("node__order", "node_id")
    )
    targets = targets_by_node([a.node_id for a in assignments])
    reports = {
        r.assignment_id: r
        for r in Report.objects.filter(period=period, assignment__in=[a.pk for a in assignments])
        .select_related("updated_by", "reviewed_by")
        .annotate(evidence_total=Count("evidence"))
    }
    figures: dict[int, dict[int, TargetFigure]] = {}
    for fig in TargetFigure.objects.filter(report__in=[r.pk for r in reports.values()]):
        figures.setdefault(fig.report_id, {})[fig.target_id] = fig
    rows = []
    for a in assignments:
        report = reports.get(a.pk) or Report(assignment=a, period=period, version=0)
        report.assignment, report.period = a, period
        node_targets = targets.get(a.node_id, [])
        figs = figures.get(report.pk, {}) if report.pk else {}
        n_evidence = getattr(report, "evidence_total", 0)
        rows.append(
            DeskRow(
                assignment=a,
                report=report,
                targets=node_targets,
                figures=figs,
                evidence_count=n_evidence,
                missing=missing_items(
                    report if report.pk else None, node_targets, figs, n_evidence
                ),
            )
        )
    return rows


def led_node_ids(user: Any, plan: Plan) -> QuerySet[Node, int] | None:
    """Criteria the user may review in `plan`: None means all (admin)."""
    if policy.is_admin(user):
        return None
    unit_id = policy.led_unit_id(user)
    return (
        Node.objects.filter(plan=plan, lead_units=unit_id).values_list("pk", flat=True)
        if unit_id
        else Node.objects.none().values_list("pk", flat=True)
    )


def review_reports(user: Any, period: ReportingPeriod, plan: Plan) -> QuerySet[Report]:
    """The reports of the period the user reviews (all sent ones; filter by workflow after)."""
    # The period's year fixes the plan (one plan a year): no join on the plan needed.
    reports = Report.objects.filter(period=period).exclude(workflow=Workflow.DRAFT)
    nodes = led_node_ids(user, plan)
    if nodes is not None:
        reports = reports.filter(assignment__node_id__in=nodes)
    return reports


def waiting_review_count(user: Any) -> int:
    """Reports waiting for this user's review, across open periods of published plans."""
    reports = Report.objects.filter(
        workflow=Workflow.SUBMITTED, assignment__node__plan__status=Plan.Status.PUBLISHED
    ).exclude(period__state=ReportingPeriod.State.LOCKED)
    if not policy.is_admin(user):
        unit_id = policy.led_unit_id(user)
        if not unit_id:
            return 0
        # Its own unit's reports are reviewed by someone else (no self-approval).
        reports = reports.filter(assignment__node__lead_units=unit_id).exclude(
            assignment__unit_id=unit_id
        )
    return reports.count()


def unit_open_counts(unit_id: int, period: ReportingPeriod, plan: Plan) -> dict[str, int]:
    """For the home card: assigned, not yet sent (no report, draft or returned), returned. 2 queries."""
    assigned = Assignment.objects.filter(unit_id=unit_id, node__plan=plan).count()
    counts = Report.objects.filter(
        period=period, assignment__unit_id=unit_id, assignment__node__plan=plan
    ).aggregate(
        sent=Count("id", filter=Q(workflow__in=(Workflow.SUBMITTED, Workflow.ACCEPTED))),
        returned=Count("id", filter=Q(workflow=Workflow.RETURNED)),
    )
    return {"assigned": assigned, "open": assigned - counts["sent"], "returned": counts["returned"]}


def units_not_sent(period: ReportingPeriod, node: Node) -> list[Any]:
    """The units assigned `node` whose report for `period` has not reached the lead (none, or a
    draft), by name. 1 query."""
    from parsipas.units.models import Unit

    sent = Report.objects.filter(period=period, assignment__node=node).exclude(
        workflow=Workflow.DRAFT
    )
    return list(
        Unit.objects.filter(assignments__node=node)
        .exclude(assignments__reports__in=sent)
        .distinct()
        .order_by("kind", "name")
    )


def next_waiting(
    user: Any,
    period: ReportingPeriod,
    plan: Plan,
    *,
    after: Report,
    criterion: str = "",
    unit_code: str = "",
) -> Report | None:
    """The next report waiting for this reviewer in the same filters, oldest first."""
    reports = (
        review_reports(user, period, plan).filter(workflow=Workflow.SUBMITTED).exclude(pk=after.pk)
    )
    if criterion:
        reports = reports.filter(assignment__node__code=criterion)
    if unit_code:
        reports = reports.filter(assignment__unit__code=unit_code)
    return reports.order_by("submitted_at", "pk").first()
