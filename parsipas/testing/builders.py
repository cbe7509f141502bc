"""Builders for tests and benchmarks: plans, nodes, assignments, reports and evidence with the
ORM, in as few queries as a test needs. Each builder takes the fields a test cares about and
fills the rest with plain defaults, so a test reads as the situation it sets up.

The fixtures that use them (`world`, `small_plan`, `plan_2026`…) are in `fixtures.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.reporting.models import Evidence, Report, ReportingPeriod, TargetFigure
from parsipas.units.models import Unit, UnitKind

PASSWORD = "parsipas-test-pw-2026"  # every test user's password (see conftest.make_user)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plan(year: int, title: str | None = None, *, published: bool = True, **fields: Any) -> Plan:
    """A plan for `year`, published now unless `published=False` (then a draft)."""
    if published:
        fields.setdefault("status", Plan.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now())
    return Plan.objects.create(year=year, title=title or f"Kế hoạch {year}", **fields)


def node(
    plan: Plan,
    code: str,
    level: str = Node.Level.CRITERION,
    parent: Node | None = None,
    *,
    order: int = 0,
    title: str | None = None,
    index: str = Node.Index.PAR,
    **fields: Any,
) -> Node:
    """One node of a plan; the title defaults to the code."""
    return Node.objects.create(
        plan=plan,
        index=index,
        code=code,
        level=level,
        parent=parent,
        order=order,
        title=code if title is None else title,
        **fields,
    )


def assignment(node: Node, unit: Unit) -> Assignment:
    return Assignment.objects.create(node=node, unit=unit)


def report(
    assignment: Assignment,
    period: ReportingPeriod,
    status: str = Report.Status.DONE,
    workflow: str = Report.Workflow.SUBMITTED,
    **fields: Any,
) -> Report:
    return Report.objects.create(
        assignment=assignment, period=period, status=status, workflow=workflow, **fields
    )


def evidence(
    report: Report,
    name: str = "ke-hoach.pdf",
    content: bytes = PDF_BYTES,
    content_type: str = "application/pdf",
    **fields: Any,
) -> Evidence:
    """A stored evidence file of a report (written to MEDIA_ROOT, as an upload would be)."""
    import hashlib

    filed = Evidence(
        report=report,
        original_name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        **fields,
    )
    filed.file.save(name, ContentFile(content), save=False)
    filed.save()
    return filed


# --- the dashboards' world: 8 criteria in two indexes, reports in the first period ------------

STATUSES = ["done", "in_progress", "not_started", "not_done", "done"]


@dataclass
class World:
    """A published plan for this year (PAR fields 1 and 2 with three criteria each, SIPAS with two;
    criterion 1.1 has a 98 % target), its four default periods, and reports in Q1 for the units
    given to `assign`."""

    plan: Plan
    criteria: list[Node]
    periods: dict[str, ReportingPeriod]

    def add_units(self, count: int, prefix: str) -> list[Unit]:
        Unit.objects.bulk_create(
            Unit(
                code=f"{prefix}-{i}",
                name=f"Xã {prefix} {i}" if i % 2 else f"Sở {prefix} {i}",
                kind=UnitKind.XA if i % 2 else UnitKind.AGENCY,
            )
            for i in range(count)
        )
        units = list(Unit.objects.filter(code__startswith=f"{prefix}-"))
        self.assign(units)
        return units

    def assign(self, units: list[Unit]) -> None:
        Assignment.objects.bulk_create(
            Assignment(node=node, unit=unit) for node in self.criteria for unit in units
        )
        assignments = list(Assignment.objects.filter(unit__in=units).order_by("pk"))
        period = self.periods["Q1"]
        Report.objects.bulk_create(
            Report(
                assignment=a,
                period=period,
                status=STATUSES[i % len(STATUSES)],
                workflow="accepted" if i % 3 else "submitted",
                late=i % 7 == 0,
                first_submitted_at=timezone.now(),
            )
            for i, a in enumerate(assignments)
            if i % 6 != 5
        )
        reports = list(Report.objects.filter(assignment__in=assignments, period=period))
        targets = {t.node_id: t for t in Target.objects.filter(node__plan=self.plan)}
        TargetFigure.objects.bulk_create(
            TargetFigure(
                report=r,
                target=targets[r.assignment.node_id],
                value=Decimal(95 + (r.pk % 10)),
                result="met" if 95 + (r.pk % 10) >= 98 else "not_met",
            )
            for r in Report.objects.filter(pk__in=[r.pk for r in reports]).select_related(
                "assignment"
            )
            if r.assignment.node_id in targets
        )


def world(year: int) -> World:
    """The dashboards' plan (see World); nothing assigned yet."""
    the_plan = plan(year, f"Kế hoạch CCHC năm {year}")
    today = timezone.localdate()
    par = node(the_plan, "I", Node.Level.INDEX, title="CHỈ SỐ PAR INDEX")
    sipas = node(
        the_plan,
        "II",
        Node.Level.INDEX,
        index=Node.Index.SIPAS,
        order=100,
        title="CHỈ SỐ SIPAS",
    )
    criteria = []
    order = 1
    for f in (1, 2):
        field = node(
            the_plan, str(f), Node.Level.FIELD, par, order=order, title=f"Lĩnh vực thử {f}"
        )
        order += 1
        for c in (1, 2, 3):
            due = (
                today - dt.timedelta(days=5)
                if c == 1
                else today + dt.timedelta(days=20 if c == 2 else 200)
            )
            criteria.append(
                node(
                    the_plan,
                    f"{f}.{c}",
                    parent=field,
                    order=order,
                    title=f"Tiêu chí {f}.{c}",
                    deadline=due,
                )
            )
            order += 1
    for s in (1, 2):
        criteria.append(
            node(
                the_plan,
                str(s),
                parent=sipas,
                index=Node.Index.SIPAS,
                order=100 + s,
                title=f"Chỉ số hài lòng {s}",
            )
        )
    Target.objects.create(
        node=criteria[0], text="Từ 98% trở lên", op=">=", value=Decimal(98), unit="%"
    )
    snv = Unit.objects.filter(code="snv").first()
    if snv:
        for criterion in criteria[:3]:
            criterion.lead_units.add(snv)
    ReportingPeriod.create_defaults(year)
    periods = {p.code: p for p in ReportingPeriod.objects.filter(year=year)}
    return World(the_plan, criteria, periods)


