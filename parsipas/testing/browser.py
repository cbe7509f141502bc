"""Headless Chromium for browser tests: Debian's chromium and chromedriver, never a download.

Use the `browser` fixture (in parsipas/conftest.py) with pytest-django's `live_server`:

    @pytest.mark.browser
    def test_it_logs_in(browser, live_server, people):
        browser.get(live_server.url + "/tai-khoan/dang-nhap/")
"""

from __future__ import annotations

import shutil
import tempfile

from parsipas.testing.builders import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def available() -> bool:
    return bool(shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER))


def start(width: int = 1280, height: int = 900, phone: bool = False):  # -> selenium WebDriver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-extensions",
        f"--window-size={width},{height}",
        f"--user-data-dir={tempfile.mkdtemp(prefix='parsipas-chromium-')}",
    ):
        options.add_argument(flag)
    if phone:
        # Desktop Chromium will not shrink its window below ~500 px: emulate a real phone.
        options.add_experimental_option(
            "mobileEmulation",
            {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 3, "touch": True}},
        )
    options.add_experimental_option(
        "prefs", {"download.default_directory": tempfile.mkdtemp(prefix="parsipas-dl-")}
    )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(3)
    return driver


def log_in(driver, base_url: str, username: str, password: str = PASSWORD) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base_url + "/tai-khoan/dang-nhap/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    # Wait for the next page, so callers never read the login page as it goes stale.
    WebDriverWait(driver, 20).until(lambda d: "/dang-nhap/" not in d.current_url)


def charts_drawn(driver) -> list[bool]:
    """For each chart canvas of the page (canvas[data-chart]): is it drawn by Chart.js?"""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return typeof Chart !== 'undefined'")
    )
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".map(c => Chart.getChart(c) !== undefined && c.width > 0);"
    )
