"""In a real browser: the inspection team records an inspection of Sở Tư pháp with two findings;
the unit files its remediation plan and closes one finding with evidence; criterion 1.4 then
reads 1/2 on the unit's report form and on the province dashboard."""

from __future__ import annotations

from typing import Any

import pytest

from parsipas.conftest import PASSWORD
from parsipas.registers.models import Finding, Inspection
from parsipas.registers.tests.conftest import PDF, YEAR
from parsipas.testing.browser import log_in, page_text, wait_for_text
from parsipas.testing.present import present


@pytest.mark.browser
def test_an_inspection_its_remediation_and_the_14_figure(
    browser, live_server, transactional_db, world, tmp_path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    people = world.people
    plan_file, evidence = tmp_path / "ke-hoach-khac-phuc.pdf", tmp_path / "khac-phuc-1.pdf"
    plan_file.write_bytes(PDF + b"plan")
    evidence.write_bytes(PDF + b"evidence")

    def text() -> str:
        return page_text(browser)

    def wait_for(*snippets: str) -> None:
        wait_for_text(browser, *snippets)

    def login_as(user: Any) -> None:
        browser.delete_all_cookies()
        log_in(browser, live_server.url, user.username, PASSWORD)

    def click(by: str, value: str) -> None:
        element = browser.find_element(by, value)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def set_date(element: Any, iso: str) -> None:
        browser.execute_script("arguments[0].value = arguments[1]", element, iso)

    # The team (Sở Nội vụ) records the inspection from the register's page.
    login_as(people["lead"])
    browser.get(f"{live_server.url}/so-theo-doi/kiem-tra/?nam={YEAR}")
    click(By.ID, "new-inspection")
    wait_for("Ghi cuộc kiểm tra năm")
    Select(browser.find_element(By.NAME, "unit")).select_by_visible_text("Sở Tư pháp")
    Select(browser.find_element(By.NAME, "kind")).select_by_value("cchc")
    Select(browser.find_element(By.NAME, "team_unit")).select_by_visible_text("Sở Nội vụ")
    set_date(browser.find_element(By.NAME, "start_date"), f"{YEAR}-03-02")
    set_date(browser.find_element(By.NAME, "end_date"), f"{YEAR}-03-04")
    browser.find_element(By.NAME, "findings").send_keys(
        "Chưa niêm yết công khai đầy đủ TTHC\nChưa ban hành kế hoạch CCHC đúng hạn"
    )
    set_date(browser.find_element(By.NAME, "findings_due"), f"{YEAR}-04-30")
    click(By.ID, "save")
    wait_for("Đã ghi cuộc kiểm tra Sở Tư pháp", "Vấn đề phát hiện (0/2 đã khắc phục)")
    inspection = Inspection.objects.get()

    # The unit files its remediation plan, then reports the first finding with evidence.
    login_as(people["unit"])
    browser.get(f"{live_server.url}/so-theo-doi/kiem-tra/{inspection.pk}/")
    form = browser.find_element(By.ID, "plan-form")
    form.find_element(By.NAME, "number").send_keys("15/KH-STP")
    set_date(form.find_element(By.NAME, "date"), f"{YEAR}-03-20")
    form.find_element(By.NAME, "file").send_keys(str(plan_file))
    click(By.CSS_SELECTOR, "#plan-form button[type=submit]")
    wait_for("Đã nộp kế hoạch khắc phục", "ke-hoach-khac-phuc.pdf")
    first = present(inspection.findings.order_by("order").first())
    card = browser.find_element(By.ID, f"finding-{first.pk}")
    click(By.CSS_SELECTOR, f"#finding-{first.pk} summary")
    card.find_element(By.NAME, f"f{first.pk}-remediation").send_keys("Đã niêm yết đầy đủ")
    set_date(card.find_element(By.NAME, f"f{first.pk}-date"), f"{YEAR}-04-10")
    card.find_element(By.NAME, f"f{first.pk}-file").send_keys(str(evidence))
    click(By.CSS_SELECTOR, f"#finding-{first.pk} .remediate-form button[type=submit]")
    wait_for("Đã báo cáo khắc phục vấn đề", "Vấn đề phát hiện (1/2 đã khắc phục)")
    assert Finding.objects.filter(status="remediated").count() == 1

    # The unit's report form of 1.4 shows 1/2 with where it comes from.
    browser.get(f"{live_server.url}/bao-cao/{YEAR}/Y/nhiem-vu/{world.assignment('1.4').pk}/")
    wait_for("1/2 vấn đề đã khắc phục", "Sổ theo dõi kiểm tra CCHC")
    link = browser.find_element(By.CSS_SELECTOR, ".computed-figure a")
    assert "/so-theo-doi/kiem-tra/van-de/" in link.get_attribute("href")

    # The province dashboard's page of 1.4 reads the same.
    login_as(people["viewer"])
    browser.get(f"{live_server.url}/tong-quan/tieu-chi/{world.nodes['1.4'].pk}/?ky={YEAR}-Y")
    wait_for("1/2 vấn đề đã khắc phục", "Số liệu tự động")
