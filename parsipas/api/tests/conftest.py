"""Tokens on the shared small plan (parsipas/testing/builders.py), and a client that sends them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from parsipas.api import tokens
from parsipas.api.models import Scope, TokenRole
from parsipas.testing.builders import SmallPlan

ALL_SCOPES: list[str] = [Scope.READ, Scope.WRITE_FIGURES, Scope.WRITE_DOSSIERS]


@dataclass
class Keys:
    stp: str  # Sở Tư pháp, unit role, every scope
    stc: str  # Sở Tài chính, unit role, every scope
    stp_read: str  # read only
    stp_write: str  # write:figures and write:dossiers, no read
    lead: str  # Sở Nội vụ as lead agency, every scope
    viewer: str  # a province-wide read-only system


@pytest.fixture
def keys(small_plan: SmallPlan) -> Keys:
    units = small_plan.units

    def key(unit: str, scopes: list[str], label: str, role: str = TokenRole.UNIT) -> str:
        return tokens.issue(units[unit], scopes, label, role=role).key

    return Keys(
        stp=key("stp", ALL_SCOPES, "stp"),
        stc=key("stc", ALL_SCOPES, "stc"),
        stp_read=key("stp", [Scope.READ], "stp-read"),
        stp_write=key("stp", [Scope.WRITE_FIGURES, Scope.WRITE_DOSSIERS], "stp-write"),
        lead=key("snv", ALL_SCOPES, "snv-lead", TokenRole.LEAD),
        viewer=key("snv", [Scope.READ], "province-viewer", TokenRole.VIEWER),
    )


Caller = Callable[..., Any]


@pytest.fixture
def api(client: Client) -> Caller:
    """api("GET", "/reports", key, query={...}, body=..., headers={...}) -> response."""

    def do(
        method: str,
        path: str,
        key: str | None,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Any:
        extra = dict(headers or {})
        if key is not None:
            extra["Authorization"] = f"Bearer {key}"
        url = "/api/v1" + path
        data: Any = body
        if (
            body is not None
            and content_type == "application/json"
            and not isinstance(body, (bytes, str))
        ):
            data = json.dumps(body)
        if method == "GET":
            return client.get(url, query or {}, headers=extra)
        if query:
            from urllib.parse import urlencode

            url += "?" + urlencode(query)
        return client.generic(method, url, data or b"", content_type=content_type, headers=extra)

    return do
