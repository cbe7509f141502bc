"""A person logs in with a real browser (headless Debian Chromium)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from parsipas.conftest import PASSWORD
from parsipas.testing import browser as chromium


@pytest.mark.browser
def test_an_officer_logs_in_with_chromium_and_sees_their_home(
    browser, live_server, people, transactional_db
):
    chromium.log_in(browser, live_server.url, "t.unit.stp", PASSWORD)
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "Xin chào" in heading
    assert "Sở Tư pháp" in browser.find_element(By.CSS_SELECTOR, ".usermenu").text


@pytest.mark.browser
def test_the_menu_folds_on_a_phone(phone_browser, live_server, people, transactional_db):
    chromium.log_in(phone_browser, live_server.url, "t.admin", PASSWORD)
    nav = phone_browser.find_element(By.CSS_SELECTOR, ".mainnav")
    assert not nav.is_displayed()
    phone_browser.find_element(By.CSS_SELECTOR, ".menu-button").click()
    assert nav.is_displayed()
