"""Each role sees its own menu and pages; everyone else is turned away."""

from __future__ import annotations

import pytest

ADMIN_PAGES = [
    "/don-vi/",
    "/don-vi/them/",
    "/don-vi/nhap/",
    "/don-vi/xuat.csv",
    "/tai-khoan/nguoi-dung/",
    "/tai-khoan/nguoi-dung/them/",
    "/nhat-ky/",
]


def test_anonymous_visitors_are_sent_to_login(client, db):
    for url in ["/", *ADMIN_PAGES, "/tai-khoan/ho-so/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/tai-khoan/dang-nhap/?next="), url


@pytest.mark.parametrize("role", ["lead", "lead_vp", "unit", "commune", "viewer"])
def test_only_the_admin_opens_registry_users_and_audit(role, people, login):
    client = login(people[role])
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 403, (role, url)


def test_admin_opens_every_admin_page(people, login):
    client = login(people["admin"])
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url


def test_admin_menu_is_shown_only_to_the_admin(people, login, client):
    page = login(people["admin"]).get("/").content.decode()
    assert "Quản trị" in page and "Nhật ký thay đổi" in page
    client.logout()
    page = login(people["unit"]).get("/").content.decode()
    assert "Nhật ký thay đổi" not in page and "Quản trị" not in page
    assert "Sở Tư pháp" in page  # the officer sees which unit they act for


def test_home_page_tells_each_role_what_it_does(people, login, client):
    expected = {
        "admin": "quản lý kế hoạch",
        "lead": "duyệt báo cáo",
        "unit": "báo cáo tiến độ",
        "viewer": "xem tình hình",
    }
    for role, words in expected.items():
        client.logout()
        page = login(people[role]).get("/").content.decode()
        assert words in page, role


def test_error_pages_speak_vietnamese(people, login, settings):
    settings.DEBUG = False
    client = login(people["unit"])
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    response = client.get("/nhat-ky/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
