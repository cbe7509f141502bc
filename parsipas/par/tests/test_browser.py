"""In a real browser: a commune self-assesses with evidence, the appraisal team appraises and
finalises, the admin publishes the ranking, the commune sees its own result and rank."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from parsipas.accounts.models import Role
from parsipas.accounts.policy import APPRAISAL_GROUP
from parsipas.conftest import PASSWORD
from parsipas.par import assessments
from parsipas.par.models import Framework, UnitAssessment
from parsipas.units.models import Unit

FRAMEWORK = (
    "code,parent_code,title,max_points,method,params,source,evidence_required,applies_to\n"
    "1,,Chỉ đạo điều hành,6,group,,,,\n"
    '1.1,1,Ban hành kế hoạch CCHC đúng hạn,2,binary,"{""op"": "">="", ""target"": 1}",self,1,all\n'
    "1.2,1,Mức độ hoàn thành kế hoạch,4,ratio,,self,0,all\n"
    "2,,Một cửa,4,group,,,,\n"
    "2.1,2,Hồ sơ giải quyết đúng hạn,4,ratio,,self,0,all\n"
)


def log_in(browser, live_server, username: str) -> None:
    from parsipas.testing import browser as chromium

    browser.delete_all_cookies()
    chromium.log_in(browser, live_server.url, username, PASSWORD)  # waits for the next page


def fill(browser, label: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    field = browser.find_element(By.CSS_SELECTOR, f"[aria-label='{label}']")
    field.clear()
    field.send_keys(text)


def wait_for(browser, text: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda d: text in d.page_source)


def click_and_confirm(browser, css: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(By.CSS_SELECTOR, css).click()
    WebDriverWait(browser, 5).until(expected_conditions.alert_is_present())
    browser.switch_to.alert.accept()


@pytest.mark.browser
def test_a_commune_self_assesses_is_appraised_ranked_and_sees_its_result(
    browser, live_server, transactional_db, people, make_user, tmp_path, settings
):
    from selenium.webdriver.common.by import By

    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "xa.csv"
    source.write_text(FRAMEWORK, encoding="utf-8")
    call_command(
        "par",
        "framework",
        "import",
        str(source),
        "--year",
        "2026",
        "--scope",
        "commune",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    framework = Framework.objects.get(year=2026, scope="commune")
    framework.window_open = True
    framework.save()
    member = make_user("t.thamdinh", Role.LEAD, Unit.objects.get(code="vpubnd"))
    member.groups.add(Group.objects.get_or_create(name=APPRAISAL_GROUP)[0])
    evidence = tmp_path / "ke-hoach-cchc-2026.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    # 1. The commune fills in its self-assessment with an evidence file and sends it.
    log_in(browser, live_server, people["commune"].username)
    browser.find_element(By.LINK_TEXT, "Tự đánh giá").click()
    browser.find_element(By.LINK_TEXT, "Bắt đầu tự đánh giá").click()
    assert "Phường Buôn Ma Thuột" in browser.find_element(By.TAG_NAME, "h1").text
    fill(browser, "Giá trị tiêu chí 1.1", "1")
    fill(browser, "Giá trị tiêu chí 1.2", "90")
    fill(browser, "Giá trị tiêu chí 2.1", "75")
    browser.find_element(
        By.CSS_SELECTOR, "[aria-label='Tài liệu kiểm chứng tiêu chí 1.1']"
    ).send_keys(str(evidence))
    click_and_confirm(browser, "button[value='submit']")
    wait_for(browser, "Đã gửi bản tự đánh giá")
    assert browser.find_element(By.ID, "assessment-status").text == "Đã gửi, chờ thẩm định"
    assert browser.find_element(By.LINK_TEXT, "ke-hoach-cchc-2026.pdf")

    # 2. A member of the appraisal team appraises, then finalises.
    log_in(browser, live_server, member.username)
    browser.get(live_server.url + "/par/tham-dinh/")
    browser.find_element(By.LINK_TEXT, "Thẩm định").click()
    assert "ke-hoach-cchc-2026.pdf" in browser.page_source
    fill(browser, "Điểm thẩm định tiêu chí 1.2", "3")
    fill(browser, "Nhận xét tiêu chí 1.2", "Tỷ lệ hoàn thành chưa có văn bản chứng minh")
    browser.find_element(By.CSS_SELECTOR, "button[value='appraise']").click()
    wait_for(browser, "Đã lưu kết quả thẩm định")
    click_and_confirm(browser, "button[value='finalise']")
    wait_for(browser, "Đã chốt kết quả của")
    assert browser.find_element(By.ID, "assessment-status").text == "Đã chốt kết quả"
    ours = UnitAssessment.objects.get(framework=framework, unit__code="phuong-buon-ma-thuot")
    assert (ours.points, ours.max_points) == (D("8"), D("10"))  # 2 + 3 + 4 × 0.75

    # Another commune did better: 9 / 10.
    other = assessments.start(framework, Unit.objects.get(code="xa-buon-don"))
    ids = {e.criterion.code: e.pk for e in other.entries.select_related("criterion")}
    assessments.save_self(
        other,
        {
            ids[c]: assessments.EntryInput(value=D(v))
            for c, v in {"1.1": 1, "1.2": 100, "2.1": 75}.items()
        },
    )
    other.entries.filter(criterion__code="1.1").update(evidence_link="Báo cáo năm 2026")
    assessments.submit(other, people["admin"])
    assessments.appraise(
        other,
        {
            ids[c]: assessments.Appraisal(score=D(s))
            for c, s in {"1.1": 2, "1.2": 4, "2.1": 3}.items()
        },
        people["admin"],
    )
    assessments.finalise(other, {}, people["admin"])

    # 3. The admin publishes the ranking.
    log_in(browser, live_server, people["admin"].username)
    browser.get(f"{live_server.url}/par/xep-hang/{framework.pk}/")
    browser.find_element(By.CSS_SELECTOR, "button[value='publish']").click()
    wait_for(browser, "Đã công bố kết quả")
    rows = browser.find_elements(By.CSS_SELECTOR, "#ranking-table tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows] == [
        "Xã Buôn Đôn",
        "Phường Buôn Ma Thuột",
    ]

    # 4. The commune sees its own result and rank, and the team's comment.
    log_in(browser, live_server, people["commune"].username)
    browser.get(live_server.url + "/par/tu-danh-gia/")
    browser.find_element(By.LINK_TEXT, "Mở").click()
    assert browser.find_element(By.ID, "unit-rank").text == "2 / 2"
    assert "80,00%" in browser.find_element(By.ID, "published-result").text
    assert "Tỷ lệ hoàn thành chưa có văn bản chứng minh" in browser.page_source
    assert "Xã Buôn Đôn" not in browser.page_source
