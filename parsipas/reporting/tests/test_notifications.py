from __future__ import annotations

from parsipas.reporting.models import Notification
from parsipas.reporting.tests.conftest import report_data, report_path


def test_the_bell_counts_unread_notifications_and_the_page_reads_them(
    small_plan, people, login, client
) -> None:
    unit = login(people["unit"])
    unit.post(
        report_path(small_plan, "1.1", "stp"), report_data(0, narrative="Đang làm", action="submit")
    )
    lead = login(people["lead"], client.__class__())
    home = lead.get("/").content.decode()
    assert 'class="bell"' in home and '<span class="badge">1</span>' in home
    assert "1 báo cáo chờ duyệt" in home
    page = lead.get("/bao-cao/thong-bao/").content.decode()
    assert "Sở Tư pháp đã gửi báo cáo tiêu chí 1.1" in page
    note = Notification.objects.get(user=people["lead"])
    r = lead.get(f"/bao-cao/thong-bao/{note.pk}/")
    assert r.status_code == 302 and r["Location"] == report_path(small_plan, "1.1", "stp")
    note.refresh_from_db()
    assert note.read_at is not None
    assert '<span class="badge">' not in lead.get("/").content.decode()


def test_the_unit_home_card_says_how_many_reports_are_due(small_plan, people, login) -> None:
    html = login(people["unit"]).get("/").content.decode()
    assert "6 báo cáo đến hạn trong 5 ngày" in html


def test_read_all_clears_the_bell(small_plan, people, login) -> None:
    Notification.objects.create(user=people["unit"], kind="returned", text="a")
    Notification.objects.create(user=people["unit"], kind="returned", text="b")
    c = login(people["unit"])
    c.post("/bao-cao/thong-bao/doc-het/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
