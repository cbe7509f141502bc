"""Writing a report's status and figures and stepping its workflow through the API."""

from __future__ import annotations

from parsipas.api.tests.conftest import Caller, Keys
from parsipas.audit.models import AuditEntry
from parsipas.plans.models import Assignment
from parsipas.reporting.models import Report, ReportEvent
from parsipas.testing.builders import SmallPlan
from parsipas.testing.present import present


def _path(plan: SmallPlan, code: str = "1.2", unit: str = "stp") -> str:
    return f"/reports/{plan.plan.year}/Y/{plan.assignment(code, unit).pk}"


def _body(plan: SmallPlan, **extra: object) -> dict[str, object]:
    return {
        "status": "done",
        "narrative": "Đã gửi đủ 4 báo cáo đúng hạn.",
        "no_evidence_reason": "Báo cáo gửi qua hệ thống quản lý văn bản.",
        "figures": [{"target_id": plan.targets["1.2"].pk, "value": "100", "note": "4/4"}],
        **extra,
    }


def test_a_unit_token_saves_status_and_figures_like_the_web_form(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    response = api("PUT", _path(small_plan), keys.stp, body=_body(small_plan))
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["status"] == "done" and body["version"] == 1
    assert body["figures"][0]["result"] == "met"
    report = Report.objects.get(pk=body["id"])
    assert present(report.updated_by).api_token.label == "stp"
    entries = AuditEntry.objects.filter(actor=report.updated_by)
    assert entries.filter(model="reporting.report", action="create").exists()
    assert entries.filter(message__contains="API stp: PUT").exists()


def test_writes_need_the_scope_and_the_own_unit(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    assert api("PUT", _path(small_plan), keys.stp_read, body=_body(small_plan)).status_code == 403
    other = api("PUT", _path(small_plan, unit="stc"), keys.stp, body=_body(small_plan))
    assert other.status_code == 404  # another unit's report does not exist for this token
    lead = api("PUT", _path(small_plan, unit="stc"), keys.lead, body=_body(small_plan))
    assert lead.status_code == 403  # a lead reads it, but only the unit writes it
    assert not Report.objects.exists()


def test_a_stale_version_is_409_and_changes_nothing(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    api("PUT", _path(small_plan), keys.stp, body=_body(small_plan, version=0))
    stale = api(
        "PUT", _path(small_plan), keys.stp, body=_body(small_plan, narrative="Khác", version=0)
    )
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    assert Report.objects.get().narrative == "Đã gửi đủ 4 báo cáo đúng hạn."


def test_a_figure_of_another_criterion_names_the_field(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    body = _body(small_plan, figures=[{"target_id": small_plan.targets["2.2"].pk, "value": "1"}])
    response = api("PUT", _path(small_plan), keys.stp, body=body)
    assert response.status_code == 422 and response.json()["field"] == "figures[0].target_id"


def test_submit_then_the_lead_accepts_but_never_its_own_units_report(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    path = _path(small_plan)
    api("PUT", path, keys.stp, body=_body(small_plan))
    submitted = api("POST", path + "/actions", keys.stp, body={"action": "submit"})
    assert submitted.status_code == 200 and submitted.json()["workflow"] == "submitted"
    # the unit cannot accept its own report, nor edit it once sent
    assert api("POST", path + "/actions", keys.stp, body={"action": "accept"}).status_code == 403
    assert api("PUT", path, keys.stp, body=_body(small_plan)).status_code == 409
    accepted = api("POST", path + "/actions", keys.lead, body={"action": "accept"})
    assert accepted.status_code == 200 and accepted.json()["workflow"] == "accepted"
    assert ReportEvent.objects.filter(
        action="accepted", user_name="Tích hợp API: snv-lead"
    ).exists()

    # Sở Nội vụ also implements 1.1, which it leads: its token cannot accept that report.
    own = Assignment.objects.create(node=small_plan.nodes["1.1"], unit=small_plan.units["snv"])
    own_path = f"/reports/{small_plan.plan.year}/Y/{own.pk}"
    api("PUT", own_path, keys.lead, body={"status": "in_progress", "narrative": "Đang làm"})
    assert (
        api("POST", own_path + "/actions", keys.lead, body={"action": "submit"}).status_code == 200
    )
    refused = api("POST", own_path + "/actions", keys.lead, body={"action": "accept"})
    assert refused.status_code == 403 and "chính đơn vị mình" in refused.json()["detail"]
    assert Report.objects.get(assignment=own).workflow == "submitted"


def test_returning_needs_a_comment_and_withdraw_is_the_units(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    path = _path(small_plan)
    api("PUT", path, keys.stp, body=_body(small_plan))
    api("POST", path + "/actions", keys.stp, body={"action": "submit"})
    no_comment = api("POST", path + "/actions", keys.lead, body={"action": "return"})
    assert no_comment.status_code == 422 and "ý kiến" in no_comment.json()["detail"]
    assert api("POST", path + "/actions", keys.lead, body={"action": "withdraw"}).status_code == 403
    withdrawn = api("POST", path + "/actions", keys.stp, body={"action": "withdraw"})
    assert withdrawn.json()["workflow"] == "draft"
