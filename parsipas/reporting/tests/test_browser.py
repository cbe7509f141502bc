"""In a real browser: a unit officer fills and sends a report with evidence; the lead returns it
with a comment; the unit sends it again; the lead accepts it."""

from __future__ import annotations

from typing import Any

import pytest

from parsipas.conftest import PASSWORD
from parsipas.reporting.models import Report
from parsipas.reporting.tests.conftest import PDF_BYTES, report_path
from parsipas.testing.browser import log_in, page_text, wait_for_text


@pytest.mark.browser
def test_a_report_is_sent_returned_resent_and_accepted(
    browser, live_server, transactional_db, small_plan, people, media, tmp_path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    sp = small_plan
    evidence = tmp_path / "bao-cao-quy.pdf"
    evidence.write_bytes(PDF_BYTES)
    target = sp.targets["1.2"]

    def text() -> str:
        return page_text(browser)

    def wait_for(*snippets: str) -> None:
        wait_for_text(browser, *snippets)

    def login_as(user: Any) -> None:
        log_in(browser, live_server.url, user.username, PASSWORD)
        wait_for("Xin chào")

    def click(by: str, value: str) -> None:
        # The desk's sticky action bar may cover an element at the bottom edge, as a person
        # would, scroll it to the middle first.
        element = browser.find_element(by, value)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    # The unit officer opens the desk from the menu and the task from the desk.
    login_as(people["unit"])
    click(By.LINK_TEXT, "Báo cáo của đơn vị")
    wait_for("Thực hiện chế độ báo cáo CCHC")
    click(By.PARTIAL_LINK_TEXT, "1.2. Thực hiện chế độ báo cáo CCHC")

    # Evidence first (document number and date), then the report itself.
    browser.find_element(By.NAME, "file").send_keys(str(evidence))
    browser.find_element(By.NAME, "doc_number").send_keys("45/BC-STP")
    click(By.ID, "upload-evidence")
    wait_for("Đã tải lên 1 tài liệu", "bao-cao-quy.pdf")
    Select(browser.find_element(By.NAME, "status")).select_by_visible_text("Hoàn thành")
    browser.find_element(By.NAME, "narrative").send_keys(
        "Đã gửi đủ báo cáo quý I, 6 tháng, 9 tháng."
    )
    browser.find_element(By.NAME, f"fig_{target.pk}").send_keys("100")
    click(By.ID, "submit-report")
    wait_for("Đã gửi báo cáo đến cơ quan chủ trì")
    assert Report.objects.get().workflow == "submitted"
    browser.delete_all_cookies()

    # The lead of 1.2 finds it in the review queue and returns it with a comment.
    login_as(people["lead"])
    wait_for("1 báo cáo chờ duyệt")
    click(By.LINK_TEXT, "Duyệt báo cáo")
    click(By.LINK_TEXT, "Duyệt")
    wait_for("bao-cao-quy.pdf", "Đã gửi đủ báo cáo quý I")
    browser.find_element(By.NAME, "comment").send_keys("Đề nghị bổ sung báo cáo năm.")
    click(By.ID, "return-report")
    wait_for("Đã trả lại báo cáo cho Sở Tư pháp")
    browser.delete_all_cookies()

    # The unit sees the comment (the bell, then the report) and sends it again.
    login_as(people["unit"])
    click(By.CSS_SELECTOR, "a.bell")
    click(By.PARTIAL_LINK_TEXT, "bị trả lại")
    wait_for("Đề nghị bổ sung báo cáo năm.")
    browser.find_element(By.NAME, "narrative").send_keys(" Đã bổ sung báo cáo năm.")
    click(By.ID, "submit-report")
    wait_for("Đã gửi báo cáo đến cơ quan chủ trì")
    browser.delete_all_cookies()

    # The lead accepts it.
    login_as(people["lead"])
    browser.get(live_server.url + report_path(sp, "1.2", "stp"))
    click(By.ID, "accept-report")
    wait_for("Đã chấp nhận báo cáo của Sở Tư pháp")
    wait_for("Đã chấp nhận")
    assert browser.find_element(By.ID, "workflow").text == "Đã chấp nhận"
    report = Report.objects.get()
    assert report.workflow == "accepted" and report.narrative.endswith("Đã bổ sung báo cáo năm.")
    assert list(report.events.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "resubmitted",
        "accepted",
    ]
