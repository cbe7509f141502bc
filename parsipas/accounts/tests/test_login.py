"""Logging in and out, lockout after repeated failures, password change and reset."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client

from parsipas.conftest import PASSWORD


def test_a_user_logs_in_and_lands_on_the_home_page(people, client):
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "t.unit.stp", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Xin chào" in response.content.decode()


@pytest.mark.parametrize("role", ["admin", "lead", "lead_vp", "unit", "commune", "viewer"])
def test_every_role_logs_in_through_the_login_page(people, role):
    # The other tests log in with Django's test login (parsipas/conftest.py); this is the form.
    client = Client()
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": people[role].username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == people[role]


def test_a_wrong_password_is_refused_in_vietnamese(people, client):
    response = client.post("/tai-khoan/dang-nhap/", {"username": "t.unit.stp", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(people, client, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post("/tai-khoan/dang-nhap/", {"username": "t.unit.stp", "password": "sai"})
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "t.unit.stp", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "tạm khóa" in response.content.decode()
    # another account from another office is not affected
    response = client.post(
        "/tai-khoan/dang-nhap/",
        {"username": "t.viewer", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302


def test_logout_ends_the_session(people, login):
    client = login(people["viewer"])
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


def test_sessions_expire_when_the_browser_closes_and_after_a_working_day(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_a_user_changes_their_password(people, login):
    client = login(people["unit"])
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2026!",
            "new_password2": "Mat-khau-moi-2026!",
        },
    )
    assert response.status_code == 302
    people["unit"].refresh_from_db()
    assert people["unit"].check_password("Mat-khau-moi-2026!")


def test_password_reset_by_email(people, client):
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "t.unit.stp@example.invalid"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "đặt lại mật khẩu" in body.lower()
    link = re.search(r"http://testserver(/tai-khoan/dat-lai/\S+/)", body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"}
    )
    assert response.status_code == 302
    people["unit"].refresh_from_db()
    assert people["unit"].check_password("Mat-khau-moi-2026!")


def test_a_password_stored_with_pbkdf2_still_logs_in_and_is_rehashed_with_argon2(people, settings):
    from parsipas import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    person = people["unit"]
    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save()
    response = Client().post(
        "/tai-khoan/dang-nhap/", {"username": person.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("argon2$")
