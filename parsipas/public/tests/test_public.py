"""The public page: no login, news, and visits counted once a day, without bots or personal data."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from parsipas.public import visits
from parsipas.public.models import NewsItem, VisitDay

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def beacon(client, tab="tab-aaaaaaaa", ua=BROWSER, ip="203.0.113.5"):
    return client.post(
        "/cong-khai/nhip",
        json.dumps({"tab": tab}),
        content_type="application/json",
        HTTP_USER_AGENT=ua,
        REMOTE_ADDR=ip,
    )


def test_public_page_opens_without_login_and_shows_progress_and_news(world, client):
    NewsItem.objects.create(
        title="Tỉnh triển khai dịch vụ công trực tuyến toàn trình", summary="Tóm tắt"
    )
    NewsItem.objects.create(title="Tin ẩn", published=False)
    page = client.get("/cong-khai/").content.decode()
    assert f"Kế hoạch năm {world.plan.year}" in page
    assert "Tiến độ toàn tỉnh theo lĩnh vực" in page
    assert "dịch vụ công trực tuyến toàn trình" in page
    assert "Tin ẩn" not in page
    assert 'href="/sipas/khao-sat/"' in page  # citizens reach the satisfaction survey from here


def test_a_visitor_is_counted_once_a_day_however_often_they_reload(world, client):
    for _ in range(5):
        beacon(client)
    assert client.get("/cong-khai/thong-ke.json").json()["today"] == 1
    beacon(client, ip="198.51.100.7", tab="tab-bbbbbbbb")
    stats = client.get("/cong-khai/thong-ke.json").json()
    assert stats == {"today": 2, "month": 2, "total": 2, "online": 2}


def test_bots_and_tools_are_not_counted(world, client):
    for ua in (
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "curl/8.0",
        "",
        "Mozilla/5.0 HeadlessChrome/120",
        "wrk",
    ):
        beacon(client, ua=ua)
    assert client.get("/cong-khai/thong-ke.json").json()["today"] == 0
    client.get(
        "/cong-khai/", HTTP_USER_AGENT=BROWSER
    )  # a page view alone (no script) counts nothing
    assert client.get("/cong-khai/thong-ke.json").json()["today"] == 0


def test_nothing_personal_is_stored(world, client):
    beacon(client)
    assert list(VisitDay.objects.values_list("visits", flat=True)) == [1]
    assert [f.name for f in VisitDay._meta.get_fields()] == ["id", "day", "visits"]


def test_visitor_hash_changes_every_day():
    import datetime as dt

    a = visits.visitor_hash("203.0.113.5", BROWSER, dt.date(2026, 5, 1))
    b = visits.visitor_hash("203.0.113.5", BROWSER, dt.date(2026, 5, 2))
    assert a != b and "203.0.113.5" not in a


def test_people_on_the_page_now_come_from_heartbeats_within_a_minute():
    now = 1_800_000_000.0
    visits.heartbeat("tab-1aaaaaaa", now)
    visits.heartbeat("tab-1aaaaaaa", now + 1)  # the same tab twice
    visits.heartbeat("tab-2aaaaaaa", now + 2)
    assert visits.online_now(now + 3) == 2
    assert visits.online_now(now + 25) >= 1
    assert visits.online_now(now + 120) == 0


def test_admin_posts_news_that_appear_on_the_public_page(world, people, login, client):
    admin = login(people["admin"])
    client.get("/cong-khai/")  # cached page
    response = admin.post(
        "/tin-cchc/them/",
        {
            "title": "Hội nghị đối thoại với doanh nghiệp",
            "summary": "",
            "body": "Nội dung",
            "link": "",
            "published": "on",
            "published_at": "2026-05-01T08:00",
        },
    )
    assert response.status_code == 302
    admin.logout()
    assert "Hội nghị đối thoại với doanh nghiệp" in client.get("/cong-khai/").content.decode()
