"""Petitions through the API: a unit's own, personal data per policy, recording one."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from parsipas.api import tokens
from parsipas.api.models import Scope
from parsipas.api.tests.conftest import Caller, Keys
from parsipas.petitions import handling
from parsipas.petitions.models import Petition
from parsipas.testing.builders import SmallPlan
from parsipas.testing.present import present


def _receive(plan: SmallPlan, unit: str, text: str) -> Petition:
    return handling.receive(
        unit=plan.units[unit],
        channel="phone",
        content=text,
        sender=handling.Sender("Nguyễn Văn A", "0900000000", ""),
    )


def test_a_unit_token_reads_its_own_petitions_with_the_sender(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    _receive(small_plan, "stp", "Chậm trả kết quả lý lịch tư pháp")
    _receive(small_plan, "stc", "Thuế")
    items = api("GET", "/petitions", keys.stp).json()["items"]
    assert [i["content"] for i in items] == ["Chậm trả kết quả lý lịch tư pháp"]
    assert items[0]["sender"]["name"] == "Nguyễn Văn A"
    assert api("GET", "/petitions", keys.stp, query={"unit": "stc"}).status_code == 404
    viewer = api("GET", "/petitions", keys.viewer, query={"unit": "stc"}).json()["items"]
    assert viewer[0]["content"] == "Thuế" and viewer[0]["sender"] is None  # no personal data


def test_recording_a_petition_needs_write_registers_and_the_own_unit(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    body = {"channel": "portal", "content": "Hồ sơ bị trả lại nhiều lần", "sender": {"name": "B"}}
    assert api("POST", "/petitions", keys.stp, body=body).status_code == 403  # no scope
    key = tokens.issue(small_plan.units["stp"], [Scope.READ, Scope.WRITE_REGISTERS], "vbdh").key
    created = api("POST", "/petitions", key, body=body)
    assert created.status_code == 201, created.content.decode()
    petition = Petition.objects.get(code=created.json()["code"])
    assert petition.unit.code == "stp" and present(petition.created_by).api_token.label == "vbdh"
    other = api("POST", "/petitions", key, body={**body, "unit": "stc"})
    assert other.status_code == 404
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    future = api("POST", "/petitions", key, body={**body, "received_on": tomorrow})
    assert future.status_code == 422 and future.json()["field"] == "received_on"
    assert Petition.objects.count() == 1
