"""The registers through the API, over the request stack: endpoint × scope × own/other unit.

On the registers' own 2026 plan (parsipas/registers/tests/conftest.py): Sở Nội vụ keeps the
inspections, Văn phòng UBND tỉnh the Government tasks; Sở Tư pháp and Phường Buôn Ma Thuột
implement; Sở Tài chính is another unit with no rows.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest

from parsipas.api import tokens
from parsipas.api.models import Scope, TokenRole
from parsipas.api.tests.conftest import Caller
from parsipas.audit.models import AuditEntry
from parsipas.registers.models import Finding, GovernmentTask, Initiative, Inspection
from parsipas.registers.tests.conftest import PDF, YEAR, World, world  # noqa: F401

READ_WRITE = [Scope.READ, Scope.WRITE_REGISTERS]


@pytest.fixture
def keys(world: World) -> dict[str, str]:  # noqa: F811
    units = world.units

    def key(unit: str, scopes: list[Scope], label: str, role: str = TokenRole.UNIT) -> str:
        return tokens.issue(units[unit], scopes, label, role=role).key

    return {
        "stp": key("stp", READ_WRITE, "stp"),
        "stp_read": key("stp", [Scope.READ], "stp-read"),
        "stp_figures": key("stp", [Scope.READ, Scope.WRITE_FIGURES], "stp-figures"),
        "stc": key("stc", READ_WRITE, "stc"),
        "snv": key("snv", READ_WRITE, "snv-lead", TokenRole.LEAD),
        "vp": key("vpubnd", READ_WRITE, "vp-lead", TokenRole.LEAD),
        "vp_read": key("vpubnd", [Scope.READ], "vp-read", TokenRole.LEAD),
    }


def _task_body(**changes: Any) -> dict[str, Any]:
    body = {
        "year": YEAR,
        "tracker_id": "NV-API-1",
        "doc_number": "101/VPCP-KSTT",
        "doc_date": f"{YEAR}-01-05",
        "issuer": "Văn phòng Chính phủ",
        "content": "Rà soát, đơn giản hóa TTHC nội bộ",
        "units": ["stp", "phuong-buon-ma-thuot"],
        "due_date": f"{YEAR}-03-31",
    }
    return {**body, **changes}


def _inspection_body(**changes: Any) -> dict[str, Any]:
    body = {
        "year": YEAR,
        "unit": "stp",
        "kind": "cchc",
        "team": "Đoàn kiểm tra CCHC số 1",
        "start_date": f"{YEAR}-03-02",
        "end_date": f"{YEAR}-03-04",
        "findings": [
            {"text": "Chưa niêm yết TTHC", "due_date": f"{YEAR}-05-01"},
            {"text": "Trả hồ sơ quá hạn không xin lỗi", "due_date": f"{YEAR}-05-15"},
        ],
    }
    return {**body, **changes}


def _evidence(marker: str = "") -> dict[str, str]:
    content = base64.b64encode(PDF + marker.encode()).decode()
    return {"filename": "bao-cao-ket-qua.pdf", "content_base64": content}


def test_the_task_keeper_creates_and_updates_a_task_audited_as_its_token(
    api: Caller, keys: dict[str, str]
) -> None:
    created = api("POST", "/registers/tasks", keys["vp"], body=_task_body())
    assert created.status_code == 201, created.content.decode()
    data = created.json()
    assert data["units"] == ["phuong-buon-ma-thuot", "stp"] and data["status"] == "in_progress"
    task = GovernmentTask.objects.get(pk=data["id"])
    assert task.created_by is not None and task.created_by.api_token.label == "vp-lead"
    changed = api("PUT", f"/registers/tasks/{task.pk}", keys["vp"], body=_task_body(units=["stp"]))
    assert changed.status_code == 200 and changed.json()["units"] == ["stp"]
    events = AuditEntry.objects.filter(action="event", message__startswith="API vp-lead: ")
    assert events.count() == 2
    assert AuditEntry.objects.filter(actor=task.created_by).exclude(pk__in=events).exists()


def test_a_task_refused_by_the_rules_changes_nothing_and_names_the_field(
    api: Caller, keys: dict[str, str]
) -> None:
    early = api("POST", "/registers/tasks", keys["vp"], body=_task_body(due_date=f"{YEAR}-01-01"))
    assert early.status_code == 422
    assert "Hạn hoàn thành không được trước ngày văn bản giao" in early.json()["detail"]
    unknown = api("POST", "/registers/tasks", keys["vp"], body=_task_body(units=["khong-co"]))
    assert unknown.status_code == 422 and unknown.json()["field"] == "units"
    assert GovernmentTask.objects.count() == 0


def test_only_the_keeper_with_write_registers_records_tasks(
    api: Caller, keys: dict[str, str]
) -> None:
    for key in ("stp", "stc", "snv"):  # not the lead of 1.8
        refused = api("POST", "/registers/tasks", keys[key], body=_task_body())
        assert refused.status_code == 403, key
    assert api("POST", "/registers/tasks", keys["vp_read"], body=_task_body()).status_code == 403
    assert GovernmentTask.objects.count() == 0
    # The policy refusals are audited; a missing scope is refused before the call starts.
    assert AuditEntry.objects.filter(message__contains="bị từ chối (403)").count() == 3


def test_tasks_are_read_by_the_assigned_unit_and_the_keeper_not_by_another_unit(
    api: Caller, keys: dict[str, str]
) -> None:
    api("POST", "/registers/tasks", keys["vp"], body=_task_body(content="Việc BI-MAT"))
    own = api("GET", "/registers/tasks", keys["stp_read"], query={"year": YEAR})
    assert own.status_code == 200 and [t["content"] for t in own.json()["items"]] == ["Việc BI-MAT"]
    again = api(
        "GET", "/registers/tasks", keys["stp_read"], query={"year": YEAR},
        headers={"If-None-Match": own["ETag"]},
    )  # fmt: skip
    assert again.status_code == 304
    keeper = api("GET", "/registers/tasks", keys["vp_read"], query={"year": YEAR, "unit": "stp"})
    assert len(keeper.json()["items"]) == 1
    other = api("GET", "/registers/tasks", keys["stc"], query={"year": YEAR})
    assert other.json()["items"] == []
    peek = api("GET", "/registers/tasks", keys["stc"], query={"year": YEAR, "unit": "stp"})
    assert peek.status_code == 404 and "BI-MAT" not in peek.content.decode()


def test_the_assigned_unit_reports_completion_with_evidence_another_unit_cannot(
    api: Caller, keys: dict[str, str]
) -> None:
    task_id = api("POST", "/registers/tasks", keys["vp"], body=_task_body()).json()["id"]
    body = {"completed_on": f"{YEAR}-03-20", "result": "Đã ban hành Quyết định 12/QĐ-STP"}
    other = api(
        "POST", f"/registers/tasks/{task_id}/completion", keys["stc"],
        body={**body, "evidence": _evidence()},
    )  # fmt: skip
    assert other.status_code == 404
    no_scope = api(
        "POST", f"/registers/tasks/{task_id}/completion", keys["stp_figures"],
        body={**body, "evidence": _evidence()},
    )  # fmt: skip
    assert no_scope.status_code == 403
    bad = api(
        "POST", f"/registers/tasks/{task_id}/completion", keys["stp"],
        body={**body, "evidence": {"filename": "x.pdf", "content_base64": "%%%"}},
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "evidence"
    html = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()
    hostile = api(
        "POST", f"/registers/tasks/{task_id}/completion", keys["stp"],
        body={**body, "evidence": {"filename": "evil.pdf", "content_base64": html}},
    )  # fmt: skip
    assert hostile.status_code == 422
    assert GovernmentTask.objects.get(pk=task_id).status == "in_progress"
    done = api(
        "POST", f"/registers/tasks/{task_id}/completion", keys["stp"],
        body={**body, "evidence": _evidence("ok")},
    )  # fmt: skip
    assert done.status_code == 200, done.content.decode()
    assert done.json()["status"] == "done" and done.json()["evidence"]["name"] == (
        "bao-cao-ket-qua.pdf"
    )
    updated = api("PUT", f"/registers/tasks/{task_id}", keys["stp"], body=_task_body())
    assert updated.status_code == 403  # an assigned unit reports, it does not edit the task


def test_the_inspection_keeper_records_an_inspection_with_findings(
    api: Caller, keys: dict[str, str]
) -> None:
    created = api("POST", "/registers/inspections", keys["snv"], body=_inspection_body())
    assert created.status_code == 201, created.content.decode()
    data = created.json()
    assert data["team_unit"] == "snv" and [f["text"] for f in data["findings"]] == [
        "Chưa niêm yết TTHC",
        "Trả hồ sơ quá hạn không xin lỗi",
    ]
    inspection = Inspection.objects.get(pk=data["id"])
    assert inspection.created_by is not None
    assert inspection.created_by.api_token.label == "snv-lead"
    assert Finding.objects.filter(inspection=inspection).count() == 2
    late = _inspection_body(findings=[{"text": "X", "due_date": f"{YEAR}-03-01"}])
    refused = api("POST", "/registers/inspections", keys["snv"], body=late)
    assert refused.status_code == 422 and "hạn khắc phục" in refused.json()["detail"]
    for key in ("stp", "stc", "vp_read"):  # units, and a keeper (1.4) without write scope
        assert (
            api("POST", "/registers/inspections", keys[key], body=_inspection_body()).status_code
            == 403
        )
    assert Inspection.objects.count() == 1


def test_inspections_and_initiatives_are_read_by_their_unit_only(
    api: Caller,
    keys: dict[str, str],
    world: World,  # noqa: F811
) -> None:
    world.inspect("stp")
    world.inspect("bmt")
    Initiative.objects.create(
        year=YEAR,
        unit=world.units["stp"],
        title="Một cửa số BI-MAT",
        proposed_on=dt.date(YEAR, 2, 1),
    )
    own = api("GET", "/registers/inspections", keys["stp_read"], query={"year": YEAR}).json()
    assert [i["unit"] for i in own["items"]] == ["stp"] and len(own["items"][0]["findings"]) == 2
    first = api(
        "GET",
        "/registers/inspections",
        keys["snv"],
        query={"year": YEAR, "unit": "stp", "limit": 1},
    ).json()
    assert first["next_cursor"] is None and len(first["items"]) == 1
    assert (
        api("GET", "/registers/inspections", keys["stc"], query={"year": YEAR}).json()["items"]
        == []
    )
    assert (
        api("GET", "/registers/inspections", keys["stc"], query={"unit": "stp"}).status_code == 404
    )
    initiatives = api("GET", "/registers/initiatives", keys["stp_read"], query={"year": YEAR})
    assert [i["title"] for i in initiatives.json()["items"]] == ["Một cửa số BI-MAT"]
    other = api("GET", "/registers/initiatives", keys["stc"], query={"unit": "stp"})
    assert other.status_code == 404
    assert api("GET", "/registers/initiatives", None).status_code == 401
    procedures = api("GET", "/registers/procedures", keys["stc"], query={"year": YEAR})
    assert procedures.status_code == 200 and procedures.json()["items"] == []


def test_cursor_pages_walk_every_task(api: Caller, keys: dict[str, str]) -> None:
    for n in range(5):
        api("POST", "/registers/tasks", keys["vp"], body=_task_body(tracker_id=f"NV-{n}"))
    seen, cursor = [], None
    while True:
        query: dict[str, Any] = {"year": YEAR, "limit": 2}
        if cursor:
            query["cursor"] = cursor
        answer = api("GET", "/registers/tasks", keys["stp"], query=query).json()
        seen += [t["tracker_id"] for t in answer["items"]]
        cursor = answer["next_cursor"]
        if not cursor:
            break
    assert seen == [f"NV-{n}" for n in range(5)]
