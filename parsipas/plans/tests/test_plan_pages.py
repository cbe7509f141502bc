"""Upload, review and publish a plan; browse it by tree, criterion and unit — by role."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parsipas.plans.models import Plan, PlanImport


def test_admin_uploads_reads_the_report_and_publishes(people, login, seed_bytes):
    client = login(people["admin"])
    response = client.post(
        "/ke-hoach/nhap/", {"file": SimpleUploadedFile("kh-2026.txt", seed_bytes)}
    )
    assert response.status_code == 302
    assert Plan.objects.count() == 0  # nothing applied before the admin has read the report
    page = client.get(response["Location"]).content.decode()
    assert "77" in page and "Cần quản trị viên xem lại" in page and "1.5" in page
    response = client.post(response["Location"], {"action": "apply", "publish": "1"})
    assert response.status_code == 302
    plan = Plan.objects.get(year=2026)
    assert plan.is_published and PlanImport.objects.get().state == "applied"


def test_a_bad_upload_is_explained_and_changes_nothing(people, login):
    client = login(people["admin"])
    response = client.post(
        "/ke-hoach/nhap/", {"file": SimpleUploadedFile("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00")}
    )
    assert response.status_code == 400
    assert "không đọc được" in response.content.decode()
    assert PlanImport.objects.count() == 0 and Plan.objects.count() == 0


@pytest.mark.parametrize("role", ["lead", "unit", "commune", "viewer"])
def test_only_the_admin_imports_edits_and_publishes(role, people, login, plan_2026):
    client = login(people[role])
    for url in ["/ke-hoach/nhap/", "/ke-hoach/2026/par/1.3/sua/"]:
        assert client.get(url).status_code == 403, url
    assert client.post("/ke-hoach/2026/ban-hanh/").status_code == 403


def test_draft_plans_are_hidden_from_units(people, login, plan_2026):
    Plan.objects.filter(pk=plan_2026.pk).update(status="draft")
    client = login(people["unit"])
    assert "Chưa có kế hoạch" in client.get("/ke-hoach/").content.decode()
    assert client.get("/ke-hoach/2026/par/1.3/").status_code == 404


def test_everyone_browses_the_published_tree_with_filters(people, login, plan_2026):
    client = login(people["unit"])
    page = client.get("/ke-hoach/").content.decode()
    assert (
        "Công tác chỉ đạo, điều hành CCHC" in page and "Chỉ số hài lòng về tiếp cận dịch vụ" in page
    )
    page = client.get("/ke-hoach/?year=2026&lead=stc").content.decode()
    assert (
        "Đối thoại của lãnh đạo tỉnh" in page
        and "Kiểm soát quy định thủ tục hành chính" not in page
    )
    page = client.get("/ke-hoach/?year=2026&q=liên thông cùng cấp").content.decode()
    assert "3.7" in page and "1 tiêu chí phù hợp" in page


def test_criterion_page_shows_content_targets_and_leads(people, login, plan_2026):
    page = login(people["viewer"]).get("/ke-hoach/2026/par/1.3/").content.decode()
    assert "ít nhất là 30%" in page and "≥ 30" in page and "Sở Nội vụ" in page
    assert "Phường Buôn Ma Thuột" in page  # province readers see the implementing units


def test_a_unit_sees_its_own_tasks_but_not_another_units(people, login, plan_2026):
    client = login(people["unit"])
    page = client.get("/ke-hoach/2026/don-vi/stp/").content.decode()
    assert "Sở Tư pháp: nhiệm vụ năm 2026" in page and "theo dõi thi hành pháp luật" in page
    assert client.get("/ke-hoach/2026/don-vi/snv/").status_code == 404
    assert client.get("/ke-hoach/2026/don-vi/phuong-buon-ma-thuot/").status_code == 404
    detail = client.get("/ke-hoach/2026/par/1.3/").content.decode()
    assert "Phường Buôn Ma Thuột" not in detail  # no other units' names or statuses


def test_admin_corrects_a_criterion_and_reimport_keeps_the_correction(
    people, login, plan_2026, seed_bytes
):
    from parsipas.plans import importer
    from parsipas.units.models import Unit

    client = login(people["admin"])
    node = plan_2026.nodes.get(index="PAR", code="1.5")
    agencies = list(Unit.objects.agencies().values_list("pk", flat=True))
    response = client.post(
        "/ke-hoach/2026/par/1.5/sua/",
        {
            "lead_units": [Unit.objects.get(code="snv").pk],
            "implementing_units": agencies,
            "deadline": "2026-11-30",
            "review_note": "",
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    node.refresh_from_db()
    assert node.locked and node.assignments.count() == 15
    importer.apply(importer.preview(seed_bytes, "daklak-2026.txt"))
    node.refresh_from_db()
    assert node.assignments.count() == 15 and node.deadline.isoformat() == "2026-11-30"
    assert list(node.lead_units.values_list("code", flat=True)) == ["snv"]


def test_exports_download_for_readers(people, login, plan_2026):
    client = login(people["viewer"])
    for fmt in ("json", "xlsx", "docx"):
        response = client.get(f"/ke-hoach/2026/xuat.{fmt}")
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
