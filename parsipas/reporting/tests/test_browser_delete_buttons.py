"""A "Xóa" next to an evidence file is a small link-like button, not a bar across the phone."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from parsipas.conftest import PASSWORD
from parsipas.reporting.models import Report
from parsipas.reporting.tests.conftest import report_path
from parsipas.testing import browser as chromium
from parsipas.testing import builders


@pytest.mark.browser
def test_the_evidence_delete_button_stays_small_on_a_phone(
    phone_browser, live_server, transactional_db, small_plan, people, media
):
    report = builders.report(
        small_plan.assignment("1.1", "stp"),
        small_plan.current,
        workflow=Report.Workflow.DRAFT,
    )
    builders.evidence(report, "quyet-dinh.pdf")
    chromium.log_in(phone_browser, live_server.url, "t.unit.stp", PASSWORD)
    phone_browser.get(live_server.url + report_path(small_plan, "1.1", "stp"))
    chromium.wait_for_text(phone_browser, "quyet-dinh.pdf")
    button = phone_browser.find_element(By.XPATH, "//form[contains(@action, '/xoa/')]/button")
    row = button.find_element(By.XPATH, "ancestor::li[1]")
    chromium.screenshot(phone_browser, "h10-evidence-delete-phone")
    assert button.text == "Xóa"
    assert button.size["width"] < row.size["width"] / 3, (button.size, row.size)
