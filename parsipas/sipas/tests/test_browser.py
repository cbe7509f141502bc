"""A citizen answers the survey on a phone through a desk's QR link, one section a screen, with
its skip logic; on a desktop every section is on one page. The reform office's QR page."""

from __future__ import annotations

import time
from typing import Any

import pytest

from parsipas.sipas.defaults import load_default_instrument
from parsipas.sipas.models import Channel, Desk, Response, Status
from parsipas.testing.browser import elements_now, log_in, screenshot, wait_for_text
from parsipas.units.models import Unit


def _tap(driver: Any, element: Any) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _option(driver: Any, code: str, value: str) -> Any:
    from selenium.webdriver.common.by import By

    fieldset = driver.find_element(
        By.XPATH, f"//fieldset[.//span[@class='qcode' and text()='{code}']]"
    )
    return fieldset, fieldset.find_element(By.CSS_SELECTOR, f"input[value='{value}']").find_element(
        By.XPATH, ".."
    )


def _visible_screen(driver: Any) -> Any:
    from selenium.webdriver.common.by import By

    screens = elements_now(driver, By.CSS_SELECTOR, "[data-screen]")
    shown = [s for s in screens if s.is_displayed()]
    assert len(shown) == 1, "one section a screen"
    return shown[0]


@pytest.mark.browser
def test_a_citizen_answers_on_a_phone_through_the_desks_qr_link(
    phone_browser: Any, live_server: Any, transactional_db: Any, registry: None, settings: Any
) -> None:
    from selenium.webdriver.common.by import By

    settings.SIPAS_MIN_FILL_SECONDS = 2
    load_default_instrument()
    unit = Unit.objects.get(code="phuong-buon-ma-thuot")
    Desk.objects.create(unit=unit, code="quay-1", name="Quầy số 1 — Hộ tịch")

    driver = phone_browser
    driver.get(f"{live_server.url}/sipas/khao-sat/{unit.code}/?quay=quay-1")
    assert "Phường Buôn Ma Thuột" in driver.find_element(By.TAG_NAME, "h1").text
    assert "Quầy số 1" in driver.page_source
    assert "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK" in driver.find_element(By.CSS_SELECTOR, ".brand").text
    assert "parsipas" not in driver.execute_script("return document.body.innerText").lower()
    # Fits the phone: no sideways scrolling, and answer options are big enough to tap.
    width = driver.execute_script("return document.documentElement.clientWidth")
    assert width <= 500
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    progress = driver.find_element(By.CSS_SELECTOR, ".survey-progress")
    assert progress.text.startswith("Phần 1/7")
    screenshot(driver, "sipas-phone-screen-1")

    answers = {"E1.1": "2"}
    screens = 0
    while True:
        screen = _visible_screen(driver)
        screens += 1
        assert driver.find_element(By.CSS_SELECTOR, ".survey-progress").text.startswith(
            f"Phần {screens}/7"
        )
        for fieldset in elements_now(screen, By.CSS_SELECTOR, "fieldset.q-scale"):
            if not fieldset.is_displayed():
                continue
            code = fieldset.find_element(By.CSS_SELECTOR, ".qcode").text
            label = fieldset.find_element(
                By.CSS_SELECTOR, f"input[value='{answers.get(code, '4')}']"
            ).find_element(By.XPATH, "..")
            option = label
            assert option.size["height"] >= 44
            _tap(driver, label)
        text = screen.text
        if "P4" in text:
            e43, _ = _option(driver, "E4.3", "4")
            assert not e43.is_displayed(), "E4.3 waits for a late result"
            _tap(driver, _option(driver, "P4", "3")[1])  # Trễ hẹn
            assert e43.is_displayed()
            screenshot(driver, "sipas-phone-skip-e43-shown")
            _tap(driver, _option(driver, "E4.3", "2")[1])
        if "P5" in text:
            _tap(driver, _option(driver, "P5", "2")[1])  # no feedback given: E5.2, E5.3 stay away
            assert not _option(driver, "E5.2", "4")[0].is_displayed()
            assert not _option(driver, "E5.3", "4")[0].is_displayed()
        if "K1" in text:
            for value in ("4", "5"):
                _tap(driver, _option(driver, "K1", value)[1])
            # back and forth keeps what was ticked
            _tap(driver, screen.find_element(By.CSS_SELECTOR, "[data-back]"))
            assert _option(driver, "P5", "2")[1].find_element(By.TAG_NAME, "input").is_selected()
            _tap(driver, _visible_screen(driver).find_element(By.CSS_SELECTOR, "[data-next]"))
            assert _option(driver, "K1", "4")[1].find_element(By.TAG_NAME, "input").is_selected()
        following = elements_now(screen, By.CSS_SELECTOR, "[data-next]")
        if not following:
            break
        _tap(driver, following[0])
    assert screens == 7
    screenshot(driver, "sipas-phone-last-screen")
    time.sleep(2.2)  # a person reads before sending; faster would be flagged
    _tap(driver, driver.find_element(By.ID, "send"))

    thanks = driver.find_element(By.ID, "thanks")
    assert "Đã nhận phiếu" in thanks.text
    stored = Response.objects.get()
    assert stored.unit == unit and stored.desk is not None and stored.desk.code == "quay-1"
    assert stored.channel == Channel.QR
    assert stored.status == Status.VALID
    values = dict(
        stored.answers.filter(question__kind="satisfaction").values_list("question__code", "value")
    )
    assert len(values) == 16 and values["E1.1"] == 2 and values["E4.3"] == 2
    assert "E5.2" not in values and "E5.3" not in values
    assert sorted(stored.answers.filter(question__code="K1").values_list("value", flat=True)) == [
        4,
        5,
    ]


