"""`parsipas demo --seed N`: a deterministic, realistic year of reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from parsipas.audit.models import AuditEntry
from parsipas.reporting.models import Report, ReportingPeriod

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(
        Report.objects.order_by(
            "assignment__node__order", "assignment__unit__code", "period__due_date"
        ).values_list("assignment__unit__code", "period__code", "status", "workflow", "late")
    )


def _plan_with_units(make_world, registry):
    from parsipas.units.models import Unit

    world = make_world()
    world.criteria  # noqa: B018
    from parsipas.plans.models import Assignment

    Assignment.objects.bulk_create(
        Assignment(node=n, unit=u) for n in world.criteria for u in Unit.objects.all()[:40]
    )
    return world


def test_same_seed_gives_the_same_year(make_world, registry):
    world = _plan_with_units(make_world, registry)
    as_of = dt.date(world.plan.year, 11, 26)
    call_command("demo", "--seed", "7", "--as-of", as_of.isoformat())
    first = _snapshot()
    call_command("demo", "--seed", "7", "--as-of", as_of.isoformat(), "--replace")
    assert _snapshot() == first
    call_command("demo", "--seed", "8", "--as-of", as_of.isoformat(), "--replace")
    assert _snapshot() != first


def test_demo_year_has_more_done_later_and_some_late_returned_accepted(make_world, registry):
    world = _plan_with_units(make_world, registry)
    call_command("demo", "--seed", "2026", "--as-of", f"{world.plan.year}-11-26")
    done = {
        code: Report.objects.filter(period__code=code, status="done").count()
        for code in ("Q1", "Q2", "Q3")
    }
    assert done["Q1"] < done["Q2"] < done["Q3"]
    assert Report.objects.filter(late=True).exists()
    assert Report.objects.filter(workflow="returned").exclude(review_comment="").exists()
    assert Report.objects.filter(workflow="accepted").exists()
    assert ReportingPeriod.objects.filter(year=world.plan.year).count() == 4
    assert AuditEntry.objects.filter(message__startswith="Tạo dữ liệu mẫu").count() == 1


def test_if_empty_keeps_existing_reports_and_no_plan_is_a_clear_error(make_world, registry, db):
    with pytest.raises(CommandError, match="plan load-default"):
        call_command("demo", "--seed", "1")
    world = _plan_with_units(make_world, registry)
    call_command("demo", "--seed", "1", "--as-of", f"{world.plan.year}-11-26")
    count = Report.objects.count()
    call_command("demo", "--seed", "2", "--if-empty")
    assert Report.objects.count() == count


def test_province_wide_targets_get_the_leads_figures_in_due_periods(make_world, registry):
    from parsipas.plans.models import Target
    from parsipas.reporting.models import ProvinceFigure

    world = _plan_with_units(make_world, registry)
    Target.objects.filter(node__plan=world.plan).update(aggregation=Target.Aggregation.PROVINCE)
    call_command("demo", "--seed", "4", "--as-of", f"{world.plan.year}-11-26")
    due = ReportingPeriod.objects.filter(
        year=world.plan.year, due_date__lt=f"{world.plan.year}-11-26"
    )
    assert ProvinceFigure.objects.filter(period__in=due).count() == due.count() >= 3
