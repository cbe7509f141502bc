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
IMPLICIT_WAIT = 3  # seconds find_element waits for an element to appear (after a navigation)


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
    driver.implicitly_wait(IMPLICIT_WAIT)
    return driver


def alive(driver) -> bool:
    from selenium.common.exceptions import WebDriverException

    try:
        driver.current_url  # noqa: B018 (a round trip to the browser)
    except WebDriverException:
        return False
    return True


def reset(driver) -> None:
    """Leave the browser as a new one would be: one tab on a blank page, no cookie, no HTTP
    cache, nothing in the site's storage. The `browser` fixtures keep one Chromium per test
    process and reset it after each test, rather than start one a test (about half a second
    each, 100 tests)."""
    from selenium.common.exceptions import NoAlertPresentException, WebDriverException

    try:
        driver.switch_to.alert.dismiss()
    except (NoAlertPresentException, WebDriverException):
        pass
    handles = driver.window_handles
    for handle in handles[1:]:
        driver.switch_to.window(handle)
        driver.close()
    driver.switch_to.window(handles[0])
    origin = driver.execute_script("return window.location.origin")
    if origin and origin.startswith("http"):
        driver.execute_cdp_cmd(
            "Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"}
        )
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})  # the public page is cacheable
    driver.get("about:blank")


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


def elements_now(scope, by: str, selector: str) -> list:
    """The matching elements present now, under a driver or an element, without the implicit
    wait: `find_elements` waits the whole implicit wait (3 s) before it answers "none"."""
    driver = getattr(scope, "parent", scope)  # a WebElement's parent is its driver
    driver.implicitly_wait(0)
    try:
        return scope.find_elements(by, selector)
    finally:
        driver.implicitly_wait(IMPLICIT_WAIT)


def page_text(driver) -> str:
    """The visible text of the page now showing, or "" while a navigation swaps the document.

    Read through JavaScript rather than a `body` element reference: a reference taken during a
    click's navigation can belong to the old document, and Chromium then answers with an
    inspector error that is not a StaleElementReferenceException.
    """
    from selenium.common.exceptions import WebDriverException

    try:
        return driver.execute_script("return document.body ? document.body.innerText : '';") or ""
    except WebDriverException:
        return ""


def wait_for_text(driver, *snippets: str, timeout: float = 15) -> None:
    """Until the page (after a click's navigation, say) shows every snippet."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: all(s in page_text(d) for s in snippets),
        message=f"the page never showed {snippets!r}",
    )


def screenshot(driver, name: str) -> str:
    """Save a screenshot for a person to look at; the folder is $PARSIPAS_SCREENSHOTS or /tmp."""
    import os

    folder = os.environ.get("PARSIPAS_SCREENSHOTS") or os.path.join(
        tempfile.gettempdir(), "parsipas-screens"
    )
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{name}.png")
    driver.save_screenshot(path)
    return path
