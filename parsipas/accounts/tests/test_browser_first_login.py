"""An imported person logs in with a temporary password and must choose their own first."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from parsipas.conftest import PASSWORD
from parsipas.testing import browser as chromium


def _first_login(driver, base_url, person, shot):
    chromium.log_in(driver, base_url, person.username, PASSWORD)
    assert driver.current_url.endswith("/tai-khoan/doi-mat-khau/")
    chromium.wait_for_text(driver, "mật khẩu tạm thời")
    driver.get(base_url + "/bao-cao/")  # any page leads back to the form
    assert driver.current_url.endswith("/tai-khoan/doi-mat-khau/")
    driver.find_element(By.NAME, "old_password").send_keys(PASSWORD)
    driver.find_element(By.NAME, "new_password1").send_keys("ngan")
    driver.find_element(By.NAME, "new_password2").send_keys("ngan")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    chromium.wait_for_text(driver, "Mật khẩu này quá ngắn")
    chromium.screenshot(driver, shot + "-refused")
    driver.find_element(By.NAME, "old_password").send_keys(PASSWORD)
    driver.find_element(By.NAME, "new_password1").send_keys("Buon-Ma-Thuot-2026")
    driver.find_element(By.NAME, "new_password2").send_keys("Buon-Ma-Thuot-2026")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    chromium.wait_for_text(driver, "Mật khẩu của bạn đã được đổi")
    chromium.screenshot(driver, shot + "-done")
    driver.get(base_url + "/")
    chromium.wait_for_text(driver, "Xin chào")
    person.refresh_from_db()
    assert not person.must_change_password


@pytest.mark.browser
def test_first_login_change_on_the_desktop(browser, live_server, people, transactional_db):
    person = people["unit"]
    person.must_change_password = True
    person.save()
    _first_login(browser, live_server.url, person, "h10-first-login-desktop")


@pytest.mark.browser
def test_first_login_change_on_a_phone(phone_browser, live_server, people, transactional_db):
    person = people["commune"]
    person.must_change_password = True
    person.save()
    _first_login(phone_browser, live_server.url, person, "h10-first-login-phone")
