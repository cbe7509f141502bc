"""Roll-ups per criterion, unit, field and province, and the province-wide target figures."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parsipas.plans.models import Assignment
from parsipas.reporting import rollups
from parsipas.reporting.models import ProvinceFigure, Report, TargetFigure
from parsipas.reporting.targets import evaluate


def _report(
    sp: Any,
    code: str,
    unit: str,
    status: str,
    workflow: str = "submitted",
    late: bool = False,
    period: str = "Y",
    figure: Any = None,
    previous: Any = None,
) -> Report:
    report = Report.objects.create(
        assignment=sp.assignment(code, unit),
        period=sp.periods[period],
        status=status,
        workflow=workflow,
        late=late,
        narrative="x",
        submitted_at=timezone.now(),
    )
    target = sp.targets.get(code)
    if target is not None and figure is not None:
        TargetFigure.objects.create(
            report=report,
            target=target,
            value=Decimal(str(figure)),
            previous_value=None if previous is None else Decimal(str(previous)),
            result=evaluate(target.op, target.value, target.value_max, figure, previous=previous),
        )
    return report


def _fill(sp: Any) -> None:
    _report(sp, "1.1", "stp", "done")
    _report(sp, "1.1", "stc", "in_progress", late=True)
    _report(sp, "1.1", "bmt", "done", workflow="draft")  # a draft is not submitted
    _report(sp, "1.2", "stp", "done", workflow="accepted", figure=100)
    _report(sp, "1.2", "stc", "not_done", workflow="returned", figure=80)
    _report(sp, "1.8", "stp", "done", figure=95)
    _report(sp, "2.2", "stp", "done", figure=2)
    _report(sp, "2.2", "bmt", "in_progress", figure=1)
    _report(sp, "2.1", "stp", "in_progress", figure=12, previous=10)
    _report(sp, "2.1", "stc", "in_progress", figure=5, previous=6)


def test_criterion_rollup_counts_statuses_not_submitted_and_late(small_plan) -> None:
    _fill(small_plan)
    by_code = {c.code: c for c in rollups.criterion_rollup(small_plan.plan, small_plan.current)}
    c11 = by_code["1.1"]
    assert c11.assigned == 3
    assert c11.by_status == {
        "done": 1,
        "in_progress": 1,
        "not_started": 0,
        "not_done": 0,
        "not_submitted": 1,
    }
    assert c11.late == 1 and c11.lead_units == ["snv"]
    c12 = by_code["1.2"]
    assert c12.by_status["not_done"] == 1 and c12.by_workflow == {
        "submitted": 0,
        "returned": 1,
        "accepted": 1,
    }
    # 1.8's deadline passed 10 days ago and Sở Tài chính has not reported it done.
    assert by_code["1.8"].flagged and not by_code["1.1"].flagged
    assert [c.code for c in rollups.criterion_rollup(small_plan.plan, small_plan.current)] == [
        "1.1",
        "1.2",
        "1.8",
        "2.1",
        "2.2",
        "2.3",
    ]


def test_after_the_due_date_every_unsent_report_is_late(small_plan) -> None:
    _fill(small_plan)
    after = small_plan.current.due_date + dt.timedelta(days=1)
    c11 = {
        c.code: c
        for c in rollups.criterion_rollup(small_plan.plan, small_plan.current, today=after)
    }["1.1"]
    assert c11.late == 2  # one sent late, one never sent


def test_unit_field_and_province_rollups_add_up(small_plan) -> None:
    sp = small_plan
    _fill(sp)
    units = {u.code: u for u in rollups.unit_rollup(sp.plan, sp.current)}
    stp = units["stp"]
    assert stp.assigned == 6 and stp.done == 4 and stp.by_status["not_submitted"] == 1
    assert stp.completion == round(100 * 4 / 6, 1) and stp.timeliness == 100.0
    assert units["stc"].timeliness == round(100 * 2 / 3, 1)
    fields = {f.code: f for f in rollups.field_rollup(sp.plan, sp.current)}
    assert fields["1"].criteria == 3 and fields["1"].assigned == 8 and fields["1"].flagged == 1
    assert fields["2"].assigned == 9
    province = rollups.province_rollup(sp.plan, sp.current)
    assert province.assigned == 17 and province.done == 4
    assert sum(province.by_status.values()) == 17
    assert province.criteria == 6 and province.flagged_criteria == 1 and province.units == 3


def test_target_figures_combine_units_as_the_target_says(small_plan, people) -> None:
    sp = small_plan
    _fill(sp)
    ProvinceFigure.objects.create(
        target=sp.targets["2.3"],
        period=sp.current,
        value=Decimal("98.5"),
        entered_by=people["lead"],
    )
    by_node = {t.node_code: t for t in rollups.target_figures(sp.plan, sp.current)}
    # share: 1 of the 3 units assigned 1.2 meets ≥ 100 % in a submitted/accepted report (the returned one does not count).
    share = by_node["1.2"]
    assert (share.units_met, share.units_reported, share.units_assigned) == (1, 1, 3)
    # every figure in so far meets it, but two units have none yet: not judged yet
    assert share.figure == Decimal("33.33") and share.result == "unknown"
    # sum: 2 + 1 initiatives reach the 3 the plan asks for.
    assert by_node["2.2"].figure == Decimal("3") and by_node["2.2"].result == "met"
    # sum with increase: 17 this year against 16 last year.
    assert by_node["2.1"].figure == Decimal("17") and by_node["2.1"].result == "met"
    # province: the lead's figure.
    assert by_node["2.3"].figure == Decimal("98.5") and by_node["2.3"].result == "met"
    assert by_node["2.3"].entered_by == people["lead"].display_name
    # as soon as one unit's own figure misses the target, the province misses it
    TargetFigure.objects.filter(target=sp.targets["1.2"], result="met").update(
        value=Decimal("90"), result="not_met"
    )
    share = {t.node_code: t for t in rollups.target_figures(sp.plan, sp.current)}["1.2"]
    assert share.result == "not_met" and share.units_met == 0


def test_rollups_run_a_constant_number_of_queries(small_plan, make_unit) -> None:
    from parsipas.reporting.models import ReportingPeriod

    sp = small_plan
    ReportingPeriod.sync_states()  # the once-a-day state check, out of the counts

    def count() -> list[int]:
        counts = []
        for fn in (
            rollups.criterion_rollup,
            rollups.unit_rollup,
            rollups.field_rollup,
            rollups.province_rollup,
            rollups.target_figures,
        ):
            with CaptureQueriesContext(connection) as ctx:
                fn(sp.plan, sp.current)
            counts.append(len(ctx))
        return counts

    _fill(sp)
    count()  # warms the shared cache (the working-day calendar the computed figures read)
    small = count()
    for i in range(15):
        unit = make_unit(f"extra-{i}")
        for code in ("1.1", "1.2", "2.2"):
            a = Assignment.objects.create(node=sp.nodes[code], unit=unit)
            Report.objects.create(
                assignment=a, period=sp.current, status="done", workflow="submitted"
            )
    assert count() == small


def test_reports_status_command_prints_json(small_plan) -> None:
    _fill(small_plan)
    out = io.StringIO()
    call_command(
        "reports",
        "status",
        "--year",
        str(small_plan.current.year),
        "--period",
        "Y",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    c11 = next(c for c in data["criteria"] if c["code"] == "1.1")
    assert c11 == {
        "index": "PAR",
        "code": "1.1",
        "assigned": 3,
        "late": 1,
        "flagged": False,
        "by_status": {
            "done": 1,
            "in_progress": 1,
            "not_started": 0,
            "not_done": 0,
            "not_submitted": 1,
        },
    }
    stp = next(u for u in data["units"] if u["unit"] == "stp")
    assert stp["assigned"] == 6 and stp["by_status"]["not_submitted"] == 1


def test_the_rollups_page_shows_the_province_and_flags(small_plan, people, login) -> None:
    _fill(small_plan)
    c = login(people["viewer"])
    html = c.get(f"/bao-cao/tong-hop/?ky={small_plan.current.year}-Y").content.decode()
    assert "Toàn tỉnh" in html and "⚑" in html and "Chưa gửi báo cáo" in html
    for view in ("linh-vuc", "don-vi", "chi-tieu"):
        assert (
            c.get(f"/bao-cao/tong-hop/?ky={small_plan.current.year}-Y&xem={view}").status_code
            == 200
        )
