"""The admin manages people: roles, units, deactivation."""

from __future__ import annotations

from parsipas.accounts.models import User
from parsipas.units.models import Unit


def test_admin_creates_a_unit_officer(people, login):
    client = login(people["admin"])
    commune = Unit.objects.get(code="xa-buon-don")
    response = client.post(
        "/tai-khoan/nguoi-dung/them/",
        {
            "username": "canbo.buondon",
            "full_name": "Nguyễn Văn A",
            "email": "a@example.invalid",
            "phone": "",
            "role": "unit",
            "unit": commune.pk,
            "is_active": "on",
            "password": "Buon-Don-2026!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="canbo.buondon")
    assert user.unit == commune and user.role == "unit" and user.check_password("Buon-Don-2026!")


def test_a_unit_officer_without_a_unit_is_refused(people, login):
    client = login(people["admin"])
    response = client.post(
        "/tai-khoan/nguoi-dung/them/",
        {
            "username": "khongdonvi",
            "role": "unit",
            "unit": "",
            "is_active": "on",
            "password": "Mat-khau-2026!",
        },
    )
    assert response.status_code == 200
    assert "phải thuộc một đơn vị" in response.content.decode()
    assert not User.objects.filter(username="khongdonvi").exists()


def test_the_admin_cannot_lock_themselves_out(people, login):
    admin = people["admin"]
    client = login(admin)
    response = client.post(
        f"/tai-khoan/nguoi-dung/{admin.pk}/",
        {"username": admin.username, "role": "admin", "unit": admin.unit_id, "is_active": ""},
    )
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.is_active


def test_a_deactivated_user_can_no_longer_log_in(people, login, client):
    admin_client = login(people["admin"])
    officer = people["unit"]
    admin_client.post(
        f"/tai-khoan/nguoi-dung/{officer.pk}/",
        {"username": officer.username, "role": "unit", "unit": officer.unit_id, "is_active": ""},
    )
    admin_client.logout()
    from parsipas.conftest import PASSWORD

    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": officer.username, "password": PASSWORD}
    )
    assert response.status_code == 200
