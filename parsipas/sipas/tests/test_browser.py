"""A citizen answers the survey on a phone through a desk's QR link."""

from __future__ import annotations

import time
from typing import Any

import pytest

from parsipas.sipas.defaults import load_default_instrument
from parsipas.sipas.models import Channel, Desk, Response, Status
from parsipas.testing.present import present
from parsipas.units.models import Unit


@pytest.mark.browser
def test_a_citizen_answers_on_a_phone_through_the_desks_qr_link(
    phone_browser: Any, live_server: Any, transactional_db: Any, registry: None, settings: Any
) -> None:
    from selenium.webdriver.common.by import By

    settings.SIPAS_MIN_FILL_SECONDS = 2
    load_default_instrument()
    unit = Unit.objects.get(code="phuong-buon-ma-thuot")
    Desk.objects.create(unit=unit, code="quay-1", name="Quầy số 1 — Hộ tịch")

    phone_browser.get(f"{live_server.url}/sipas/khao-sat/{unit.code}/?quay=quay-1")
    assert "Phường Buôn Ma Thuột" in phone_browser.find_element(By.TAG_NAME, "h1").text
    assert "Quầy số 1" in phone_browser.page_source
    # Fits the phone: no sideways scrolling, and answer options are big enough to tap.
    width = phone_browser.execute_script("return document.documentElement.clientWidth")
    assert width <= 500  # headless chromium will not go narrower than 500 px
    assert phone_browser.execute_script("return document.documentElement.scrollWidth") <= width
    option = phone_browser.find_element(By.CSS_SELECTOR, "fieldset.q-scale label.opt")
    assert option.size["height"] >= 44

    # Answer every satisfaction question: "4 — Hài lòng", except E1.1 "2" and E5.2 "Không ý kiến".
    for fieldset in phone_browser.find_elements(By.CSS_SELECTOR, "fieldset.q-scale"):
        code = fieldset.find_element(By.CSS_SELECTOR, ".qcode").text
        value = {"E1.1": "2", "E5.2": "0"}.get(code, "4")
        label = fieldset.find_element(By.CSS_SELECTOR, f"input[value='{value}']").find_element(
            By.XPATH, ".."
        )
        phone_browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()
    # An expectation: tap two things to improve.
    expectation = phone_browser.find_element(By.XPATH, "//legend[contains(., 'cải thiện')]/..")
    for value in ("4", "5"):
        box = expectation.find_element(By.CSS_SELECTOR, f"input[value='{value}']").find_element(
            By.XPATH, ".."
        )
        phone_browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
    time.sleep(2.2)  # a person reads before sending; faster would be flagged
    send = phone_browser.find_element(By.ID, "send")
    phone_browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", send)
    send.click()

    thanks = phone_browser.find_element(By.ID, "thanks")
    assert "Đã nhận phiếu" in thanks.text
    stored = Response.objects.get()
    assert (
        stored.unit == unit
        and present(stored.desk).code == "quay-1"
        and stored.channel == Channel.QR
    )
    assert stored.status == Status.VALID
    values = dict(
        stored.answers.filter(question__kind="satisfaction").values_list("question__code", "value")
    )
    assert len(values) == 18 and values["E1.1"] == 2 and values["E5.2"] == 0 and values["E3.1"] == 4
    assert sorted(stored.answers.filter(question__code="K1").values_list("value", flat=True)) == [
        4,
        5,
    ]
