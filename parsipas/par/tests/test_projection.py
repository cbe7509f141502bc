"""The province's projection: values from real reports, estimates, SIPAS; pages for the office."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import Client

from parsipas.par.models import Criterion, Estimate, Framework
from parsipas.par.projection import points_at_risk, project
from parsipas.par.scoring import shown
from parsipas.plans.models import Assignment, Node, Target
from parsipas.reporting.models import ReportingPeriod, TargetFigure
from parsipas.testing import builders as build
from parsipas.units.models import Unit


@pytest.fixture
def examples(registry):
    call_command("par", "load-examples", "--year", "2026", stdout=io.StringIO())
    return Framework.objects.get(year=2026, scope="province")


@pytest.fixture
def plan(registry):
    """A 2026 plan with criteria 1.1 (three units, no target) and 3.8 (a 98% target)."""
    plan = build.plan(2026, "Kế hoạch 2026", published=False)
    par = build.node(plan, "I", Node.Level.INDEX, title="PAR")
    field1 = build.node(plan, "1", Node.Level.FIELD, par, order=1, title="Chỉ đạo")
    field3 = build.node(plan, "3", Node.Level.FIELD, par, order=3, title="TTHC")
    n11 = build.node(plan, "1.1", parent=field1, order=2, title="Kế hoạch CCHC")
    n38 = build.node(plan, "3.8", parent=field3, order=4, title="Hồ sơ đúng hạn")
    Target.objects.create(
        node=n38,
        text="từ 98% hồ sơ đúng hạn",
        op=">=",
        value=D("98"),
        unit="%",
        aggregation="share",
    )
    units = {code: Unit.objects.get(code=code) for code in ("stp", "stc", "phuong-buon-ma-thuot")}
    for unit in units.values():
        build.assignment(n11, unit)
        build.assignment(n38, unit)
    return plan


def report(plan, period, node_code, unit_code, status, workflow="accepted", figure=None):
    assignment = Assignment.objects.get(node__plan=plan, node__code=node_code, unit__code=unit_code)
    made = build.report(assignment, period, status, workflow)
    if figure is not None:
        target = assignment.node.targets.first()
        result = "met" if D(figure) >= target.value else "not_met"
        TargetFigure.objects.create(report=made, target=target, value=D(figure), result=result)
    return made


def test_without_reports_every_value_says_where_it_is_missing(examples):
    result = project(examples)
    assert result.score.max_points == D("100")
    assert result.score.points == D("0")
    assert {v.source for v in result.values.values()} == {"none"}
    assert result.values["2.5"].detail.startswith("Tiêu chí chấm theo đánh giá/điều tra")
    assert "kế hoạch năm 2026" in result.values["1.1"].detail


def test_an_estimate_is_used_and_shown_as_such(examples, people):
    criterion = Criterion.objects.get(framework=examples, code="2.5")  # survey, 2 points
    Estimate.objects.create(
        criterion=criterion, value=D("80"), entered_by=people["admin"], note="Theo kết quả 2025"
    )
    result = project(examples)
    assert result.values["2.5"].source == "estimate"
    assert result.values["2.5"].label == "Ước tính"
    assert "Theo kết quả 2025" in result.values["2.5"].detail
    assert result.line("2.5").scored.points == D("1.6")
    assert result.score.points == D("1.6")


def test_values_come_from_the_plans_reports_where_plan_codes_link_them(examples, plan):
    period = ReportingPeriod.create_defaults(2026)[0][1]  # Q2
    # 1.1: two of three units report done (one only a draft): ratio 1.5 × 2/3
    report(plan, period, "1.1", "stp", "done")
    report(plan, period, "1.1", "stc", "done", workflow="submitted")
    report(plan, period, "1.1", "phuong-buon-ma-thuot", "done", workflow="draft")
    # 3.8: the target's province-wide figure is the share of units meeting 98%: 2 of 3
    report(plan, period, "3.8", "stp", "done", figure="99")
    report(plan, period, "3.8", "stc", "in_progress", figure="97")
    report(plan, period, "3.8", "phuong-buon-ma-thuot", "done", figure="98.5")
    result = project(examples)
    v11, v38 = result.values["1.1"], result.values["3.8"]
    assert v11.source == "plan"
    assert v11.value == D(200) / D(3)
    assert "2/3 đơn vị" in v11.detail
    assert result.line("1.1").scored.points == D("1.5") * (D(200) / D(3)) / D(100)
    assert v38.source == "plan" and v38.value == D("66.67")
    assert result.line("3.8").scored.points == D("0")  # tiers: 66.67% reaches only the 0 tier
    behind = {b.unit_code: b.reasons for b in v38.behind}
    assert behind == {"stc": ["3.8: đang thực hiện", "3.8: chưa đạt chỉ tiêu"]}
    assert {b.unit_code for b in v11.behind} == {"phuong-buon-ma-thuot"}
    assert [b.reasons for b in v11.behind] == [["1.1: chưa gửi báo cáo"]]


def test_an_overriding_estimate_replaces_the_reports_and_says_so(examples, plan, people):
    period = ReportingPeriod.create_defaults(2026)[0][0]
    report(plan, period, "1.1", "stp", "done")
    criterion = Criterion.objects.get(framework=examples, code="1.1")
    Estimate.objects.create(
        criterion=criterion, value=D("90"), overrides=True, entered_by=people["admin"]
    )
    value = project(examples).values["1.1"]
    assert value.source == "estimate" and value.value == D("90")
    assert "Thay cho số liệu tự động" in value.note


def test_points_at_risk_are_sorted_by_points_still_to_win(examples, people):
    Estimate.objects.create(
        criterion=Criterion.objects.get(framework=examples, code="3.8"), value=D("99")
    )
    risks = points_at_risk(project(examples))
    codes = [r.line.criterion.code for r in risks]
    assert "3.8" not in codes  # full points
    at_risk = [r.at_risk for r in risks]
    assert at_risk == sorted(at_risk, reverse=True)
    assert risks[0].at_risk == D("2")  # 3.8 (2.5) is won; the 2-point criteria come first
    assert risks[0].line.criterion.code == "2.3"  # ties keep the framework's order
    assert sum(at_risk) == D("100") - D("2.5")


def test_what_if_changes_the_total_without_saving(examples):
    result = project(examples, what_if={"3.8": D("95"), "S.1": D("80")})
    assert result.baseline.points == D("0")
    assert result.score.points == D("2.5") * D("0.75") + D("2") * D("0.8")
    assert result.delta == result.score.points
    assert result.line("3.8").changed and result.line("3.8").delta == D("1.875")
    assert not Estimate.objects.exists()


def test_sipas_values_come_from_the_sipas_module(examples, monkeypatch):
    from parsipas.sipas import api

    monkeypatch.setattr(
        api,
        "province_sipas",
        lambda year, period=None: {"sipas": 82.5, "elements": {"E1": 90.0, "E2": None}, "n": 400},
    )
    result = project(examples)
    assert result.values["S.1"].source == "sipas" and result.values["S.1"].value == D("90.0")
    assert result.values["S.2"].value == D("82.5")  # no element figure: the overall index
    assert result.line("D").scored.points == D("2") * D("0.9") + D("2") * D("0.825") * 4


# --- the pages ---------------------------------------------------------------------------


def test_projection_page_shows_the_total_parts_sources_and_the_illustrative_warning(
    examples, people, login
):
    Estimate.objects.create(
        criterion=Criterion.objects.get(framework=examples, code="2.5"), value=D("75")
    )
    page = login(people["viewer"]).get("/par/du-bao/").content.decode()
    assert "Dự báo Chỉ số CCHC (PAR Index) năm 2026" in page
    assert "1,50 / 100,00" in page
    assert "chỉ để minh họa" in page
    assert "Tác động của CCHC đến người dân" in page
    assert "Công bố năm 2023" in page and "87,33" in page
    assert "Ước tính" in page and "Chưa có số liệu" in page


def test_at_risk_page_lists_criteria_with_their_points(examples, people, login):
    page = login(people["lead"]).get("/par/diem-co-nguy-co/").content.decode()
    assert "Điểm có nguy cơ mất" in page
    assert "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn" in page
    assert "100,00" in page  # total at risk with no data


def test_what_if_page_recomputes_on_submit_and_saves_nothing(examples, people, login):
    client = login(people["admin"])
    page = client.post("/par/gia-dinh/", {"v:3.8": "98", "v:1.1": "nhiều"}).content.decode()
    assert "không phải là số" in page
    page = client.post("/par/gia-dinh/", {"v:3.8": "98", "v:S.1": "50"}).content.decode()
    assert 'id="what-if-total">3,50<' in page
    assert 'id="what-if-delta">+3,50<' in page
    assert not Estimate.objects.exists()


def test_units_cannot_see_the_province_projection(examples, people, login):
    assert login(people["commune"]).get("/par/du-bao/").status_code == 403


def test_the_admin_enters_an_estimate_and_it_is_audited(examples, people, login):
    from parsipas.audit.models import AuditEntry

    criterion = Criterion.objects.get(framework=examples, code="5.9")
    client = login(people["admin"])
    assert client.get(f"/par/uoc-tinh/{criterion.pk}/").status_code == 200
    response = client.post(
        f"/par/uoc-tinh/{criterion.pk}/", {"value": "2", "note": "2 công chức bị khiển trách"}
    )
    assert response.status_code == 302
    estimate = Estimate.objects.get(criterion=criterion)
    assert estimate.value == D("2") and estimate.entered_by == people["admin"]
    assert AuditEntry.objects.filter(model="par.estimate").exists()
    assert project(examples).line("5.9").scored.points == D("1")  # 1.5 − 0.25 × 2
    assert login(people["lead"], Client()).get(f"/par/uoc-tinh/{criterion.pk}/").status_code == 403


def test_the_admin_enters_a_past_result_and_it_shows_in_the_comparison(examples, people, login):
    client = login(people["admin"])
    data = {
        "year": "2024",
        "points": "89,1",
        "max_points": "100",
        "rank": "20",
        "rank_of": "63",
        "source": "QĐ 268/QĐ-BNV",
    }
    for i, (code, points, top) in enumerate(
        [("A", "58", "61.5"), ("B", "3.1", "6.5"), ("C", "19", "22"), ("D", "9", "10")]
    ):
        data |= {
            f"part-{i}-code": code,
            f"part-{i}-title": f"Phần {code}",
            f"part-{i}-points": points,
            f"part-{i}-max": top,
        }
    assert client.post("/par/ket-qua-cong-bo/them/", data).status_code == 302
    page = client.get("/par/so-sanh/").content.decode()
    assert "2024" in page and "89,10" in page and "20/63" in page and "2023" in page


def test_the_office_can_fill_missing_values_at_last_years_published_rates(examples, people, login):
    client = login(people["admin"])
    response = client.post("/par/uoc-tinh/theo-nam-truoc/?year=2026", {"year": "2023"})
    assert response.status_code == 302
    result = project(examples)
    survey = result.values["2.5"]
    assert survey.source == "estimate" and "phần C năm 2023" in survey.detail
    # every C and D criterion is a survey: the parts come back to last year's points
    # (estimates are kept to 4 decimals: 83.1364% of 22 is 18.290008)
    assert shown(result.line("C").scored.points) == D("18.29")
    assert shown(result.line("D").scored.points) == D("8.15")
    assert result.values["3.8"].source == "none"  # tiers: not proportional, left to the office
    again = client.post("/par/uoc-tinh/theo-nam-truoc/?year=2026", {"year": "2023"})
    assert again.status_code == 302
    assert Estimate.objects.count() == len(
        [v for v in result.values.values() if v.source == "estimate"]
    )
