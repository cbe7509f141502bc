"""The admin uploads the appendix in a real browser, reads the report and publishes."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from parsipas.conftest import PASSWORD
from parsipas.plans.models import Plan
from parsipas.testing import browser as chromium
from parsipas.testing.fixtures import SEED


@pytest.mark.browser
def test_admin_uploads_reviews_and_publishes_the_plan(
    browser, live_server, people, transactional_db
):
    chromium.log_in(browser, live_server.url, "t.admin", PASSWORD)
    browser.get(live_server.url + "/ke-hoach/nhap/")
    browser.find_element(By.NAME, "file").send_keys(str(SEED))
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 30).until(
        lambda d: "/ke-hoach/nhap/" in d.current_url and d.current_url.rstrip("/")[-1].isdigit()
    )
    assert "Báo cáo nhập" in browser.find_element(By.TAG_NAME, "h1").text
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Tiêu chí PAR Index" in page and "77" in page
    assert "hai cột bị đặt ngược" in page  # the 1.5 doubt is shown before anything is applied
    assert not Plan.objects.exists()
    browser.find_element(By.XPATH, "//input[@name='publish']").click()
    browser.find_element(By.CSS_SELECTOR, "button[value=apply]").click()
    WebDriverWait(browser, 30).until(lambda d: "/ke-hoach/nhap/" not in d.current_url)
    assert "Kế hoạch năm 2026" in browser.find_element(By.TAG_NAME, "h1").text
    assert "Đã ban hành" in browser.find_element(By.TAG_NAME, "main").text
    assert Plan.objects.get(year=2026).is_published
