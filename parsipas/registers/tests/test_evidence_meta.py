"""A register's files carry the document they are, like a report's evidence: the notice and the
remediation plan from their own number and date, remediation evidence from what the unit types
(or its file name); an impossible number or a future date stores nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from parsipas.registers import services
from parsipas.registers.tests.conftest import YEAR, pdf, stream


def test_the_notice_and_the_plan_are_cited_as_the_documents_they_are(world, login):
    inspection = world.inspect("stp")
    services.issue_notice(
        world.people["lead"], inspection, "9/TB-SNV", dt.date(YEAR, 3, 10), stream("n"), "tb.pdf"
    )
    inspection.refresh_from_db()
    notice = inspection.notice.file
    assert (notice.doc_number, notice.doc_kind, notice.doc_issuer) == (
        "9/TB-SNV",
        "thong-bao-ket-luan",
        "Sở Nội vụ",
    )
    # A short number the register accepts is kept as written.
    client = login(world.people["unit"])
    client.post(
        f"/so-theo-doi/kiem-tra/{inspection.pk}/",
        {"action": "plan", "number": "2/KH", "date": f"{YEAR}-03-20", "file": pdf("kh.pdf")},
    )
    inspection.refresh_from_db()
    plan = inspection.remediation_plan_file
    assert (plan.doc_number, plan.doc_kind, plan.doc_issuer) == ("2/KH", "ke-hoach", "Sở Tư pháp")
    page = client.get(f"/so-theo-doi/kiem-tra/{inspection.pk}/").content.decode()
    assert "Thông báo kết luận số 9/TB-SNV ngày 10/3/2026 của Sở Nội vụ" in page
    assert "Kế hoạch số 2/KH ngày 20/3/2026 của Sở Tư pháp" in page


def test_remediation_evidence_asks_for_its_document(world, login):
    inspection = world.inspect("stp")
    client = login(world.people["unit"])
    url = f"/so-theo-doi/kiem-tra/{inspection.pk}/"
    client.post(
        url, {"action": "plan", "number": "2/KH-STP", "date": f"{YEAR}-03-20", "file": pdf("k.pdf")}
    )
    finding = inspection.findings.first()
    p = f"f{finding.pk}-"
    base = {"action": "remediate", "finding": finding.pk, p + "remediation": "Đã niêm yết",
            p + "date": f"{YEAR}-04-01"}  # fmt: skip
    assert "Sửa thông tin văn bản" not in client.get(url).content.decode()
    assert "Số, ký hiệu văn bản" in client.get(url).content.decode()

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client.post(url, {**base, p + "doc_date": tomorrow.isoformat(), p + "file": pdf("a.pdf", "1")})
    finding.refresh_from_db()
    assert finding.evidence_id is None and finding.status == "open"

    r = client.post(url, {**base, p + "file": pdf("15_BC-STP_bao-cao-khac-phuc.pdf", "2")})
    assert r.status_code == 302
    finding.refresh_from_db()
    evidence = finding.evidence
    assert (evidence.doc_number, evidence.doc_kind, evidence.doc_issuer, evidence.doc_title) == (
        "15/BC-STP",
        "bao-cao",
        "Sở Tư pháp",
        "Bao cao khac phuc",
    )
    assert "Báo cáo số 15/BC-STP của Sở Tư pháp" in client.get(url).content.decode()


def test_a_task_reported_done_cites_its_evidence_document(world, login):
    from parsipas.registers.models import GovernmentTask

    task = GovernmentTask.objects.create(
        year=YEAR, doc_number="9/VPCP", doc_date=dt.date(YEAR, 1, 2), issuer="VPCP",
        content="Rà soát thủ tục", due_date=dt.date(YEAR, 6, 1),
    )  # fmt: skip
    task.units.set([world.units["stp"]])
    client = login(world.people["unit"])
    url = f"/so-theo-doi/nhiem-vu/{task.pk}/"
    done = {"action": "done", "completed_on": f"{YEAR}-05-02", "result": "Đã rà soát 12 thủ tục"}
    client.post(url, {**done, "doc_number": "abc", "file": pdf("x.pdf", "t1")})
    task.refresh_from_db()
    assert task.evidence_id is None and task.status != "done"
    client.post(url, {**done, "doc_number": "77/BC-STP", "doc_date": f"{YEAR}-05-02",
                      "file": pdf("bao-cao.pdf", "t2")})  # fmt: skip
    task.refresh_from_db()
    assert task.status == "done"
    assert (task.evidence.doc_number, task.evidence.doc_kind) == ("77/BC-STP", "bao-cao")
    assert "Báo cáo số 77/BC-STP ngày 2/5/2026 của Sở Tư pháp" in client.get(url).content.decode()
