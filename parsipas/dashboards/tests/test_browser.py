"""Headless Chromium opens each dashboard with demo data and finds its charts drawn."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from parsipas.conftest import PASSWORD

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


def _log_in(browser, live_server, user):
    from parsipas.front import browser as chromium

    chromium.log_in(browser, live_server.url, user.username, PASSWORD)


def _charts_drawn(browser) -> list[bool]:
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return typeof Chart !== 'undefined'")
    )
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".map(c => Chart.getChart(c) !== undefined && c.width > 0);"
    )


def test_each_dashboard_draws_its_charts(world, people, browser, live_server):
    call_command("demo", "--seed", "3", "--replace", "--as-of", timezone.localdate().isoformat())
    _log_in(browser, live_server, people["admin"])
    for path in ("/tong-quan/", "/tong-quan/chu-tri/", "/viec-cua-don-vi/stp/"):
        browser.get(live_server.url + path)
        drawn = _charts_drawn(browser)
        assert drawn and all(drawn), (path, drawn)
        # the tables behind the charts fold away once the charts are drawn
        assert not browser.execute_script(
            "return document.querySelector('details.chart-table').open"
        )
    browser.get(live_server.url + "/bao-cao-dinh-ky/")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.button")]
    assert any(h.endswith("bao-cao.docx") for h in links) and any(
        h.endswith("phu-luc.xlsx") for h in links
    )
    # the downloads themselves (same URLs) are read with the test client in test_reports.py


def test_public_page_draws_its_chart_and_counts_the_visit_live(world, browser, live_server):
    # headless Chromium says "HeadlessChrome" and would rightly be ignored as a robot
    browser.execute_cdp_cmd(
        "Network.setUserAgentOverride",
        {
            "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
        },
    )
    browser.get(live_server.url + "/cong-khai/")
    assert all(_charts_drawn(browser))
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-stat=online]").text not in ("–", "0")
    )
    assert browser.find_element(By.CSS_SELECTOR, "[data-stat=today]").text == "1"
