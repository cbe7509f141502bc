"""Who sees a petition, who sees the petitioner, who may act — through real requests, every role."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from parsipas.petitions import handling
from parsipas.petitions.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(people: Any) -> Petition:
    return handling.receive(
        unit=people["unit"].unit,
        channel="web",
        content="Phản ánh về thái độ cán bộ.",
        sender=handling.Sender("Lê Thị C", "0988777666", ""),
    )


# role → (sees the petition, sees the petitioner, may handle)
EXPECTED = {
    "admin": (True, True, True),
    "lead_vp": (True, True, True),  # Văn phòng UBND tỉnh oversees (no plan: the setting)
    "unit": (True, True, True),  # the handling unit
    "lead": (False, False, False),  # another agency's lead
    "commune": (False, False, False),
    "viewer": (True, False, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_what_it_may(role: str, petition: Petition, people: Any, login: Any) -> None:
    sees, sees_person, handles = EXPECTED[role]
    c = login(people[role])
    response = c.get(f"/phan-anh/quan-ly/{petition.code}/")
    assert response.status_code == (200 if sees else 404)
    body = response.content.decode()
    assert ("0988777666" in body) is sees_person
    assert ("Lê Thị C" in body) is sees_person
    assert ('id="actions"' in body) is handles
    response = c.post(f"/phan-anh/quan-ly/{petition.code}/tu-choi/", {"text": "không"})
    petition.refresh_from_db()
    assert (petition.state == "refused") is handles
    assert response.status_code in ((302,) if handles else (403, 404))
    listing = c.get("/phan-anh/quan-ly/").content.decode()
    assert (petition.code in listing) is sees


@pytest.mark.parametrize("role", ["unit", "lead", "commune", "viewer"])
def test_only_overseers_import(role: str, people: Any, login: Any) -> None:
    assert login(people[role]).get("/phan-anh/quan-ly/nhap/").status_code == 403


def test_the_excel_export_never_carries_personal_data(
    petition: Petition, people: Any, login: Any
) -> None:
    content = login(people["viewer"]).get("/phan-anh/quan-ly/xuat.xlsx").content
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert petition.code in cells
    assert not any("0988777666" in c or "Lê Thị C" in c for c in cells)


def test_attachments_only_for_those_who_see_the_petitioner(
    people: Any, login: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parsipas.petitions.tests.conftest import PDF

    p = handling.receive(
        unit=people["unit"].unit,
        channel="web",
        content="Kèm ảnh.",
        files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    a = p.attachments.get()
    url = f"/phan-anh/quan-ly/{p.code}/tep/{a.pk}/"
    assert login(people["unit"]).get(url).status_code == 200
    assert login(people["viewer"], Client()).get(url).status_code == 403
    assert login(people["commune"], Client()).get(url).status_code == 404


def test_anonymous_staff_pages_go_to_login(petition: Petition) -> None:
    c = Client()
    for url in ("/phan-anh/quan-ly/", f"/phan-anh/quan-ly/{petition.code}/", "/doi-thoai/"):
        assert c.get(url).status_code == 302
