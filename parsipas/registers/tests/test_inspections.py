from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from parsipas.registers import services
from parsipas.registers.figures import RegisterSource
from parsipas.registers.models import ConclusionNotice, Finding, InspectionKind, InspectionPlanItem
from parsipas.registers.services import RegisterError
from parsipas.registers.tests.conftest import YEAR, stream
from parsipas.reporting.computed import Window
from parsipas.workcalendar.service import calendar


def figures(window: Window | None = None) -> dict[str, object]:
    return {f.key: f for f in RegisterSource().province_figures(window or Window.of_year(YEAR))}


def test_one_notice_belongs_to_one_unit(world):
    lead = world.people["lead"]
    first, second = world.inspect("stp"), world.inspect("bmt")
    services.issue_notice(lead, first, "15/TB-SNV", dt.date(YEAR, 3, 10), stream("a"), "tb.pdf")
    with pytest.raises(RegisterError, match="đã dùng cho Sở Tư pháp"):
        services.issue_notice(
            lead, second, "15/tb-snv", dt.date(YEAR, 3, 12), stream("b"), "tb2.pdf"
        )
    with pytest.raises(RegisterError, match="không dùng một văn bản cho nhiều đơn vị"):
        services.issue_notice(
            lead, second, "16/TB-SNV", dt.date(YEAR, 3, 12), stream("a"), "tb.pdf"
        )
    second.refresh_from_db()
    assert second.notice_id is None
    assert ConclusionNotice.objects.count() == 1
    services.issue_notice(lead, second, "16/TB-SNV", dt.date(YEAR, 3, 12), stream("c"), "tb3.pdf")
    assert ConclusionNotice.objects.filter(unit=world.units["bmt"]).count() == 1


def test_the_remediation_plan_is_due_in_working_days_after_the_notice(world):
    inspection = world.inspect("stp", start=dt.date(YEAR, 2, 9))
    notice_day = dt.date(YEAR, 2, 13)  # the Friday before Tết: 16–20/2 are holidays
    services.issue_notice(world.people["lead"], inspection, "1/TB", notice_day, stream(), "tb.pdf")
    inspection.refresh_from_db()
    expected = calendar().add_working_days(notice_day, services.remediation_plan_days())
    assert inspection.remediation_plan_due == expected
    assert inspection.remediation_plan_due > notice_day + dt.timedelta(days=21)


def test_a_finding_is_not_closed_without_a_plan_or_evidence(world):
    inspection = world.inspect("stp")
    finding = inspection.findings.first()
    officer = world.people["unit"]
    with pytest.raises(RegisterError) as refused:
        services.report_remediation(officer, finding, "Đã sửa", dt.date(YEAR, 4, 1), None)
    assert "kế hoạch khắc phục" in str(refused.value)
    assert "tài liệu kiểm chứng" in str(refused.value)
    services.file_remediation_plan(
        officer, inspection, "3/KH", dt.date(YEAR, 3, 20), stream("p"), "kh.pdf"
    )
    with pytest.raises(RegisterError, match="tài liệu kiểm chứng"):
        services.report_remediation(officer, finding, "Đã sửa", dt.date(YEAR, 4, 1), None)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    services.report_remediation(
        officer, finding, "Đã sửa", dt.date(YEAR, 4, 1), stream("e"), "e.pdf"
    )
    finding.refresh_from_db()
    assert finding.status == Finding.Status.REMEDIATED and finding.evidence is not None


def test_only_the_inspected_unit_remediates_and_only_the_team_reviews(world):
    inspection = world.inspect("stp")
    finding = inspection.findings.first()
    with pytest.raises(PermissionDenied):
        services.file_remediation_plan(
            world.people["commune"], inspection, "1", dt.date(YEAR, 3, 20), stream(), "kh.pdf"
        )
    world.remediate(finding)
    with pytest.raises(PermissionDenied):
        services.review_finding(world.people["unit"], finding, accept=True)
    with pytest.raises(RegisterError, match="lý do"):
        services.review_finding(world.people["lead"], finding, accept=False)
    services.review_finding(world.people["lead"], finding, accept=False, comment="Chưa đủ")
    finding.refresh_from_db()
    assert finding.status == Finding.Status.REOPENED


def test_figures_of_13_14_48_49_count_the_rows(world):
    InspectionPlanItem.objects.create(
        year=YEAR, unit=world.units["bmt"], kind=InspectionKind.DECENTRALISED,
        team_unit=world.units["snv"], planned_month=5,
    )  # fmt: skip
    stp = world.inspect("stp", findings=2)
    world.inspect("bmt", findings=1, kind=InspectionKind.DECENTRALISED)
    first, second = stp.findings.all()
    world.remediate(first)
    world.remediate(second)
    services.review_finding(world.people["lead"], second, accept=False, comment="Làm lại")
    found = figures()
    assert found["PAR:1.4#0"].value == Decimal("50.00")
    assert found["PAR:1.4#0"].text.startswith("1/2 vấn đề")
    assert found["PAR:1.4#1"].value == Decimal("50.00")
    assert found["PAR:4.9#0"].value == Decimal("0.00")
    decentralised = next(f for k, f in found.items() if k.startswith("PAR:4.8"))
    assert decentralised.value == Decimal("100.00") and decentralised.target_order is None
    inspected = found["PAR:1.3#0"]
    assert inspected.rows == 1 and inspected.text.startswith("1/")
    # a window ending before the remediation does not count it
    early = Window(YEAR, dt.date(YEAR - 1, 12, 15), dt.date(YEAR, 4, 5), "Quý I")
    assert figures(early)["PAR:1.4#0"].value == Decimal("0.00")


def test_a_unit_without_findings_gets_nothing_to_count_not_a_blank(world):
    world.inspect("stp", findings=1)
    per_unit = RegisterSource().unit_figures(Window.of_year(YEAR), [world.units["bmt"].pk])
    item = next(i for i in per_unit[world.units["bmt"].pk] if i.key == "PAR:1.4#0")
    assert item.value is None and "chưa có vấn đề" in item.text


def test_a_year_without_any_inspection_computes_nothing(world):
    assert not any(k.startswith(("PAR:1.3", "PAR:1.4")) for k in figures())
