"""The phone menu is a real button: Tab reaches it, Enter opens it, Escape closes it and gives
the focus back, and the links inside come next in the Tab order."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from parsipas.conftest import PASSWORD
from parsipas.testing import browser as chromium


def _focused(driver):
    return driver.execute_script(
        "const e = document.activeElement; return [e.tagName, e.className, e.textContent.trim()];"
    )


@pytest.mark.browser
def test_the_phone_menu_opens_and_closes_from_the_keyboard(
    phone_browser, live_server, people, transactional_db
):
    driver = phone_browser
    chromium.log_in(driver, live_server.url, "t.admin", PASSWORD)
    nav = driver.find_element(By.CSS_SELECTOR, ".mainnav")
    button = driver.find_element(By.CSS_SELECTOR, "button.menu-button")
    assert not nav.is_displayed() and button.get_attribute("aria-expanded") == "false"

    body = driver.find_element(By.TAG_NAME, "body")
    for _ in range(4):  # skip link, brand, then the menu button
        body.send_keys(Keys.TAB) if _ == 0 else driver.switch_to.active_element.send_keys(Keys.TAB)
        if "menu-button" in _focused(driver)[1]:
            break
    assert "menu-button" in _focused(driver)[1], _focused(driver)

    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert nav.is_displayed() and button.get_attribute("aria-expanded") == "true"
    chromium.screenshot(driver, "h10-phone-menu-open")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    tag, _, text = _focused(driver)
    assert tag == "A" and text == nav.find_elements(By.CSS_SELECTOR, "a")[0].text

    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not nav.is_displayed() and button.get_attribute("aria-expanded") == "false"
    assert "menu-button" in _focused(driver)[1]


@pytest.mark.browser
def test_the_desktop_menu_needs_no_button(browser, live_server, people, transactional_db):
    chromium.log_in(browser, live_server.url, "t.admin", PASSWORD)
    assert browser.find_element(By.CSS_SELECTOR, ".mainnav").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "button.menu-button").is_displayed()
