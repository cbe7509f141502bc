"""In a real browser, on a desk and on a phone: the appraisal page shows the system's own figure
beside the unit's self-assessed value (self 95% vs system 84,68%), flagged as a gap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from parsipas.par import assessments
from parsipas.par.tests.test_browser import log_in
from parsipas.par.tests.test_system_figures import FRAMEWORK


def _setup(people, tmp_path, settings):
    import io

    from django.core.management import call_command

    from parsipas.dossiers.models import DossierDay
    from parsipas.par.models import Framework
    from parsipas.units.models import Unit

    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "xa.csv"
    source.write_text(FRAMEWORK, encoding="utf-8")
    year = dt.date.today().year
    call_command("par", "framework", "import", str(source), "--year", str(year),
                 "--scope", "commune", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    framework = Framework.objects.get(year=year, scope="commune")
    framework.window_open = True
    framework.save()
    unit = Unit.objects.get(code="phuong-buon-ma-thuot")
    month = dt.date(year, 3, 1)
    DossierDay.objects.create(unit=unit, day=month.replace(day=10), half=month, received=2500,
                              finished=2500, on_time=2117, late_with_apology=100)  # fmt: skip
    return framework, unit


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desk", "phone"])
def test_the_appraiser_sees_self_95_beside_the_systems_84_68(
    device, request, live_server, transactional_db, people, tmp_path, settings
):
    from selenium.webdriver.common.by import By

    from parsipas.testing import browser as chromium

    driver = request.getfixturevalue("browser" if device == "desk" else "phone_browser")
    framework, unit = _setup(people, tmp_path, settings)

    # The commune's form starts from the system's figure; it claims 95% all the same.
    log_in(driver, live_server, people["commune"].username)
    driver.get(f"{live_server.url}/par/tu-danh-gia/{framework.pk}/")
    field = driver.find_element(By.CSS_SELECTOR, "[aria-label='Giá trị tiêu chí 3.2']")
    assert field.get_attribute("value") == "84,68"
    chromium.wait_for_text(driver, "Điền sẵn từ số liệu hệ thống")
    field.clear()
    field.send_keys("95")
    for code, value in (("1.1", "1"), ("3.4", "50")):
        other = driver.find_element(By.CSS_SELECTOR, f"[aria-label='Giá trị tiêu chí {code}']")
        other.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "button[value='save']").click()
    chromium.wait_for_text(driver, "Đã lưu bản tự đánh giá")
    assessment = framework.assessments.get(unit=unit)
    assert assessment.entries.get(criterion__code="3.2").value == D(95)
    assessments.submit(assessment, people["commune"])

    # The appraiser sees both, and the gap.
    log_in(driver, live_server, people["admin"].username)
    driver.get(f"{live_server.url}/par/tham-dinh/{framework.pk}/{unit.code}/")
    chromium.wait_for_text(driver, "Số liệu hệ thống:")
    box = driver.find_element(By.CSS_SELECTOR, "[data-system-figure='3.2']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    assert box.is_displayed()
    text = box.text
    assert (
        "84,68%" in text and "Chênh lệch +10,32 điểm %" in text and "đơn vị tự đánh giá 95%" in text
    )
    assert "system-differs" in box.get_attribute("class")
    row = driver.find_element(By.ID, "row-3.2").text
    assert "Giá trị 95" in row
    chromium.screenshot(driver, f"h18a-appraisal-system-figure-{device}")