# --- the reporting tests' small plan: PAR only, periods around today ---------------------------


@dataclass
class SmallPlan:
    """See `small_plan()`."""

    plan: Plan
    nodes: dict[str, Node]
    targets: dict[str, Target]
    units: dict[str, Unit]
    periods: dict[str, ReportingPeriod]

    def assignment(self, code: str, unit: str) -> Assignment:
        return Assignment.objects.get(node=self.nodes[code], unit=self.units[unit])

    @property
    def current(self) -> ReportingPeriod:
        return self.periods["Y"]


SMALL_CRITERIA = {  # code: (field, order, title, content)
    "1.1": ("1", 2, "Thực hiện kế hoạch CCHC", "Hoàn thành 100% nhiệm vụ được giao."),
    "1.2": ("1", 3, "Thực hiện chế độ báo cáo CCHC", "100% các báo cáo CCHC định kỳ đúng hạn."),
    "1.8": ("1", 4, "Thực hiện nhiệm vụ được Chính phủ giao", "Hoàn thành từ 90% - 100% nhiệm vụ."),
    "2.1": (
        "2",
        11,
        "Theo dõi thi hành pháp luật",
        "Số văn bản được kiểm tra tăng so với năm trước.",
    ),
    "2.2": ("2", 12, "Sáng kiến CCHC", "Từ 03 sáng kiến trở lên."),
    "2.3": ("2", 13, "Tỷ lệ văn bản đúng hạn", "Từ 98% văn bản ban hành đúng hạn."),
}


