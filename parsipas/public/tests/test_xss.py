"""Stored XSS through the news of the public page: a title, summary and body full of markup and
a `javascript:` link. The staff form refuses the link; an item stored with one anyway (an old
row, the shell) shows no link. Headless Chromium opens the public page, the news item and the
staff's news pages: no script of the news runs (``window.__xss`` stays undefined) and the text
reads literally.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from parsipas.public import cache as public_cache
from parsipas.public.models import NewsItem
from parsipas.testing import browser as chromium

HOSTILE = (
    '<script>window.__xss = "script"</script>'
    "<img src=x onerror=\"window.__xss = 'img'\">"
    "<svg onload=\"window.__xss = 'svg'\"></svg>"
)
LINKS = ["javascript:window.__xss='link'", " JaVaScRiPt:window.__xss=1", "data:text/html,<b>x</b>"]


def _news_form(**changes: str) -> dict[str, str]:
    return {
        "title": f"Tin {HOSTILE}",
        "summary": f"Tóm tắt {HOSTILE}",
        "body": f"Nội dung {HOSTILE}\n<a href=\"javascript:window.__xss='a'\">bấm</a>",
        "link": "https://example.gov.vn/tin-1",
        "published": "on",
        "published_at": "2026-11-30T08:00",
        **changes,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("link", LINKS)
def test_the_news_form_refuses_a_script_link(link: str, people: dict[str, Any], login: Any) -> None:
    staff = login(people["admin"], Client())
    answer = staff.post("/tin-cchc/them/", _news_form(link=link))
    assert answer.status_code == 200 and "link" in answer.context["form"].errors
    assert not NewsItem.objects.exists()


@pytest.mark.browser
def test_hostile_news_runs_nothing_on_the_public_and_staff_pages(
    browser: Any, live_server: Any, transactional_db: Any, people: dict[str, Any], login: Any
) -> None:
    staff = login(people["admin"], Client())
    assert staff.post("/tin-cchc/them/", _news_form()).status_code == 302
    item = NewsItem.objects.get()
    old = NewsItem.objects.create(
        title=f"Tin cũ {HOSTILE}", body="Nội dung", link=LINKS[0], published=True
    )  # stored before the form checked links
    public_cache.invalidate()

    pages = ["/cong-khai/", f"/cong-khai/tin/{item.pk}/", f"/cong-khai/tin/{old.pk}/"]
    for path in pages:
        browser.get(live_server.url + path)
        chromium.wait_for_text(browser, "<script>window.__xss")
        _nothing_ran(browser, path)
    browser.get(live_server.url + f"/cong-khai/tin/{item.pk}/")
    chromium.wait_for_text(browser, f"Nội dung {HOSTILE}", f"Tóm tắt {HOSTILE}")
    assert browser.find_element("link text", "Đọc bài viết đầy đủ").get_attribute("href") == (
        "https://example.gov.vn/tin-1"
    )
    browser.get(live_server.url + f"/cong-khai/tin/{old.pk}/")
    assert not chromium.elements_now(browser, "link text", "Đọc bài viết đầy đủ")

    chromium.log_in(browser, live_server.url, people["admin"].username)
    for path in ("/tin-cchc/", f"/tin-cchc/{item.pk}/", f"/tin-cchc/{old.pk}/"):
        browser.get(live_server.url + path)
        assert "/dang-nhap/" not in browser.current_url, path
        chromium.wait_for_text(browser, "tin")  # "Tin cải cách hành chính", "Sửa tin"
        _nothing_ran(browser, path)


def _nothing_ran(browser: Any, path: str) -> None:
    for link in chromium.elements_now(browser, "css selector", "a"):
        href = (link.get_attribute("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:")), (path, href)
    hostile = chromium.elements_now(browser, "css selector", "main img[src=x], main svg[onload]")
    assert hostile == [], path
    assert browser.execute_script("return typeof window.__xss") == "undefined", path
