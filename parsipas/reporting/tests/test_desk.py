"""The unit's desk: every task of the period on one page, several filled at once, sent together."""

from __future__ import annotations

from typing import Any

from parsipas.reporting.models import Report
from parsipas.reporting.tests.conftest import report_data, report_path


def _desk(sp: Any) -> str:
    return f"/bao-cao/{sp.current.year}/Y/"


def _row(sp: Any, code: str, unit: str = "stp", version: int = 0, **fields: Any) -> dict[str, Any]:
    prefix = f"r{sp.assignment(code, unit).pk}"
    data = {
        f"{prefix}-version": version,
        f"{prefix}-status": "not_started",
        f"{prefix}-narrative": "",
        f"{prefix}-difficulties": "",
    }
    data.update({f"{prefix}-{k}": v for k, v in fields.items()})
    return data


def _all_rows(sp: Any, **overrides: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for code in ("1.1", "1.2", "1.8", "2.1", "2.2", "2.3"):
        data.update(_row(sp, code, **overrides.get(code, {})))
    return data


def test_the_desk_shows_every_task_with_its_state_what_is_missing_and_the_due_date(
    small_plan, people, login
) -> None:
    unit = login(people["unit"])
    unit.post(
        report_path(small_plan, "1.1", "stp"), report_data(0, status="done", narrative="Xong")
    )
    html = unit.get(_desk(small_plan)).content.decode()
    for title in ("Thực hiện kế hoạch CCHC", "Thực hiện chế độ báo cáo CCHC", "Sáng kiến CCHC"):
        assert title in html
    assert "Bản nháp" in html and "Chưa bắt đầu" in html
    assert "cần có tài liệu kiểm chứng" in html  # what 1.1 still misses
    assert small_plan.current.due_date.strftime("%d/%m/%Y") in html
    assert "còn 5 ngày" in html


def test_the_current_period_opens_by_default(small_plan, people, login) -> None:
    r = login(people["unit"]).get("/bao-cao/")
    assert r.status_code == 302 and r["Location"] == _desk(small_plan)


def test_several_reports_are_saved_at_once_and_untouched_ones_are_not_created(
    small_plan, people, login
) -> None:
    sp = small_plan
    unit = login(people["unit"])
    t = sp.targets["1.2"]
    data = _all_rows(
        sp,
        **{
            "1.1": {"status": "in_progress", "narrative": "Đang triển khai kế hoạch"},
            "1.2": {"status": "done", "narrative": "Đủ 4 báo cáo", f"fig_{t.pk}": "100"},
        },
    )
    r = unit.post(_desk(sp), {**data, "action": "save"})
    assert r.status_code == 302
    reports = {r.assignment.node.code: r for r in Report.objects.select_related("assignment__node")}
    assert set(reports) == {"1.1", "1.2"}
    assert reports["1.2"].figures.get().value == 100 and reports["1.1"].workflow == "draft"


def test_submit_all_sends_the_complete_reports_and_names_the_others(
    small_plan, people, login
) -> None:
    sp = small_plan
    unit = login(people["unit"])
    data = _all_rows(
        sp,
        **{
            "1.1": {"status": "in_progress", "narrative": "Đang triển khai"},
            "1.2": {"status": "done", "narrative": "Đủ báo cáo"},  # no evidence, no reason
        },
    )
    r = unit.post(_desk(sp), {**data, "action": "submit"}, follow=True)
    html = r.content.decode()
    workflow = dict(Report.objects.values_list("assignment__node__code", "workflow"))
    assert workflow == {"1.1": "submitted", "1.2": "draft"}
    assert "Đã gửi 1 báo cáo" in html and "Chưa gửi được: 1.2" in html


def test_a_bad_figure_on_one_row_saves_nothing(small_plan, people, login) -> None:
    sp = small_plan
    unit = login(people["unit"])
    data = _all_rows(
        sp,
        **{
            "1.1": {"status": "in_progress", "narrative": "Đang triển khai"},
            "1.2": {
                "status": "in_progress",
                "narrative": "x",
                f"fig_{sp.targets['1.2'].pk}": "chín mươi",
            },
        },
    )
    r = unit.post(_desk(sp), {**data, "action": "save"})
    assert r.status_code == 400
    assert "không phải là số" in r.content.decode() and "Chưa lưu gì" in r.content.decode()
    assert not Report.objects.exists()


def test_a_row_changed_meanwhile_by_a_colleague_is_not_overwritten(
    small_plan, people, login, client, make_user
) -> None:
    sp = small_plan
    colleague = make_user("t.unit.stp2", "unit", sp.units["stp"], full_name="Lê Văn C")
    unit = login(people["unit"])
    # Both open the desk (version 0 everywhere); the colleague saves 1.1 first from the report page.
    other = login(colleague, client.__class__())
    other.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="Bản của C"))
    data = _all_rows(
        sp,
        **{
            "1.1": {"status": "in_progress", "narrative": "Bản của A"},
            "2.2": {"status": "in_progress", "narrative": "Đang vận động sáng kiến"},
        },
    )
    r = unit.post(_desk(sp), {**data, "action": "save"})
    html = r.content.decode()
    assert r.status_code == 400 and "Lê Văn C" in html and "Bản của A" in html
    narratives = dict(Report.objects.values_list("assignment__node__code", "narrative"))
    assert narratives == {"1.1": "Bản của C", "2.2": "Đang vận động sáng kiến"}


