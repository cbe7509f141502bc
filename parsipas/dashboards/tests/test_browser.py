"""Headless Chromium opens each dashboard with demo data and finds its charts drawn."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from selenium.webdriver.common.by import By

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


def test_each_dashboard_draws_its_charts(world, people, browser, live_server):
    call_command("demo", "--seed", "3", "--replace", "--as-of", timezone.localdate().isoformat())
    chromium.log_in(browser, live_server.url, people["admin"].username)
    for path in ("/tong-quan/", "/tong-quan/chu-tri/", "/viec-cua-don-vi/stp/"):
        browser.get(live_server.url + path)
        drawn = chromium.charts_drawn(browser)
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
