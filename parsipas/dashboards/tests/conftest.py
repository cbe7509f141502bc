"""A small published plan for this year with its four periods, assigned to the registry's units
(or to extra units), and reports in the first period — built with the ORM in a few queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.reporting.models import Report, ReportingPeriod, TargetFigure
from parsipas.units.models import Unit, UnitKind

STATUSES = ["done", "in_progress", "not_started", "not_done", "done"]


@dataclass
class World:
    plan: Plan
    criteria: list[Node]
    periods: dict[str, ReportingPeriod]

    def add_units(self, count: int, prefix: str) -> list[Unit]:
        units = Unit.objects.bulk_create(
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
        assignments = Assignment.objects.bulk_create(
            Assignment(node=node, unit=unit) for node in self.criteria for unit in units
        )
        assignments = list(Assignment.objects.filter(unit__in=units).order_by("pk"))
        period = self.periods["Q1"]
        reports = Report.objects.bulk_create(
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


def build_plan(year: int) -> World:
    plan = Plan.objects.create(
        year=year,
        title=f"Kế hoạch CCHC năm {year}",
        status=Plan.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    today = timezone.localdate()
    par = Node.objects.create(
        plan=plan, index="PAR", code="I", level="index", order=0, title="CHỈ SỐ PAR INDEX"
    )
    sipas = Node.objects.create(
        plan=plan, index="SIPAS", code="II", level="index", order=100, title="CHỈ SỐ SIPAS"
    )
    criteria = []
    order = 1
    for f in (1, 2):
        field = Node.objects.create(
            plan=plan,
            index="PAR",
            code=str(f),
            level="field",
            parent=par,
            order=order,
            title=f"Lĩnh vực thử {f}",
        )
        order += 1
        for c in (1, 2, 3):
            criteria.append(
                Node.objects.create(
                    plan=plan,
                    index="PAR",
                    code=f"{f}.{c}",
                    level="criterion",
                    parent=field,
                    order=order,
                    title=f"Tiêu chí {f}.{c}",
                    deadline=today - dt.timedelta(days=5)
                    if c == 1
                    else today + dt.timedelta(days=20 if c == 2 else 200),
                )
            )
            order += 1
    for s in (1, 2):
        criteria.append(
            Node.objects.create(
                plan=plan,
                index="SIPAS",
                code=str(s),
                level="criterion",
                parent=sipas,
                order=100 + s,
                title=f"Chỉ số hài lòng {s}",
            )
        )
    Target.objects.create(
        node=criteria[0], text="Từ 98% trở lên", op=">=", value=Decimal(98), unit="%"
    )
    snv = Unit.objects.filter(code="snv").first()
    if snv:
        for node in criteria[:3]:
            node.lead_units.add(snv)
    ReportingPeriod.create_defaults(year)
    periods = {p.code: p for p in ReportingPeriod.objects.filter(year=year)}
    return World(plan, criteria, periods)


@pytest.fixture
def world(people: dict[str, Any]) -> World:
    """The plan assigned to the people's units (snv, stp, phường Buôn Ma Thuột) and a few more."""
    w = build_plan(timezone.localdate().year)
    w.assign(
        list(
            Unit.objects.filter(
                code__in=["snv", "stp", "stc", "phuong-buon-ma-thuot", "xa-buon-don"]
            )
        )
    )
    return w


@pytest.fixture
def make_world(db: Any) -> Callable[[], World]:
    return lambda: build_plan(timezone.localdate().year)
