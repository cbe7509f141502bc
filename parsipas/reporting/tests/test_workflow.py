"""The whole life of a report over HTTP: fill, attach evidence, send, return, resend, accept."""

from __future__ import annotations

from typing import Any

from parsipas.reporting.models import Evidence, Notification, Report, ReportEvent
from parsipas.reporting.tests.conftest import pdf_upload, report_data, report_path


def _report(sp: Any, code: str = "1.2", unit: str = "stp", period: str = "Y") -> Report:
    return Report.objects.get(assignment=sp.assignment(code, unit), period=sp.periods[period])


def test_a_report_goes_from_draft_to_accepted_through_a_return(
    small_plan, people, login, client, media
) -> None:
    sp = small_plan
    url = report_path(sp, "1.2", "stp")
    target = sp.targets["1.2"]
    unit = login(people["unit"])

    # Draft: saved, not sent; the figure is compared with the target at once.
    r = unit.post(
        url,
        report_data(
            0, status="done", narrative="Đã gửi đủ 4 báo cáo.", **{f"fig_{target.pk}": "100"}
        ),
    )
    assert r.status_code == 302
    report = _report(sp)
    assert (report.workflow, report.status, report.version) == ("draft", "done", 1)
    assert report.figures.get().result == "met"
    page = unit.get(url).content.decode()
    assert "Đạt" in page and "Báo cáo &#x27;Hoàn thành&#x27; cần có tài liệu kiểm chứng" in page

    # "Hoàn thành" without evidence nor explanation cannot be sent.
    r = unit.post(
        url,
        report_data(
            1,
            status="done",
            narrative="Đã gửi đủ 4 báo cáo.",
            action="submit",
            **{f"fig_{target.pk}": "100"},
        ),
    )
    assert _report(sp).workflow == "draft"
    assert "chưa gửi được" in unit.get(url).content.decode().lower()

    # Evidence: a PDF with its document number and date.
    r = unit.post(
        url,
        report_data(
            _report(sp).version,
            status="done",
            narrative="Đã gửi đủ 4 báo cáo.",
            action="upload",
            file=pdf_upload(),
            doc_number="12/BC-STP",
            doc_date="2026-03-18",
            **{f"fig_{target.pk}": "100"},
        ),
    )
    assert r.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.doc_number, len(evidence.sha256)) == (
        "application/pdf",
        "12/BC-STP",
        64,
    )
    assert evidence.file.name == f"evidence/{evidence.sha256[:2]}/{evidence.sha256}"

    r = unit.post(url + "gui/", {"version": _report(sp).version})
    report = _report(sp)
    assert report.workflow == "submitted" and report.submitted_at and not report.late

    # Submitted: the unit can no longer change it.
    r = unit.post(url, report_data(report.version, status="in_progress", narrative="Sửa"))
    assert r.status_code == 403

    # The lead of 1.2 (Sở Nội vụ) sees it waiting and returns it with a comment.
    lead = login(people["lead"], client.__class__())
    queue = lead.get("/bao-cao/duyet/").content.decode()
    assert "Sở Tư pháp" in queue and "Duyệt" in queue
    assert Notification.objects.filter(user=people["lead"], kind="review").exists()
    r = lead.post(url + "duyet/", {"decision": "return", "comment": ""})
    assert r.status_code == 400 and _report(sp).workflow == "submitted"  # a return needs a comment
    r = lead.post(url + "duyet/", {"decision": "return", "comment": "Bổ sung báo cáo quý II."})
    assert r.status_code == 302
    report = _report(sp)
    assert report.workflow == "returned" and report.review_comment == "Bổ sung báo cáo quý II."
    note = Notification.objects.get(user=people["unit"], kind="returned")
    assert "Bổ sung báo cáo quý II." in note.text

    # The unit sees the comment, corrects and sends again.
    page = unit.get(url).content.decode()
    assert "Bổ sung báo cáo quý II." in page and "Lưu và gửi lại" in page
    r = unit.post(
        url,
        report_data(
            report.version,
            status="done",
            narrative="Đã gửi đủ, kèm báo cáo quý II.",
            action="submit",
            **{f"fig_{target.pk}": "100"},
        ),
    )
    assert _report(sp).workflow == "submitted"

    r = lead.post(url + "duyet/", {"decision": "accept", "comment": "Đạt yêu cầu."})
    report = _report(sp)
    assert report.workflow == "accepted" and report.reviewed_by == people["lead"]

    # Each step is dated and signed, in order.
    steps = list(ReportEvent.objects.filter(report=report).values_list("action", "user__username"))
    assert steps == [
        ("submitted", "t.unit.stp"),
        ("returned", "t.lead.snv"),
        ("resubmitted", "t.unit.stp"),
        ("accepted", "t.lead.snv"),
    ]
    history = unit.get(url).content.decode()
    assert "Gửi lại báo cáo" in history and "Trả lại" in history and "Chấp nhận" in history

    # Accepted: frozen for everyone, evidence included.
    assert unit.post(url, report_data(report.version, narrative="x")).status_code == 403
    assert unit.post(url, {"action": "upload", "file": pdf_upload()}).status_code == 403
    assert unit.post(f"/bao-cao/tai-lieu/{evidence.pk}/xoa/").status_code == 403
    assert lead.post(url + "duyet/", {"decision": "return", "comment": "lại"}).status_code == 403


