"""A report a colleague sends while another officer of the unit is still typing: the second
save says what happened and gives the typing back (409), never a bare 403 that loses it."""

from __future__ import annotations

from django.test import Client

from parsipas.reporting.models import Report
from parsipas.reporting.tests.conftest import report_data, report_path


def test_saving_a_report_a_colleague_sent_meanwhile_gives_the_typing_back(
    small_plan, people, login, make_user
) -> None:
    from parsipas.accounts.models import Role

    sp = small_plan
    colleague = make_user("t.unit.stp2", Role.UNIT, people["unit"].unit)
    me, other = login(people["unit"]), login(colleague, Client())
    url = report_path(sp, "1.1", "stp")
    assert me.post(url, report_data(0, narrative="Bản nháp đầu")).status_code == 302
    version = Report.objects.get().version
    # The colleague sends it; I am still typing on the page opened at `version`.
    assert other.post(report_path(sp, "1.1", "stp", suffix="gui/")).status_code == 302
    response = me.post(url, report_data(version, narrative="Đoạn tôi vừa gõ rất dài"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "trong lúc bạn nhập, báo cáo đã được gửi" in page
    assert "Đoạn tôi vừa gõ rất dài" in page
    report = Report.objects.get()
    assert report.workflow == "submitted" and report.narrative == "Bản nháp đầu"


def test_another_units_officer_still_gets_no_page(small_plan, people, login) -> None:
    sp = small_plan
    me = login(people["unit"])
    me.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="X"))
    me.post(report_path(sp, "1.1", "stp", suffix="gui/"))
    stranger = login(people["commune"], Client())
    response = stranger.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="Y"))
    assert response.status_code in (403, 404)
    assert "Y" not in Report.objects.get().narrative