@pytest.mark.browser
def test_on_a_desktop_every_section_is_on_one_page_and_conditions_still_apply(
    browser: Any, live_server: Any, transactional_db: Any, registry: None
) -> None:
    from selenium.webdriver.common.by import By

    load_default_instrument()
    browser.get(f"{live_server.url}/sipas/khao-sat/stp/")
    screens = browser.find_elements(By.CSS_SELECTOR, "[data-screen]")
    assert len(screens) == 7 and all(s.is_displayed() for s in screens)
    assert not elements_now(browser, By.CSS_SELECTOR, ".survey-progress")
    e52, _ = _option(browser, "E5.2", "4")
    assert not e52.is_displayed()
    _tap(browser, _option(browser, "P5", "1")[1])  # gave feedback: asked how it was handled
    assert e52.is_displayed() and _option(browser, "E5.3", "4")[0].is_displayed()
    screenshot(browser, "sipas-desktop-form")


@pytest.mark.browser
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_reform_office_finds_and_prints_every_units_qr_codes(
    live_server: Any, transactional_db: Any, people: dict, settings: Any, size: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from parsipas.testing import browser as chromium

    if not chromium.available():
        pytest.skip("chromium is not installed")
    settings.SITE_URL = "http://127.0.0.1:8000"
    stp = Unit.objects.get(code="stp")
    Desk.objects.create(unit=stp, code="quay-1", name="Quầy số 1 — Hộ tịch")
    Desk.objects.create(unit=stp, code="quay-2", name="Quầy số 2 — Công chứng")
    driver = (
        chromium.start(width=390, height=844, phone=True) if size == "phone" else chromium.start()
    )
    try:
        log_in(driver, live_server.url, people["admin"].username)
        driver.get(f"{live_server.url}/sipas/ma-qr/")
        wait_for_text(driver, "Quầy và mã QR khảo sát SIPAS", "Cảnh báo: địa chỉ hệ thống")
        warning = driver.find_element(By.CSS_SELECTOR, ".site-url-warning")
        assert warning.is_displayed() and "127.0.0.1:8000" in warning.text
        width = driver.execute_script("return document.documentElement.clientWidth")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        search = driver.find_element(By.ID, "qr-q")
        search.send_keys("Tư pháp")
        search.submit()
        WebDriverWait(driver, 15).until(lambda d: "q=" in d.current_url)
        wait_for_text(driver, "1 đơn vị · 2 quầy.")
        images = driver.find_elements(By.CSS_SELECTOR, "#dv-stp img")
        assert len(images) == 3
        WebDriverWait(driver, 15).until(
            lambda d: all(
                d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", i)
                for i in images
            ),
            message="the QR images never loaded",
        )
        screenshot(driver, f"sipas-qr-page-{size}")
        _tap(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "In tất cả của đơn vị"))
        wait_for_text(driver, "Quét mã để đánh giá sự hài lòng")
        sheets = driver.find_elements(By.CSS_SELECTOR, "article.qr-sheet")
        assert len(sheets) == 2 and "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK" in sheets[0].text
        assert "127.0.0.1:8000/sipas/khao-sat/stp/?quay=quay-1" in sheets[0].text
        screenshot(driver, f"sipas-qr-sheets-{size}")
        if size == "desktop":
            _printed_pages_are_one_sheet_each(driver, sheets=2)
    finally:
        driver.quit()


def _printed_pages_are_one_sheet_each(driver: Any, sheets: int) -> None:
    """Print to A4 as the browser's print dialog would: one sheet a page, no toolbar, no warning."""
    import base64
    import os
    import re
    import shutil
    import subprocess

    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(driver.print_page(options))
    path = os.path.join(
        os.path.dirname(screenshot(driver, "sipas-qr-sheets-before-print")), "sipas-qr-sheets.pdf"
    )
    with open(path, "wb") as out:
        out.write(pdf)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
        assert re.search(rf"^Pages:\s+{sheets}$", info, re.M), info
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
        assert "Cảnh báo" not in text and "Quản trị" not in text
        assert text.count("Quét mã để đánh giá sự hài lòng") == sheets
