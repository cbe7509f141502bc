"""The leads' tools: bulk accept, the next report, filters, evidence previews, 'Nhắc đơn vị' and
the per-criterion compilation exported to Word."""

from __future__ import annotations

import io
from typing import Any

from django.core import mail

from parsipas.reporting.models import Notification, ReminderLog, Report
from parsipas.reporting.tests.conftest import pdf_upload, report_data, report_path


def _send(sp: Any, client: Any, code: str, unit: str = "stp", **fields: Any) -> Report:
    path = report_path(sp, code, unit)
    client.post(path, report_data(0, narrative=f"Kết quả {code} của {unit}", **fields))
    client.post(path + "gui/")
    report = Report.objects.get(assignment=sp.assignment(code, unit), period=sp.current)
    assert report.workflow == "submitted"
    return report


def test_a_lead_accepts_the_selected_reports_at_once_and_only_those_it_leads(
    small_plan, people, login, client, stc_officer
) -> None:
    sp = small_plan
    unit = login(people["unit"])
    a, b = _send(sp, unit, "1.1"), _send(sp, unit, "2.2")
    not_led = _send(sp, unit, "1.8")  # led by Văn phòng UBND tỉnh
    lead = login(people["lead"], client.__class__())
    queue = lead.get("/bao-cao/duyet/").content.decode()
    assert 'name="chon"' in queue and "Chấp nhận các báo cáo đã chọn" in queue
    r = lead.post(
        "/bao-cao/duyet/chap-nhan/",
        {"ky": f"{sp.current.year}-Y", "chon": [a.pk, b.pk, not_led.pk]},
        follow=True,
    )
    workflows = {x.pk: x.workflow for x in Report.objects.all()}
    assert workflows == {a.pk: "accepted", b.pk: "accepted", not_led.pk: "submitted"}
    html = r.content.decode()
    assert "Đã chấp nhận 2 báo cáo" in html and "Không chấp nhận được: 1.8" in html


def test_after_a_decision_from_the_queue_the_next_waiting_report_opens(
    small_plan, people, login, client
) -> None:
    sp = small_plan
    unit = login(people["unit"])
    first, second = _send(sp, unit, "1.1"), _send(sp, unit, "1.2", status="not_started")
    lead = login(people["lead"], client.__class__())
    page = lead.get(report_path(sp, "1.1", "stp") + "?tu=hang-cho&tieu-chi=&don-vi=stp")
    assert 'name="tu" value="hang-cho"' in page.content.decode()
    r = lead.post(
        report_path(sp, "1.1", "stp", suffix="duyet/"),
        {"decision": "accept", "tu": "hang-cho", "tieu-chi": "", "don-vi": "stp"},
    )
    assert r.status_code == 302 and r["Location"].startswith(report_path(sp, "1.2", "stp"))
    r = lead.post(
        report_path(sp, "1.2", "stp", suffix="duyet/"),
        {"decision": "accept", "tu": "hang-cho", "tieu-chi": "", "don-vi": "stp"},
    )
    assert r["Location"].startswith("/bao-cao/duyet/")  # nothing left: back to the queue
    assert {first.pk, second.pk} == set(
        Report.objects.filter(workflow="accepted").values_list("pk", flat=True)
    )


def test_the_queue_filters_by_unit_and_criterion(small_plan, people, login, client) -> None:
    sp = small_plan
    _send(sp, login(people["unit"]), "1.1")
    _send(sp, login(people["commune"], client.__class__()), "1.1", unit="bmt")
    lead = login(people["lead"], client.__class__())
    html = lead.get("/bao-cao/duyet/?don-vi=phuong-buon-ma-thuot").content.decode()
    assert "Phường Buôn Ma Thuột</td>" in html and "Sở Tư pháp</td>" not in html
    html = lead.get("/bao-cao/duyet/?tieu-chi=1.2").content.decode()
    assert "Không có báo cáo nào" in html


def test_nhac_don_vi_sends_one_message_to_the_units_officers_once_a_day(
    small_plan, people, login, client, make_user
) -> None:
    sp = small_plan
    second = make_user("t.unit.stp2", "unit", sp.units["stp"])
    lead = login(people["lead"])
    node = sp.nodes["1.1"]
    page = lead.get("/bao-cao/duyet/?tieu-chi=1.1&buoc=all").content.decode()
    assert "3 đơn vị chưa gửi báo cáo" in page and "Nhắc đơn vị" in page
    url = f"/bao-cao/{sp.current.year}/Y/nhac/{node.pk}/stp/"
    r = lead.post(url, follow=True)
    assert "Đã nhắc Sở Tư pháp" in r.content.decode()
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) >= {people["unit"].email, second.email}
    assert "1.1" in mail.outbox[0].subject
    assert Notification.objects.filter(user=second, text__contains="chưa gửi báo cáo").exists()
    assert ReminderLog.objects.filter(kind="nudge").count() == 2
    # A second click the same day sends nothing and says so.
    r = lead.post(url, follow=True)
    assert "mỗi ngày nhắc một lần" in r.content.decode() and len(mail.outbox) == 1
    assert "Đã nhắc hôm nay" in r.content.decode()


def test_only_the_lead_of_the_criterion_reminds_its_units(small_plan, people, login) -> None:
    sp = small_plan
    url = f"/bao-cao/{sp.current.year}/Y/nhac/{sp.nodes['1.8'].pk}/stp/"
    assert login(people["lead"]).post(url).status_code == 403  # 1.8 is led by VP UBND
    assert login(people["unit"]).post(url).status_code == 403
    assert not mail.outbox


def test_the_compilation_gathers_every_units_text_and_exports_to_word(
    small_plan, people, login, client
) -> None:
    from docx import Document

    sp = small_plan
    _send(
        sp,
        login(people["unit"]),
        "1.1",
        difficulties="Thiếu biên chế",
        proposals="Bổ sung kinh phí",
    )
    lead = login(people["lead"], client.__class__())
    url = f"/bao-cao/{sp.current.year}/Y/tong-hop/{sp.nodes['1.1'].pk}/"
    html = lead.get(url).content.decode()
    assert "Thiếu biên chế" in html and "Bổ sung kinh phí" in html and "Kết quả 1.1 của stp" in html
    r = lead.get(url + "?tai=word")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "II. KHÓ KHĂN, VƯỚNG MẮC" in text and "Thiếu biên chế" in text
    assert "Sở Tài chính" in text  # named among the units that have not sent
    assert login(people["unit"], client.__class__()).get(url).status_code == 403


def test_pdf_and_image_evidence_can_be_previewed_inline(
    small_plan, people, login, client, media
) -> None:
    sp = small_plan
    unit = login(people["unit"])
    path = report_path(sp, "1.1", "stp")
    unit.post(path, report_data(0, action="upload", file=pdf_upload()))
    page = unit.get(path).content.decode()
    assert "Xem nhanh" in page and "?xem=1" in page
    from parsipas.reporting.models import Evidence

    pk = Evidence.objects.get().pk
    inline = unit.get(f"/bao-cao/tai-lieu/{pk}/?xem=1")
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert unit.get(f"/bao-cao/tai-lieu/{pk}/")["Content-Disposition"].startswith("attachment")
