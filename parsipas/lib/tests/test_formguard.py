"""lib/formguard: the one module that keeps every public form's integrity rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from parsipas.lib import formguard


@pytest.fixture(autouse=True)
def clean_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_a_token_carries_its_scope_time_nonce_and_extra_fields() -> None:
    token = formguard.issue("salt", "stp", now=1000.0, extra={"m": "qr", "d": "quay-1"})
    read = formguard.read("salt", token, "stp", max_age=10**10, now=1001.0)
    assert read.scope == "stp" and read.issued_at == 1000.0 and read.nonce
    assert read.extra == {"m": "qr", "d": "quay-1"}
    assert formguard.read("salt", formguard.issue("salt", "x"), "x", 60).extra == {}


@pytest.mark.parametrize(
    "token, scope, salt",
    [("", "stp", "salt"), ("forged", "stp", "salt"), (None, "snv", "salt"), (None, "stp", "other")],
)
def test_a_bad_token_is_refused(token: str | None, scope: str, salt: str) -> None:
    good = formguard.issue("salt", "stp")
    with pytest.raises(formguard.BadToken):
        formguard.read(salt, good if token is None else token, scope, 60)


def test_a_nonce_is_claimed_once_and_hits_are_counted_per_client() -> None:
    assert formguard.claim_once("ns", "abc", 60) and not formguard.claim_once("ns", "abc", 60)
    assert formguard.peek_hits("ns", "client") == 0
    assert [formguard.count_hit("ns", "client") for _ in range(3)] == [1, 2, 3]
    assert formguard.peek_hits("ns", "client") == 3 and formguard.peek_hits("ns", "other") == 0
