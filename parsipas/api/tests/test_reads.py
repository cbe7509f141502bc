"""Every read endpoint × token scope × own/other unit, through the full request stack."""

from __future__ import annotations

import pytest

from parsipas.api.tests.conftest import Caller, Keys
from parsipas.reporting.models import Report
from parsipas.testing.builders import SmallPlan

YEAR_QUERY = "year"

# (path, query) for every read endpoint a unit token may call for its own unit.
UNIT_READS = [
    ("/token", {}),
    ("/years", {}),
    ("/plans/{year}", {}),
    ("/plans/{year}/assignments", {}),
    ("/periods", {}),
    ("/reports", {"period": "Q1"}),
    ("/reports/{year}/Q1/{assignment}", {}),
    ("/dossiers/indicators", {}),
    ("/q766/scores", {}),
    ("/sipas/indices", {}),
]
# Endpoints that take ?unit=: another unit's code answers 404, as if it did not exist.
UNIT_SCOPED = ["/reports", "/dossiers/indicators", "/q766/scores", "/sipas/indices"]
PROVINCE_READS = [("/rollups", {"period": "Q1"}), ("/par/projection", {})]


def _path(template: str, plan: SmallPlan) -> str:
    assignment = plan.assignment("1.1", "stp").pk
    return template.format(year=plan.plan.year, assignment=assignment)


def _query(query: dict[str, str], plan: SmallPlan) -> dict[str, object]:
    return {"year": plan.plan.year, **query} if query else {}


@pytest.mark.parametrize(("template", "query"), UNIT_READS)
def test_a_unit_token_reads_its_own_data(
    api: Caller, keys: Keys, small_plan: SmallPlan, template: str, query: dict[str, str]
) -> None:
    response = api("GET", _path(template, small_plan), keys.stp, query=_query(query, small_plan))
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"] == "application/json"
    assert response["ETag"].startswith('"')


@pytest.mark.parametrize(("template", "query"), UNIT_READS + PROVINCE_READS)
def test_without_a_token_every_read_is_401_problem(
    api: Caller, keys: Keys, small_plan: SmallPlan, template: str, query: dict[str, str]
) -> None:
    for key in (None, "psk_not-a-real-key", "Basic abc"):
        response = api("GET", _path(template, small_plan), key, query=_query(query, small_plan))
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["field"] == "Authorization" and "mã truy cập" in body["detail"]


@pytest.mark.parametrize(("template", "query"), UNIT_READS + PROVINCE_READS)
def test_a_token_without_the_read_scope_reads_nothing(
    api: Caller, keys: Keys, small_plan: SmallPlan, template: str, query: dict[str, str]
) -> None:
    response = api(
        "GET", _path(template, small_plan), keys.stp_write, query=_query(query, small_plan)
    )
    assert response.status_code == 403
    assert "read" in response.json()["detail"]


@pytest.mark.parametrize("path", UNIT_SCOPED)
def test_another_units_data_does_not_exist_for_a_unit_token(
    api: Caller, keys: Keys, small_plan: SmallPlan, path: str
) -> None:
    response = api("GET", path, keys.stp, query={"year": small_plan.plan.year, "unit": "stc"})
    assert response.status_code == 404
    assert response.json()["field"] == "unit"


def test_another_units_report_is_404_for_a_unit_token(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    other = small_plan.assignment("1.1", "stc").pk
    response = api("GET", f"/reports/{small_plan.plan.year}/Q1/{other}", keys.stp)
    assert response.status_code == 404
    assert response.json()["field"] == "assignment_id"


@pytest.mark.parametrize(("template", "query"), PROVINCE_READS)
def test_province_figures_are_for_lead_and_viewer_tokens_only(
    api: Caller, keys: Keys, small_plan: SmallPlan, template: str, query: dict[str, str]
) -> None:
    path, q = _path(template, small_plan), _query(query, small_plan)
    assert api("GET", path, keys.stp, query=q).status_code == 403
    for key in (keys.lead, keys.viewer):
        response = api("GET", path, key, query=q)
        # the PAR projection needs a framework: 404 names the year, not a permission problem
        assert response.status_code in (200, 404), response.content.decode()
        if response.status_code == 404:
            assert response.json()["field"] == "year"
    rollups = api("GET", "/rollups", keys.viewer, query=_query({"period": "Q1"}, small_plan))
    assert rollups.json()["province"]["assigned"] == 17


def test_reports_list_is_the_units_assignments_with_figures_and_evidence(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    period = small_plan.periods["Q1"]
    assignment = small_plan.assignment("1.2", "stp")
    report = Report.objects.create(
        assignment=assignment, period=period, status="done", narrative="Đã làm xong"
    )
    response = api("GET", "/reports", keys.stp, query={"year": period.year, "period": "Q1"})
    items = response.json()["items"]
    assert {i["unit"] for i in items} == {"stp"}
    assert len(items) == 6  # 1.1, 1.2, 1.8, 2.1, 2.2, 2.3
    saved = next(i for i in items if i["assignment_id"] == assignment.pk)
    assert saved["id"] == report.pk and saved["narrative"] == "Đã làm xong"
    assert saved["updated_at"].endswith("+07:00")
    unsaved = next(i for i in items if i["assignment_id"] != assignment.pk)
    assert unsaved["id"] is None and unsaved["workflow"] == "draft"


def test_a_viewer_token_reads_any_units_reports_and_a_lead_only_its_criteria(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    query = {"year": small_plan.plan.year, "period": "Q1", "unit": "stc"}
    viewer = api("GET", "/reports", keys.viewer, query=query).json()["items"]
    lead = api("GET", "/reports", keys.lead, query=query).json()["items"]
    assert {i["criterion"] for i in viewer} == {"1.1", "1.2", "1.8", "2.1", "2.2", "2.3"}
    assert {i["criterion"] for i in lead} == {"1.1", "1.2", "2.1", "2.2", "2.3"}  # not 1.8


def test_cursor_pages_cover_every_row_once(api: Caller, keys: Keys, small_plan: SmallPlan) -> None:
    seen, cursor = [], None
    while True:
        query = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        body = api(
            "GET", f"/plans/{small_plan.plan.year}/assignments", keys.stp, query=query
        ).json()
        seen += [a["id"] for a in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 17
    bad = api("GET", "/periods", keys.stp, query={"cursor": "%%%"})
    assert bad.status_code == 400 and bad.json()["field"] == "cursor"


def test_etag_answers_304_until_the_data_changes(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    path = f"/plans/{small_plan.plan.year}"
    first = api("GET", path, keys.stp)
    again = api("GET", path, keys.stp, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    node = small_plan.nodes["1.1"]
    node.title = "Thực hiện kế hoạch CCHC (sửa)"
    node.save()
    changed = api("GET", path, keys.stp, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_bad_parameters_name_the_field_in_vietnamese(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    response = api("GET", "/reports", keys.stp, query={"year": 1900, "period": "Q1"})
    assert response.status_code == 422
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["field"] == "year"
    assert body["detail"] == "Trường 'year' phải lớn hơn hoặc bằng 2000."
    missing = api("GET", "/reports", keys.stp, query={"year": 2001, "period": "Q1"})
    assert missing.status_code == 404 and "Không có kỳ báo cáo" in missing.json()["detail"]