def test_a_done_report_without_evidence_can_be_sent_with_an_explanation(
    small_plan, people, login
) -> None:
    url = report_path(small_plan, "1.1", "stp")
    unit = login(people["unit"])
    unit.post(
        url,
        report_data(
            0,
            status="done",
            narrative="Hoàn thành 100%.",
            no_evidence_reason="Văn bản mật, lưu tại đơn vị.",
            action="submit",
        ),
    )
    assert _report(small_plan, "1.1").workflow == "submitted"


def test_a_report_sent_after_the_due_date_is_marked_late(small_plan, people, login) -> None:
    url = report_path(small_plan, "1.1", "stp", period="Q3")  # Q3 was due 90 days ago
    unit = login(people["unit"])
    unit.post(url, report_data(0, status="in_progress", narrative="Đang làm.", action="submit"))
    report = _report(small_plan, "1.1", period="Q3")
    assert report.workflow == "submitted" and report.late
    assert "Gửi muộn" in unit.get(url).content.decode()


def test_a_closed_period_still_takes_reports_but_marks_them_late(small_plan, people, login) -> None:
    period = small_plan.current
    period.state = "closed"
    period.save()
    unit = login(people["unit"])
    unit.post(
        report_path(small_plan, "1.1", "stp"),
        report_data(0, narrative="Đang làm.", action="submit"),
    )
    assert _report(small_plan, "1.1").late


def test_a_locked_period_freezes_reports_until_the_admin_reopens_one(
    small_plan, people, login, client
) -> None:
    sp = small_plan
    url = report_path(sp, "1.1", "stp")
    unit = login(people["unit"])
    unit.post(url, report_data(0, narrative="Bản nháp"))
    sp.current.state = "locked"
    sp.current.save()
    assert unit.post(url, report_data(1, narrative="Sửa sau khi khóa")).status_code == 403
    assert "Kỳ này đã khóa" in unit.get(f"/bao-cao/{sp.current.year}/Y/").content.decode()

    admin = login(people["admin"], client.__class__())
    assert admin.post(url + "mo-lai/", {"comment": ""}).status_code == 302
    assert not _report(sp, "1.1").reopened  # a reason is required
    admin.post(url + "mo-lai/", {"comment": "Đơn vị xin bổ sung số liệu."})
    report = _report(sp, "1.1")
    assert report.reopened
    assert (
        unit.post(
            url, report_data(report.version, narrative="Bổ sung", action="submit")
        ).status_code
        == 302
    )
    assert _report(sp, "1.1").workflow == "submitted"
    # Another report of the locked period stays frozen.
    assert (
        unit.post(report_path(sp, "1.2", "stp"), report_data(0, narrative="x")).status_code == 403
    )


