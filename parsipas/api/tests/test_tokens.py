"""Token lifecycle: issue (hash only, shown once), use, expiry, revoke; CLI and admin page."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.utils import timezone

from parsipas.api import ratelimit, tokens
from parsipas.api.models import ApiToken, Scope, TokenRole
from parsipas.api.tests.conftest import Caller, Keys
from parsipas.testing.builders import SmallPlan
from parsipas.units.models import Unit


def test_only_the_hash_is_stored_and_the_key_works_until_revoked(
    api: Caller, small_plan: SmallPlan
) -> None:
    issued = tokens.issue(small_plan.units["stp"], [Scope.READ], "Một cửa STP")
    token = ApiToken.objects.get()
    assert issued.key.startswith("psk_") and issued.key not in str(token.__dict__)
    assert token.key_hash == tokens.hash_key(issued.key)
    assert token.user.has_usable_password() is False
    assert api("GET", "/token", issued.key).json()["label"] == "Một cửa STP"
    token.refresh_from_db()
    assert token.last_used_at is not None
    tokens.revoke(token)
    assert api("GET", "/token", issued.key).status_code == 401
    token.user.refresh_from_db()
    assert token.user.is_active is False


def test_an_expired_token_is_refused(api: Caller, small_plan: SmallPlan) -> None:
    issued = tokens.issue(
        small_plan.units["stp"],
        [Scope.READ],
        "tạm",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert api("GET", "/token", issued.key).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api("GET", "/token", issued.key).status_code == 401


def test_tokens_that_cannot_be_issued_say_why(small_plan: SmallPlan) -> None:
    unit = small_plan.units["stp"]
    tokens.issue(unit, [Scope.READ], "trùng")
    with pytest.raises(tokens.TokenError, match="Đã có mã"):
        tokens.issue(unit, [Scope.READ], "trùng")
    with pytest.raises(tokens.TokenError, match="không được có phạm vi ghi"):
        tokens.issue(unit, [Scope.WRITE_FIGURES], "xem", role=TokenRole.VIEWER)
    with pytest.raises(tokens.TokenError, match="Phạm vi không hợp lệ"):
        tokens.issue(unit, ["admin"], "lạ")


def test_the_command_prints_the_key_alone_on_its_last_line_and_revokes_by_label(
    api: Caller, small_plan: SmallPlan
) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "api", "token", "create", "--unit", "stp", "--scope", "read", "--scope", "write:figures",
        "--label", "VBĐH", "--expires", "2099-12-31", stdout=out, stderr=err,
    )  # fmt: skip
    key = out.getvalue().strip().splitlines()[-1]
    assert key.startswith("psk_") and " " not in key
    token = ApiToken.objects.get(label="VBĐH")
    assert token.scopes == ["read", "write:figures"]
    assert timezone.localtime(token.expires_at).date() == dt.date(2099, 12, 31)
    assert api("GET", "/token", key).status_code == 200
    call_command("api", "token", "revoke", "VBĐH", stdout=StringIO())
    assert api("GET", "/token", key).status_code == 401
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("api", "token", "create", "--unit", "zzz", "--scope", "read", "--label", "x")


def test_the_admin_issues_and_revokes_on_the_page_and_nobody_else_can(
    login: Any, people: dict[str, Any], small_plan: SmallPlan
) -> None:
    for role in ("lead", "unit", "viewer"):
        assert login(people[role], Client()).get("/api/ma-truy-cap/").status_code == 403
    admin = login(people["admin"], Client())
    page = admin.post(
        "/api/ma-truy-cap/",
        {
            "label": "Cổng",
            "unit": Unit.objects.get(code="stp").pk,
            "role": "unit",
            "scopes": ["read"],
        },
    )
    assert page.status_code == 200
    token = ApiToken.objects.get(label="Cổng")
    shown = page.content.decode()
    assert "Sao chép mã này ngay" in shown and token.prefix in shown
    assert "Sao chép mã này ngay" not in admin.get("/api/ma-truy-cap/").content.decode()
    assert (
        login(people["unit"], Client()).post(f"/api/ma-truy-cap/{token.pk}/thu-hoi/").status_code
        == 403
    )
    admin.post(f"/api/ma-truy-cap/{token.pk}/thu-hoi/")
    token.refresh_from_db()
    assert token.revoked_at is not None


@override_settings(API_RATE_LIMIT_PER_MINUTE=3)
def test_past_the_rate_limit_a_token_gets_429_with_retry_after(
    api: Caller, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_010.0)  # 50 s left in the window
    for _ in range(3):
        assert api("GET", "/token", keys.stp).status_code == 200
    refused = api("GET", "/token", keys.stp)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    assert refused["Content-Type"] == "application/problem+json"
    assert api("GET", "/token", keys.stc).status_code == 200  # counted per token
