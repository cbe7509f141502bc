"""Headless Chromium opens the public page, finds its chart drawn and its visit counted live."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from parsipas.testing import browser as chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if (
    not __import__("pathlib")
    .Path(__file__)
    .resolve()
    .parents[3]
    .joinpath("node_modules_static/chartjs/chart.umd.min.js")
    .exists()
):
    pytestmark.append(pytest.mark.skip(reason="Chart.js chưa được cài (npm ci)"))


def test_public_page_draws_its_chart_and_counts_the_visit_live(world, browser, live_server):
    # headless Chromium says "HeadlessChrome" and would rightly be ignored as a robot
    browser.execute_cdp_cmd(
        "Network.setUserAgentOverride",
        {
            "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
        },
    )
    browser.get(live_server.url + "/cong-khai/")
    assert all(chromium.charts_drawn(browser))
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-stat=online]").text not in ("–", "0")
    )
    assert browser.find_element(By.CSS_SELECTOR, "[data-stat=today]").text == "1"