def test_the_admin_can_reopen_an_accepted_report(small_plan, people, login, client) -> None:
    sp = small_plan
    url = report_path(sp, "1.1", "stp")
    unit = login(people["unit"])
    unit.post(url, report_data(0, narrative="Đang làm.", action="submit"))
    lead = login(people["lead"], client.__class__())
    lead.post(url + "duyet/", {"decision": "accept"})
    admin = login(people["admin"], client.__class__())
    admin.post(url + "mo-lai/", {"comment": "Sai số liệu."})
    report = _report(sp, "1.1")
    assert report.workflow == "returned" and report.reopened
    assert ReportEvent.objects.filter(
        report=report, action="reopened", user=people["admin"]
    ).exists()


def test_a_unit_can_withdraw_a_report_before_review(small_plan, people, login) -> None:
    url = report_path(small_plan, "1.1", "stp")
    unit = login(people["unit"])
    unit.post(url, report_data(0, narrative="Đang làm.", action="submit"))
    unit.post(url + "rut-lai/")
    assert _report(small_plan, "1.1").workflow == "draft"


def test_two_people_editing_the_same_report_do_not_overwrite_each_other(
    small_plan, people, login, client, make_user
) -> None:
    sp = small_plan
    url = report_path(sp, "1.1", "stp")
    colleague = make_user("t.unit.stp2", "unit", sp.units["stp"], full_name="Trần Thị B")
    first = login(people["unit"])
    first.post(url, report_data(0, narrative="Bản đầu"))
    second = login(colleague, client.__class__())
    # Both opened version 1; the colleague saves first.
    assert second.post(url, report_data(1, narrative="Bản của B")).status_code == 302
    r = first.post(url, report_data(1, narrative="Bản của A"))
    assert r.status_code == 409
    html = r.content.decode()
    assert "Trần Thị B" in html and "CHƯA được lưu" in html and "Bản của A" in html
    assert _report(sp, "1.1").narrative == "Bản của B"
    # Saving again from the re-shown page is a conscious overwrite (it carries the new version).
    assert first.post(url, report_data(2, narrative="Bản của A")).status_code == 302
    assert _report(sp, "1.1").narrative == "Bản của A"


def test_every_change_is_in_the_audit_trail(small_plan, people, login) -> None:
    from parsipas.audit.models import AuditEntry

    url = report_path(small_plan, "1.2", "stp")
    unit = login(people["unit"])
    unit.post(url, report_data(0, narrative="Một", **{f"fig_{small_plan.targets['1.2'].pk}": "95"}))
    unit.post(url, report_data(1, narrative="Hai", **{f"fig_{small_plan.targets['1.2'].pk}": "95"}))
    entries = AuditEntry.objects.filter(model="reporting.report")
    assert entries.filter(action="create", actor=people["unit"]).exists()
    change = entries.filter(action="update").latest("pk")
    assert change.changes["narrative"] == ["Một", "Hai"]
    assert AuditEntry.objects.filter(model="reporting.targetfigure", action="create").exists()


def test_an_increase_target_is_judged_against_last_years_figure(small_plan, people, login) -> None:
    t = small_plan.targets["2.1"]
    url = report_path(small_plan, "2.1", "stp")
    unit = login(people["unit"])
    unit.post(url, report_data(0, narrative="x", **{f"fig_{t.pk}": "12"}))
    assert _report(small_plan, "2.1").figures.get().result == "unknown"
    unit.post(url, report_data(1, narrative="x", **{f"fig_{t.pk}": "12", f"prev_{t.pk}": "10"}))
    assert _report(small_plan, "2.1").figures.get().result == "met"


def test_a_figure_that_is_not_a_number_is_refused(small_plan, people, login) -> None:
    t = small_plan.targets["1.2"]
    unit = login(people["unit"])
    r = unit.post(
        report_path(small_plan, "1.2", "stp"),
        report_data(0, narrative="x", **{f"fig_{t.pk}": "gần đủ"}),
    )
    assert r.status_code == 400 and "không phải là số" in r.content.decode()
    assert not Report.objects.exists()
