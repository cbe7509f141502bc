"""Dossier batches: JSON or CSV, all-or-nothing, upsert, Idempotency-Key, own unit only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from parsipas.api import batches
from parsipas.api.models import IdempotentCall
from parsipas.api.tests.conftest import Caller, Keys
from parsipas.dossiers.models import Dossier, DossierImport
from parsipas.testing.builders import SmallPlan


def _row(code: str, unit: str = "stp", **extra: Any) -> dict[str, Any]:
    return {
        "dossier_code": code,
        "unit_code": unit,
        "procedure_code": "1.001",
        "received": "2026-03-02T08:00:00+07:00",
        "due": "2026-03-09T17:00:00+07:00",
        "finished": "2026-03-05T10:00:00+07:00",
        "channel": "truc_tuyen",
        "fully_online": True,
        "rating": 5,
        **extra,
    }


def test_a_json_batch_imports_and_a_retry_with_the_same_key_imports_once(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    rows = [_row(f"STP-{i}") for i in range(3)]
    headers = {"Idempotency-Key": "lo-1"}
    first = api("POST", "/dossiers/batches", keys.stp, body=rows, headers=headers)
    assert first.status_code == 201, first.content.decode()
    assert first.json() | {"batch_id": 0} == {
        "batch_id": 0,
        "rows": 3,
        "created": 3,
        "updated": 0,
        "replayed": False,
    }
    retry = api("POST", "/dossiers/batches", keys.stp, body=rows, headers=headers)
    assert retry.status_code == 200 and retry.json()["replayed"] is True
    assert retry.json()["batch_id"] == first.json()["batch_id"]
    assert DossierImport.objects.count() == 1 and Dossier.objects.count() == 3
    other = api("POST", "/dossiers/batches", keys.stp, body=rows[:1], headers=headers)
    assert other.status_code == 422 and other.json()["field"] == "Idempotency-Key"


def test_a_batch_upserts_on_the_dossier_code(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    api("POST", "/dossiers/batches", keys.stp, body=[_row("STP-1")])
    again = api(
        "POST", "/dossiers/batches", keys.stp, body=[_row("STP-1", rating=2), _row("STP-2")]
    )
    assert again.json()["created"] == 1 and again.json()["updated"] == 1
    assert Dossier.objects.get(code="STP-1").rating == 2


def test_a_csv_batch_goes_through_the_same_import(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    csv = (
        "Mã hồ sơ,Đơn vị,Mã TTHC,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành,Kênh nộp\n"
        "STP-C1,Sở Tư pháp,1.001,02/03/2026 08:00,09/03/2026,05/03/2026,trực tiếp\n"
    )
    response = api(
        "POST", "/dossiers/batches", keys.stp, body=csv.encode(), content_type="text/csv"
    )
    assert response.status_code == 201, response.content.decode()
    assert Dossier.objects.get(code="STP-C1").unit.code == "stp"


def test_one_bad_row_refuses_the_whole_batch_and_changes_nothing(
    api: Caller, keys: Keys, small_plan: SmallPlan
) -> None:
    api("POST", "/dossiers/batches", keys.stp, body=[_row("STP-1")])
    rows = [_row("STP-1", rating=1), _row("STP-2"), _row("STP-3", received="32/13/2026")]
    response = api("POST", "/dossiers/batches", keys.stp, body=rows)
    assert response.status_code == 422
    assert "Dòng 4" in response.json()["detail"]  # the CSV line: header + 3rd row
    assert Dossier.objects.count() == 1 and Dossier.objects.get().rating == 5
    invalid = api("POST", "/dossiers/batches", keys.stp, body=[_row("X", channel="fax")])
    assert invalid.status_code == 422 and invalid.json()["field"] == "0.channel"
    assert invalid.json()["detail"].startswith("Hồ sơ thứ 1: trường 'channel' phải là một trong")


def test_rows_of_another_unit_are_refused(api: Caller, keys: Keys, small_plan: SmallPlan) -> None:
    response = api("POST", "/dossiers/batches", keys.stp, body=[_row("A"), _row("B", unit="stc")])
    assert response.status_code == 403 and "row 3" in response.json()["field"]
    api("POST", "/dossiers/batches", keys.stc, body=[_row("STC-1", unit="stc")])
    takeover = api("POST", "/dossiers/batches", keys.stp, body=[_row("STC-1")])
    assert takeover.status_code == 409  # the code is another unit's dossier
    assert Dossier.objects.get(code="STC-1").unit.code == "stc"
    assert api("POST", "/dossiers/batches", keys.stp_read, body=[_row("A")]).status_code == 403


def test_limits_and_content_types(
    api: Caller, keys: Keys, small_plan: SmallPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batches, "MAX_ROWS", 2)
    too_many = api("POST", "/dossiers/batches", keys.stp, body=[_row(str(i)) for i in range(3)])
    assert too_many.status_code == 413
    plain = api("POST", "/dossiers/batches", keys.stp, body=b"x", content_type="text/plain")
    assert plain.status_code == 415 and plain.json()["field"] == "Content-Type"
    assert not Dossier.objects.exists()


def test_keys_are_kept_a_week(api: Caller, keys: Keys, small_plan: SmallPlan) -> None:
    api("POST", "/dossiers/batches", keys.stp, body=[_row("A")], headers={"Idempotency-Key": "old"})
    IdempotentCall.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    api("POST", "/dossiers/batches", keys.stp, body=[_row("B")], headers={"Idempotency-Key": "new"})
    assert list(IdempotentCall.objects.values_list("key", flat=True)) == ["new"]