def test_the_page_is_usable_on_a_phone(small_plan, people, login) -> None:
    html = login(people["unit"]).get(_desk(small_plan)).content.decode()
    assert 'name="viewport"' in html and "reporting.css" in html and 'inputmode="decimal"' in html


def _return(sp: Any, people: Any, login: Any, client: Any, code: str = "1.1") -> None:
    """The unit sends `code`, the lead returns it with a comment."""
    unit = login(people["unit"])
    unit.post(report_path(sp, code, "stp"), report_data(0, narrative="Bản đầu"))
    unit.post(report_path(sp, code, "stp", suffix="gui/"))
    lead = login(people["lead"], client.__class__())
    lead.post(
        report_path(sp, code, "stp", suffix="duyet/"), {"decision": "return", "comment": "Bổ sung"}
    )
    assert Report.objects.get(assignment=sp.assignment(code, "stp")).workflow == "returned"


def test_the_desk_opens_on_what_is_left_to_do_and_its_counters_link_to_the_tabs(
    small_plan, people, login
) -> None:
    sp = small_plan
    unit = login(people["unit"])
    unit.post(report_path(sp, "1.1", "stp"), report_data(0, narrative="Đang làm"))
    unit.post(report_path(sp, "1.1", "stp", suffix="gui/"))
    todo_page = unit.get(_desk(sp)).content.decode()
    assert "Thực hiện kế hoạch CCHC" not in todo_page  # 1.1 is sent
    assert "Thực hiện chế độ báo cáo CCHC" in todo_page
    assert 'href="?tab=da-gui"' in todo_page and 'aria-current="page">Cần làm' in todo_page
    sent_page = unit.get(_desk(sp) + "?tab=da-gui").content.decode()
    assert "Thực hiện kế hoạch CCHC" in sent_page
    assert "Thực hiện chế độ báo cáo CCHC" not in sent_page


def test_saving_one_tab_leaves_the_rows_of_other_tabs_alone(small_plan, people, login) -> None:
    sp = small_plan
    unit = login(people["unit"])
    r = unit.post(
        _desk(sp), {**_row(sp, "1.2", status="in_progress", narrative="Mới"), "action": "save"}
    )
    assert r.status_code == 302
    assert dict(Report.objects.values_list("assignment__node__code", "narrative")) == {"1.2": "Mới"}


def test_send_all_previews_first_and_never_resends_a_returned_report_unchanged(
    small_plan, people, login, client
) -> None:
    sp = small_plan
    _return(sp, people, login, client, "1.1")
    unit = login(people["unit"])
    data = _row(sp, "2.2", status="in_progress", narrative="Đang vận động sáng kiến")
    r = unit.post(_desk(sp), {**data, "action": "preview"})
    assert r.status_code == 302 and "xem-truoc=1" in r["Location"]
    preview = unit.get(r["Location"]).content.decode()
    assert "Xem trước khi gửi" in preview and "Không gửi lại 1 báo cáo bị trả lại" in preview
    assert Report.objects.get(assignment=sp.assignment("2.2", "stp")).workflow == "draft"
    r = unit.post(_desk(sp), {"action": "submit"}, follow=True)
    workflow = dict(Report.objects.values_list("assignment__node__code", "workflow"))
    assert workflow == {"1.1": "returned", "2.2": "submitted"}
    assert "1 báo cáo bị trả lại chưa được sửa nên không gửi lại" in r.content.decode()


def test_a_returned_report_changed_by_the_unit_is_sent_again(
    small_plan, people, login, client
) -> None:
    sp = small_plan
    _return(sp, people, login, client, "1.1")
    unit = login(people["unit"])
    version = Report.objects.get().version
    unit.post(
        _desk(sp),
        {
            **_row(sp, "1.1", version=version, status="in_progress", narrative="Đã bổ sung"),
            "action": "save",
        },
    )
    chosen = str(sp.assignment("1.1", "stp").pk)
    unit.post(_desk(sp), {"action": "submit", "gui": [chosen]})
    assert Report.objects.get().workflow == "submitted"


def test_the_home_and_the_desk_count_the_same_reports_left_to_do(
    small_plan, people, login, client
) -> None:
    from django.urls import reverse

    from parsipas.reporting.menu import reporting_cards

    sp = small_plan
    _return(sp, people, login, client, "1.1")
    unit = login(people["unit"])
    desk = unit.get(_desk(sp)).context
    card = next(c for c in reporting_cards(people["unit"]) if "báo cáo" in c.title)
    assert dict(card.figures)["Chưa gửi"] == desk["summary"]["open"] == 6  # 1.1 is returned
    unit_page = unit.get(reverse("dashboard_unit")).content.decode()
    assert "6 báo cáo chưa gửi" in unit_page