def small_plan() -> SmallPlan:
    """A small published plan for this year and its four periods around today (needs the registry).

    PAR index → field 1 (Sở Nội vụ leads) → criteria 1.1, 1.2 (target ≥ 100 %), 1.8 (Văn phòng
    UBND tỉnh leads, target 90–100 %); field 2 → criteria 2.1 (increase, summed), 2.2 (≥ 3 sáng
    kiến, summed), 2.3 (≥ 98 %, province figure entered by the lead). Implementers: Sở Tư pháp
    (stp), Sở Tài chính (stc) and Phường Buôn Ma Thuột (bmt); 1.8 only stp and stc.
    The current period is "Năm" (Y): due in 5 days. Q1–Q3 are past due.
    """
    today = timezone.localdate()
    the_plan = plan(today.year, f"Kế hoạch CCHC {today.year}")
    unit = Unit.objects.get
    units = {
        "snv": unit(code="snv"),
        "vpubnd": unit(code="vpubnd"),
        "stp": unit(code="stp"),
        "stc": unit(code="stc"),
        "bmt": unit(code="phuong-buon-ma-thuot"),
    }
    root = node(the_plan, "I", Node.Level.INDEX, title="CHỈ SỐ PAR INDEX")
    nodes = {
        "I": root,
        "1": node(
            the_plan, "1", Node.Level.FIELD, root, order=1, title="Công tác chỉ đạo, điều hành CCHC"
        ),
        "2": node(the_plan, "2", Node.Level.FIELD, root, order=10, title="Cải cách thể chế"),
    }
    deadlines: dict[str, dict[str, Any]] = {
        "1.1": {"deadline": today + dt.timedelta(days=30)},
        "1.2": {"deadline_by_authority": True},
        "1.8": {"deadline": today - dt.timedelta(days=10)},
    }
    for code, (field, order, title, content) in SMALL_CRITERIA.items():
        nodes[code] = node(
            the_plan,
            code,
            parent=nodes[field],
            order=order,
            title=title,
            content=content,
            **deadlines.get(code, {}),
        )
    for code in ("1", "1.1", "1.2", "2", "2.1", "2.2", "2.3"):
        nodes[code].lead_units.add(units["snv"])
    nodes["1.8"].lead_units.add(units["vpubnd"])
    S, SUM, PROV = Target.Aggregation.SHARE, Target.Aggregation.SUM, Target.Aggregation.PROVINCE
    target = Target.objects.create
    targets = {
        "1.2": target(
            node=nodes["1.2"],
            text="100% các báo cáo CCHC định kỳ đúng hạn",
            op=">=",
            value=Decimal(100),
            unit="%",
            aggregation=S,
        ),
        "1.8": target(
            node=nodes["1.8"],
            text="từ 90% - 100% nhiệm vụ",
            op="between",
            value=Decimal(90),
            value_max=Decimal(100),
            unit="%",
            aggregation=S,
        ),
        "2.1": target(
            node=nodes["2.1"],
            text="tăng so với năm trước",
            op="increase",
            unit="văn bản",
            aggregation=SUM,
        ),
        "2.2": target(
            node=nodes["2.2"],
            text="từ 03 sáng kiến trở lên",
            op=">=",
            value=Decimal(3),
            unit="sáng kiến",
            aggregation=SUM,
        ),
        "2.3": target(
            node=nodes["2.3"],
            text="từ 98% văn bản ban hành đúng hạn",
            op=">=",
            value=Decimal(98),
            unit="%",
            aggregation=PROV,
        ),
    }
    for code in ("1.1", "1.2", "2.1", "2.2", "2.3"):
        for u in ("stp", "stc", "bmt"):
            assignment(nodes[code], units[u])
    for u in ("stp", "stc"):
        assignment(nodes["1.8"], units[u])
    periods = {}
    offsets = {"Q1": -270, "Q2": -180, "Q3": -90, "Y": 5}
    names = dict(ReportingPeriod.Code.choices)
    for code, offset in offsets.items():
        due = today + dt.timedelta(days=offset)
        periods[code] = ReportingPeriod.objects.create(
            year=today.year,
            code=code,
            name=names[code],
            start=due - dt.timedelta(days=95),
            end=due - dt.timedelta(days=5),
            due_date=due,
            lead_due_date=due + dt.timedelta(days=5),
            state=ReportingPeriod.State.OPEN,
            auto_state=False,  # the tests set states by hand
        )
    return SmallPlan(the_plan, nodes, targets, units, periods)
