"""No one reviews a report of their own unit.

Sở Nội vụ leads and implements 31 criteria of the real plan: its lead officer must not accept (or
return) its own unit's report. Who may instead: the admin (the reform office), or an officer of
another lead agency of the same criterion.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from parsipas.accounts import policy
from parsipas.plans.models import Assignment
from parsipas.reporting import workflow
from parsipas.reporting.models import Report
from parsipas.reporting.tests.conftest import SmallPlan, report_data, report_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_report(small_plan: SmallPlan, people: dict[str, Any], login: Any) -> Report:
    """Sở Nội vụ implements criterion 1.1, which it leads, and its lead officer submits it."""
    Assignment.objects.create(node=small_plan.nodes["1.1"], unit=small_plan.units["snv"])
    lead = login(people["lead"], Client())
    url = report_path(small_plan, "1.1", "snv")
    data = report_data(0, status="in_progress", narrative="Sở Nội vụ tự báo cáo.")
    assert lead.post(url, {**data, "action": "submit"}).status_code == 302
    report = Report.objects.get(assignment__unit=small_plan.units["snv"])
    assert report.workflow == "submitted"
    return report


def test_a_lead_cannot_accept_its_own_units_report(
    small_plan: SmallPlan, people: dict[str, Any], own_report: Report, login: Any
) -> None:
    lead = login(people["lead"], Client())
    url = report_path(small_plan, "1.1", "snv", suffix="duyet/")
    response = lead.post(url, {"decision": "accept"})
    assert response.status_code == 403
    own_report.refresh_from_db()
    assert own_report.workflow == "submitted" and own_report.reviewed_by is None
    response = lead.post(url, {"decision": "return", "comment": "Tự trả lại"})
    assert response.status_code == 403
    own_report.refresh_from_db()
    assert own_report.workflow == "submitted"


def test_the_workflow_refuses_self_review_whoever_calls_it(
    people: dict[str, Any], own_report: Report
) -> None:
    with pytest.raises(workflow.ReportError, match="của chính đơn vị"):
        workflow.review(own_report, people["lead"], accept=True)
    own_report.refresh_from_db()
    assert own_report.workflow == "submitted"


def test_the_page_and_the_queue_say_who_reviews_it_instead(
    small_plan: SmallPlan, people: dict[str, Any], own_report: Report, login: Any
) -> None:
    lead = login(people["lead"], Client())
    page = lead.get(report_path(small_plan, "1.1", "snv")).content.decode()
    assert 'name="decision"' not in page
    assert "Báo cáo của chính đơn vị bạn" in page and "quản trị" in page
    queue = lead.get(f"/bao-cao/duyet/?ky={small_plan.current.year}-Y").content.decode()
    assert "Sở Nội vụ" in queue and "Đơn vị mình" in queue


def test_the_admin_or_another_lead_of_the_criterion_reviews_it(
    small_plan: SmallPlan, people: dict[str, Any], own_report: Report, login: Any
) -> None:
    small_plan.nodes["1.1"].lead_units.add(small_plan.units["vpubnd"])
    assert policy.can_review_report(people["lead_vp"], own_report)
    assert "Văn phòng UBND tỉnh" in policy.self_review_note(own_report)
    lead_vp = login(people["lead_vp"], Client())
    url = report_path(small_plan, "1.1", "snv", suffix="duyet/")
    assert lead_vp.post(url, {"decision": "accept"}).status_code == 302
    own_report.refresh_from_db()
    assert own_report.workflow == "accepted" and own_report.reviewed_by == people["lead_vp"]


def test_the_admin_reviews_a_report_of_the_reform_office(
    small_plan: SmallPlan, people: dict[str, Any], own_report: Report, login: Any
) -> None:
    admin = login(people["admin"], Client())
    url = report_path(small_plan, "1.1", "snv", suffix="duyet/")
    assert admin.post(url, {"decision": "return", "comment": "Bổ sung số liệu"}).status_code == 302
    own_report.refresh_from_db()
    assert own_report.workflow == "returned"


def test_other_units_reports_are_still_reviewed_by_the_lead(
    small_plan: SmallPlan, people: dict[str, Any], login: Any
) -> None:
    unit = login(people["unit"], Client())
    data = report_data(0, status="in_progress", narrative="Sở Tư pháp báo cáo.")
    assert (
        unit.post(report_path(small_plan, "1.1", "stp"), {**data, "action": "submit"}).status_code
        == 302
    )
    lead = login(people["lead"], Client())
    url = report_path(small_plan, "1.1", "stp", suffix="duyet/")
    assert lead.post(url, {"decision": "accept"}).status_code == 302
    assert Report.objects.get().workflow == "accepted"
