"""Each role × each register URL, with another unit's ids: a unit sees and acts on its own rows only."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client

from parsipas.registers import services
from parsipas.registers.models import GovernmentTask, Initiative, LinkedProcedure
from parsipas.registers.tests.conftest import YEAR, pdf, stream

ROLES = ["admin", "lead", "lead_vp", "unit", "commune", "viewer"]
READERS = {"admin", "lead", "lead_vp", "viewer"}


@pytest.fixture
def rows(world):
    stp, bmt = world.inspect("stp"), world.inspect("bmt")
    services.issue_notice(
        world.people["lead"], bmt, "9/TB", dt.date(YEAR, 3, 10), stream("n"), "tb.pdf"
    )
    bmt.refresh_from_db()
    initiative = Initiative.objects.create(
        year=YEAR,
        unit=world.units["bmt"],
        title="Sáng kiến của phường",
        proposed_on=dt.date(YEAR, 2, 1),
    )
    task = GovernmentTask.objects.create(
        year=YEAR, doc_number="9/VPCP", doc_date=dt.date(YEAR, 1, 2), issuer="VPCP",
        content="Việc của phường", due_date=dt.date(YEAR, 6, 1),
    )  # fmt: skip
    task.units.set([world.units["bmt"]])
    procedure = LinkedProcedure.objects.create(
        name="Khai sinh", level="same", decision_number="1/QĐ", decision_date=dt.date(YEAR, 1, 5)
    )
    return {"stp": stp, "bmt": bmt, "initiative": initiative, "task": task, "procedure": procedure}


def urls(rows):
    return {
        "home": "/so-theo-doi/",
        "inspections": "/so-theo-doi/kiem-tra/",
        "plan": "/so-theo-doi/kiem-tra/ke-hoach/",
        "findings": "/so-theo-doi/kiem-tra/van-de/",
        "initiatives": "/so-theo-doi/sang-kien/",
        "tasks": "/so-theo-doi/nhiem-vu/",
        "procedures": "/so-theo-doi/lien-thong/",
        "inspection_new": f"/so-theo-doi/kiem-tra/moi/?nam={YEAR}",
        "own_inspection": f"/so-theo-doi/kiem-tra/{rows['stp'].pk}/",
        "other_inspection": f"/so-theo-doi/kiem-tra/{rows['bmt'].pk}/",
        "initiative_new": f"/so-theo-doi/sang-kien/moi/?nam={YEAR}",
        "other_initiative": f"/so-theo-doi/sang-kien/{rows['initiative'].pk}/",
        "task_new": f"/so-theo-doi/nhiem-vu/moi/?nam={YEAR}",
        "task_import": f"/so-theo-doi/nhiem-vu/nhap/?nam={YEAR}",
        "other_task": f"/so-theo-doi/nhiem-vu/{rows['task'].pk}/",
        "procedure_new": "/so-theo-doi/lien-thong/moi/",
        "procedure": f"/so-theo-doi/lien-thong/{rows['procedure'].pk}/",
        "other_file": f"/so-theo-doi/tep/{rows['bmt'].notice.file_id}/",
    }


def expected(role: str, key: str) -> int:
    if key in ("home", "inspections", "plan", "findings", "initiatives", "tasks", "procedures"):
        return 200
    if key == "inspection_new":  # Sở Nội vụ leads 1.3; Văn phòng UBND tỉnh co-leads 1.4
        return 200 if role in ("admin", "lead", "lead_vp") else 403
    if key in ("task_new", "task_import", "procedure_new", "procedure"):  # Văn phòng UBND tỉnh
        return 200 if role in ("admin", "lead_vp") else 403
    if key == "own_inspection":
        return 404 if role == "commune" else 200
    if key in ("other_inspection", "other_initiative", "other_task", "other_file"):
        return 404 if role == "unit" else 200
    if key == "initiative_new":
        return 403 if role == "viewer" else 200
    raise AssertionError(key)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_each_register_url(world, rows, login, role):
    client = login(world.people[role])
    for key, url in urls(rows).items():
        assert client.get(url).status_code == expected(role, key), (role, key, url)


def test_anonymous_people_go_to_the_login_page(world, rows, client):
    for url in urls(rows).values():
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_a_unit_lists_and_exports_only_its_own_rows(world, rows, login):
    client = login(world.people["unit"])
    page = client.get(f"/so-theo-doi/kiem-tra/?nam={YEAR}").content.decode()
    assert "Sở Tư pháp" in page and "Phường Buôn Ma Thuột" not in page
    assert (
        client.get(f"/so-theo-doi/kiem-tra/?nam={YEAR}&don-vi=phuong-buon-ma-thuot").status_code
        == 404
    )
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/so-theo-doi/kiem-tra/van-de/?nam={YEAR}&xuat=xlsx").content)
    ).active
    assert {sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)} == {"Sở Tư pháp"}
    tasks = client.get(f"/so-theo-doi/nhiem-vu/?nam={YEAR}").content.decode()
    assert "Việc của phường" not in tasks
    initiatives = client.get(f"/so-theo-doi/sang-kien/?nam={YEAR}").content.decode()
    assert "Sáng kiến của phường" not in initiatives


def test_a_unit_cannot_act_on_another_units_rows(world, rows, login):
    client = login(world.people["unit"])
    other = rows["bmt"].findings.first()
    response = client.post(
        f"/so-theo-doi/kiem-tra/{rows['bmt'].pk}/",
        {"action": "remediate", "finding": other.pk, f"f{other.pk}-remediation": "x",
         f"f{other.pk}-date": f"{YEAR}-04-01", f"f{other.pk}-file": pdf()},
    )  # fmt: skip
    assert response.status_code == 404
    own = rows["stp"]
    response = client.post(
        f"/so-theo-doi/kiem-tra/{own.pk}/",
        {"action": "notice", "number": "1/TB", "date": f"{YEAR}-03-10", "file": pdf()},
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.notice_id is None
    response = login(world.people["commune"], Client()).post(
        f"/so-theo-doi/sang-kien/{rows['initiative'].pk}/",
        {"action": "decide", "status": "recognised", "decision_number": "1", "decision_date": f"{YEAR}-03-01"},
    )  # fmt: skip
    assert response.status_code == 403
    rows["initiative"].refresh_from_db()
    assert rows["initiative"].status == "proposed"


def test_every_change_is_audited(world, rows, login):
    from parsipas.audit.models import AuditEntry

    client = login(world.people["unit"])
    finding = rows["stp"].findings.first()
    client.post(
        f"/so-theo-doi/kiem-tra/{rows['stp'].pk}/",
        {"action": "plan", "number": "2/KH", "date": f"{YEAR}-03-20", "file": pdf("kh.pdf")},
    )
    client.post(
        f"/so-theo-doi/kiem-tra/{rows['stp'].pk}/",
        {"action": "remediate", "finding": finding.pk, f"f{finding.pk}-remediation": "Đã làm",
         f"f{finding.pk}-date": f"{YEAR}-04-01", f"f{finding.pk}-file": pdf("kp.pdf", "x")},
    )  # fmt: skip
    finding.refresh_from_db()
    assert finding.status == "remediated"
    entries = AuditEntry.objects.filter(model="registers.finding", object_id=str(finding.pk))
    assert entries.filter(actor=world.people["unit"]).exists()
    assert AuditEntry.objects.filter(
        model="registers.inspection", actor=world.people["unit"]
    ).exists()
