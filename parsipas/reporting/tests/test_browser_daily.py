"""In a real browser, desktop and phone: the daily work of units and leads.

Typing then uploading evidence keeps the typing; the desk opens on its to-do tab; a lead accepts
several reports at once and reminds a late unit; a period not yet open refuses reports.
"""

from __future__ import annotations

from typing import Any

import pytest

from parsipas.conftest import PASSWORD
from parsipas.reporting.models import Evidence, Report
from parsipas.reporting.tests.conftest import PDF_BYTES, report_path
from parsipas.testing.browser import elements_now, log_in, page_text, screenshot, wait_for_text

pytestmark = pytest.mark.browser


@pytest.fixture(params=["desktop", "phone"])
def any_browser(request: Any) -> Any:
    return request.getfixturevalue("browser" if request.param == "desktop" else "phone_browser")


class Page:
    """A person at the browser: waits for what they would wait for."""

    def __init__(self, driver: Any, base: str) -> None:
        self.d, self.base = driver, base

    def text(self) -> str:
        return page_text(self.d)

    def wait_for(self, *snippets: str) -> None:
        wait_for_text(self.d, *snippets)

    def login(self, user: Any) -> None:
        self.d.delete_all_cookies()
        log_in(self.d, self.base, user.username, PASSWORD)

    def open(self, path: str) -> None:
        self.d.get(self.base + path)

    def click(self, by: str, value: str) -> None:
        element = self.d.find_element(by, value)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def screenshot(self, name: str) -> None:
        screenshot(self.d, name)


def test_typing_then_uploading_evidence_keeps_the_typing(
    any_browser, live_server, transactional_db, small_plan, people, media, tmp_path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    sp = small_plan
    page = Page(any_browser, live_server.url)
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.login(people["unit"])
    page.open(report_path(sp, "1.2", "stp"))
    Select(page.d.find_element(By.NAME, "status")).select_by_visible_text("Hoàn thành")
    page.d.find_element(By.NAME, "narrative").send_keys("Đã gửi đủ bốn báo cáo định kỳ.")
    page.d.find_element(By.NAME, "difficulties").send_keys("Thiếu người làm báo cáo.")
    page.d.find_element(By.NAME, "file").send_keys(str(evidence))
    page.click(By.ID, "upload-evidence")
    page.wait_for("bien-ban.pdf", "Đã tải lên 1 tài liệu")
    # Still on the page, with the typing in place, and the draft saved with it.
    assert page.d.find_element(By.NAME, "narrative").get_attribute("value") == (
        "Đã gửi đủ bốn báo cáo định kỳ."
    )
    report = Report.objects.get()
    assert (report.status, report.difficulties) == ("done", "Thiếu người làm báo cáo.")
    assert Evidence.objects.get().report == report
    page.screenshot(f"report-upload-{page.d.execute_script('return window.innerWidth')}")
    # Then send it: the version the page holds is the one the upload saved.
    page.click(By.ID, "submit-report")
    page.wait_for("Đã gửi báo cáo đến cơ quan chủ trì")
    assert Report.objects.get().workflow == "submitted"


def test_a_draft_saves_itself_while_typing(
    browser, live_server, transactional_db, small_plan, people
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = Page(browser, live_server.url)
    page.login(people["unit"])
    page.open(report_path(small_plan, "1.1", "stp"))
    page.d.find_element(By.NAME, "narrative").send_keys("Đang soạn dở")
    WebDriverWait(page.d, 15).until(
        lambda d: Report.objects.filter(narrative="Đang soạn dở").exists()
    )
    page.wait_for("Đã tự động lưu nháp")


def test_the_desk_opens_on_the_to_do_tab_and_previews_send_all(
    any_browser, live_server, transactional_db, small_plan, people, login, client
) -> None:
    from selenium.webdriver.common.by import By

    from parsipas.reporting.tests.conftest import report_data

    sp = small_plan
    unit = login(people["unit"])
    unit.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="Đã triển khai"))
    unit.post(report_path(sp, "1.1", "stp", suffix="gui/"))
    page = Page(any_browser, live_server.url)
    page.login(people["unit"])
    page.open("/bao-cao/")
    page.wait_for("Cần làm 5", "Thực hiện chế độ báo cáo CCHC")
    assert "Thực hiện kế hoạch CCHC" not in page.text()  # sent: not on the to-do list
    phone = page.d.execute_script("return window.innerWidth") < 800
    card = page.d.find_element(By.CSS_SELECTOR, "details.desk-row")
    assert card.get_attribute("open") is None if phone else card.get_attribute("open")
    page.screenshot(f"desk-{'phone' if phone else 'desktop'}")
    if phone:
        page.click(By.CSS_SELECTOR, "details.desk-row summary")
    card.find_element(By.CSS_SELECTOR, "textarea").send_keys("Đang tổng hợp")
    page.click(By.ID, "preview-send")
    page.wait_for("Xem trước khi gửi", "Đã lưu nháp 1 báo cáo")
    page.screenshot(f"desk-preview-{'phone' if phone else 'desktop'}")
    page.click(By.PARTIAL_LINK_TEXT, "Đã gửi")
    page.wait_for("Thực hiện kế hoạch CCHC")


def test_a_lead_accepts_in_bulk_and_reminds_a_late_unit(
    any_browser, live_server, transactional_db, small_plan, people, login, client
) -> None:
    from django.core import mail
    from selenium.webdriver.common.by import By

    from parsipas.reporting.tests.conftest import report_data

    sp = small_plan
    unit = login(people["unit"])
    for code in ("1.1", "2.2"):
        unit.post(report_path(sp, code, "stp"), report_data(0, narrative=f"Xong {code}"))
        unit.post(report_path(sp, code, "stp", suffix="gui/"))
    page = Page(any_browser, live_server.url)
    page.login(people["lead"])
    page.open("/bao-cao/duyet/")
    page.wait_for("Chấp nhận các báo cáo đã chọn")
    page.click(By.ID, "chon-het")
    page.screenshot("queue-bulk")
    page.click(By.ID, "bulk-accept")
    page.wait_for("Đã chấp nhận 2 báo cáo")
    assert set(Report.objects.values_list("workflow", flat=True)) == {"accepted"}
    # Criterion 1.2: nobody has sent; remind Sở Tư pháp.
    page.open("/bao-cao/duyet/?tieu-chi=1.2&buoc=all")
    page.wait_for("3 đơn vị chưa gửi báo cáo")
    page.click(By.CSS_SELECTOR, "button[data-unit='stp']")
    page.wait_for("Đã nhắc Sở Tư pháp", "Đã nhắc hôm nay")
    page.screenshot("queue-nudge")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [people["unit"].email]


def test_a_period_not_yet_open_refuses_reports(
    any_browser, live_server, transactional_db, small_plan, people
) -> None:
    from selenium.webdriver.common.by import By

    sp = small_plan
    period = sp.current
    period.state = "planned"
    period.save()
    page = Page(any_browser, live_server.url)
    page.login(people["unit"])
    page.open(report_path(sp, "1.2", "stp"))
    page.wait_for("chưa mở")
    assert not elements_now(page.d, By.ID, "submit-report")
    page.screenshot("report-not-open")
