"""On a phone: a citizen sends a petition, the unit answers it, the citizen rates it, and the
province's figures (the 766 petition parts) move."""

from __future__ import annotations

import tempfile
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from parsipas.petitions.models import Petition
from parsipas.petitions.tests.conftest import PDF
from parsipas.testing import browser as chromium
from parsipas.testing.builders import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(driver: Any, name: str) -> None:
    chromium.screenshot(driver, name)


def test_citizen_sends_unit_answers_citizen_rates(
    phone_browser: Any, live_server: Any, people: Any
) -> None:
    d = phone_browser
    wait = WebDriverWait(d, 20)
    d.get(live_server.url + "/phan-anh/")
    stp = people["unit"].unit
    Select(d.find_element(By.NAME, "unit")).select_by_value(str(stp.pk))
    d.find_element(By.NAME, "procedure").send_keys("Chứng thực bản sao")
    d.find_element(By.NAME, "content").send_keys("Chờ cả buổi sáng mà không được tiếp nhận hồ sơ.")
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(PDF)
    d.find_element(By.NAME, "files").send_keys(f.name)
    d.find_element(By.NAME, "sender_name").send_keys("Hoàng Văn Em")
    d.find_element(By.NAME, "sender_phone").send_keys("0905111222")
    _shot(d, "petition-form-phone")
    d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    code = wait.until(lambda x: x.find_element(By.ID, "tracking-code")).text
    sender_link = d.find_element(By.ID, "sender-link").get_attribute("href")
    petition = Petition.objects.get(code=code)
    assert petition.attachments.count() == 1

    # The unit's officer answers on the same phone.
    officer = chromium.start(width=390, height=844, phone=True)
    try:
        chromium.log_in(officer, live_server.url, people["unit"].username, PASSWORD)
        officer.get(f"{live_server.url}/phan-anh/quan-ly/{code}/")
        assert "Hoàng Văn Em" in officer.page_source
        officer.find_element(By.CSS_SELECTOR, "#actions details:nth-of-type(2) summary").click()
        form = officer.find_element(By.ID, "answer-form")
        form.find_element(By.NAME, "text").send_keys(
            "Đơn vị đã bố trí thêm cán bộ tiếp nhận buổi sáng."
        )
        form.find_element(By.NAME, "doc_number").send_keys("15/STP-VP")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(officer, 20).until(lambda x: "Đã có văn bản trả lời" in x.page_source)
        officer.find_element(By.ID, "publish").click()
        WebDriverWait(officer, 20).until(lambda x: "Đã công khai kết quả" in x.page_source)
        _shot(officer, "petition-detail-phone")
    finally:
        officer.quit()

    # Back to the citizen, who rates the handling.
    d.get(sender_link)
    assert "bố trí thêm cán bộ" in d.find_element(By.ID, "petition-answer").text
    d.find_element(By.CSS_SELECTOR, "#rating-form input[value='0']").click()
    d.find_element(By.CSS_SELECTOR, "#rating-form button[type=submit]").click()
    wait.until(lambda x: x.find_elements(By.ID, "petition-rating"))
    _shot(d, "petition-rated-phone")
    petition.refresh_from_db()
    assert petition.rating is False

    # The province's figures: one petition, on time, rated not satisfied → 6 and 0 points.
    viewer = chromium.start()
    try:
        chromium.log_in(viewer, live_server.url, people["viewer"].username, PASSWORD)
        viewer.get(f"{live_server.url}/phan-anh/quan-ly/so-lieu/")
        foot = viewer.find_element(By.CSS_SELECTOR, "tfoot").text
        # SIPAS 5: received 1, handled on time 1, answered 1, overdue 0, rated 1, satisfied 0.
        assert foot.split()[2:8] == ["1", "1", "1", "0", "1", "0"]
        assert foot.split()[-2:] == ["6,00", "0,00"]  # Vietnamese decimal comma
    finally:
        viewer.quit()
