"""Publishing asks for confirmation with the open doubts and the criteria missing a lead or
units in front of the admin; assignments are chosen with grouped checkboxes."""

from __future__ import annotations

from typing import Any

import pytest

from parsipas.conftest import PASSWORD
from parsipas.plans.models import Assignment, Node, Plan
from parsipas.units.models import Unit


@pytest.fixture
def draft_plan(registry: None) -> Plan:
    plan = Plan.objects.create(year=2027, title="Kế hoạch CCHC 2027")
    root = Node.objects.create(
        plan=plan, index="PAR", code="I", level="index", order=0, title="PAR"
    )
    field = Node.objects.create(
        plan=plan, index="PAR", code="1", level="field", parent=root, order=1, title="Chỉ đạo"
    )
    ok = Node.objects.create(
        plan=plan,
        index="PAR",
        code="1.1",
        level="criterion",
        parent=field,
        order=2,
        title="Kế hoạch",
    )
    ok.lead_units.add(Unit.objects.get(code="snv"))
    Assignment.objects.create(node=ok, unit=Unit.objects.get(code="stp"))
    Node.objects.create(
        plan=plan,
        index="PAR",
        code="1.2",
        level="criterion",
        parent=field,
        order=3,
        title="Báo cáo",
        needs_review=True,
        review_note="Hạn 'Quý I' không rõ",
    )
    return plan


def test_publishing_lists_doubts_and_needs_a_confirmation(draft_plan, people, login) -> None:
    admin = login(people["admin"])
    page = admin.get("/ke-hoach/2027/ban-hanh/")
    html = page.content.decode()
    assert page.status_code == 200 and "Vẫn ban hành" in html
    assert "Điểm cần xem lại (1)" in html and "Hạn &#x27;Quý I&#x27; không rõ" in html
    assert "chưa có cơ quan chủ trì (1)" in html and "chưa có đơn vị thực hiện (1)" in html
    admin.post("/ke-hoach/2027/ban-hanh/")  # no confirmation: nothing happens
    assert not Plan.objects.get(year=2027).is_published
    r = admin.post("/ke-hoach/2027/ban-hanh/", {"xac-nhan": "1"})
    assert r.status_code == 302 and Plan.objects.get(year=2027).is_published


def test_only_the_admin_publishes(draft_plan, people, login) -> None:
    r = login(people["lead"]).post("/ke-hoach/2027/ban-hanh/", {"xac-nhan": "1"})
    assert r.status_code == 403 and not Plan.objects.get(year=2027).is_published


def test_assignments_are_grouped_checkboxes(draft_plan, people, login) -> None:
    html = login(people["admin"]).get("/ke-hoach/2027/par/1.1/sua/").content.decode()
    assert (
        'type="checkbox" name="implementing_units"' in html
        and "<select" not in html.split("implementers")[1].split("</fieldset>")[0]
    )
    for group in ("Cơ quan cấp tỉnh (", "Xã (", "Phường ("):
        assert group in html
    assert 'id="unit-search"' in html


@pytest.mark.browser
@pytest.mark.parametrize("device", ["browser", "phone_browser"])
def test_publishing_with_doubts_asks_for_confirmation_in_a_browser(
    device, request, live_server, transactional_db, draft_plan, people
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from parsipas.testing.browser import log_in, page_text, screenshot

    driver: Any = request.getfixturevalue(device)
    log_in(driver, live_server.url, people["admin"].username, PASSWORD)
    driver.get(live_server.url + "/ke-hoach/?year=2027")
    button = driver.find_element(By.ID, "publish-plan")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    WebDriverWait(driver, 15).until(lambda d: "Ban hành kế hoạch năm 2027?" in d.page_source)
    assert "Điểm cần xem lại (1)" in page_text(driver)
    assert not Plan.objects.get(year=2027).is_published
    screenshot(driver, f"publish-{device}")
    confirm = driver.find_element(By.ID, "confirm-publish")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", confirm)
    confirm.click()
    WebDriverWait(driver, 15).until(lambda d: "Đã ban hành kế hoạch năm 2027" in d.page_source)
    assert Plan.objects.get(year=2027).is_published
