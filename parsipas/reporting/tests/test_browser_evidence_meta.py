"""In a real browser: choosing a file named like its document fills the document's fields, the
upload keeps what is typed, the list cites the file as its document, and the unit corrects it."""

from __future__ import annotations

import pytest

from parsipas.conftest import PASSWORD
from parsipas.reporting.models import Evidence
from parsipas.reporting.tests.conftest import PDF_BYTES, report_path
from parsipas.testing.browser import log_in, page_text, screenshot, wait_for_text


@pytest.mark.browser
def test_a_file_name_fills_the_document_and_the_unit_corrects_it(
    browser, live_server, transactional_db, small_plan, people, media, tmp_path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    evidence = tmp_path / "123_QD-UBND_ke-hoach-cchc.pdf"
    evidence.write_bytes(PDF_BYTES)
    log_in(browser, live_server.url, people["unit"].username, PASSWORD)
    wait_for_text(browser, "Xin chào")
    browser.get(live_server.url + report_path(small_plan, "1.2", "stp"))
    browser.find_element(By.NAME, "narrative").send_keys("Đang soạn, chưa lưu.")

    browser.find_element(By.NAME, "file").send_keys(str(evidence))
    number = browser.find_element(By.NAME, "doc_number")
    WebDriverWait(browser, 10).until(lambda d: number.get_attribute("value") == "123/QĐ-UBND")
    assert browser.find_element(By.NAME, "doc_kind").get_attribute("value") == "quyet-dinh"
    browser.find_element(By.NAME, "doc_section").send_keys("Mục II")
    button = browser.find_element(By.ID, "upload-evidence")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    wait_for_text(browser, "Đã tải lên 1 tài liệu", "Quyết định số 123/QĐ-UBND của UBND")
    assert browser.find_element(By.NAME, "narrative").get_attribute("value") == (
        "Đang soạn, chưa lưu."
    )
    assert number.get_attribute("value") == ""
    item = Evidence.objects.get()
    assert (item.doc_number, item.doc_section) == ("123/QĐ-UBND", "Mục II")
    screenshot(browser, "h18a-report-evidence-meta")

    # The unit corrects the issuing body of the stored file.
    browser.find_element(By.CSS_SELECTOR, "details.evidence-meta summary").click()
    issuer = browser.find_element(By.NAME, f"e{item.pk}-doc_issuer")
    issuer.clear()
    issuer.send_keys("UBND tỉnh Đắk Lắk")
    save = browser.find_element(By.CSS_SELECTOR, "details.evidence-meta button[type=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", save)
    save.click()
    wait_for_text(browser, "Đã lưu thông tin văn bản")
    assert "của UBND tỉnh Đắk Lắk — Ke hoach cchc (Mục II)" in page_text(browser)
    # The typing was saved first (data-save-first), not lost by the reload.
    assert browser.find_element(By.NAME, "narrative").get_attribute("value") == (
        "Đang soạn, chưa lưu."
    )
