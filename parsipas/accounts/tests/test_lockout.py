"""The lockout: per (user, address), not dodged by a forged X-Forwarded-For, not a way for a
stranger to lock someone out, atomic under parallel tries; an admin unlocks; password reset is
rate-limited and reveals no account."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from parsipas.accounts import lockout
from parsipas.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/tai-khoan/dang-nhap/"


def _try(client: Client, password: str, ip: str = "203.0.113.9", **extra: Any) -> int:
    response = client.post(
        LOGIN, {"username": "t.unit.stp", "password": password}, REMOTE_ADDR=ip, **extra
    )
    if response.status_code == 302:
        return 302
    return 423 if "tạm khóa" in response.content.decode() else response.status_code


def test_a_forged_forwarded_address_does_not_dodge_the_lock(people, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    for n in range(3):
        _try(client, "sai", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    assert _try(client, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.200") == 423


def test_a_stranger_elsewhere_cannot_lock_the_owner_out(people, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(10):
        _try(Client(), "sai", ip="198.51.100.66")
    assert _try(Client(), PASSWORD, ip="198.51.100.66") == 423
    assert _try(Client(), PASSWORD, ip="203.0.113.9") == 302  # the owner, at their desk


def test_failures_from_many_addresses_lock_the_user_name_for_a_short_time(people, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCK_USER_ADDRESSES = 4
    for n in range(4):
        _try(Client(), "sai", ip=f"198.51.100.{n}")
    assert _try(Client(), PASSWORD, ip="203.0.113.9") == 423
    assert settings.LOGIN_LOCKOUT_MINUTES <= 15


def test_parallel_tries_cannot_all_slip_under_the_limit(people, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 5
    allowed = []

    def one() -> None:
        allowed.append(lockout.attempt("t.unit.stp", "203.0.113.50"))

    threads = [threading.Thread(target=one) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 5


def test_an_admin_unlocks_a_user(people, login, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _try(Client(), "sai")
    assert _try(Client(), PASSWORD) == 423
    admin = login(people["admin"], Client())
    page = admin.get(f"/tai-khoan/nguoi-dung/{people['unit'].pk}/").content.decode()
    assert "Mở khóa đăng nhập" in page
    response = admin.post(f"/tai-khoan/nguoi-dung/{people['unit'].pk}/mo-khoa/")
    assert response.status_code == 302
    assert _try(Client(), PASSWORD) == 302


def test_only_the_admin_unlocks(people, login) -> None:
    unit = login(people["unit"], Client())
    assert unit.post(f"/tai-khoan/nguoi-dung/{people['viewer'].pk}/mo-khoa/").status_code == 403


def test_password_reset_reveals_no_account_and_is_rate_limited(people, settings) -> None:
    settings.PASSWORD_RESET_PER_HOUR = 3
    client = Client()
    known = client.post("/tai-khoan/quen-mat-khau/", {"email": "t.unit.stp@example.invalid"})
    unknown = client.post("/tai-khoan/quen-mat-khau/", {"email": "no-one@example.invalid"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    for _ in range(10):
        client.post("/tai-khoan/quen-mat-khau/", {"email": "t.unit.stp@example.invalid"})
    assert len(mail.outbox) <= 3
    # Past the limit the answer is the same page: nothing tells whether a mail went out.
    last = client.post("/tai-khoan/quen-mat-khau/", {"email": "t.unit.stp@example.invalid"})
    assert last.status_code == 302 and last["Location"] == known["Location"]
