"""The unit registry: shipped data, the list command, import and export."""

from __future__ import annotations

import io
import json
from collections import Counter

import openpyxl
import pytest
from django.core.management import call_command

from parsipas.audit.models import AuditEntry
from parsipas.units.models import Unit, UnitGroup


def test_shipped_registry_has_the_102_communes_and_the_model_agencies(registry):
    kinds = Counter(Unit.objects.values_list("kind", flat=True))
    assert kinds["xa"] == 88 and kinds["phuong"] == 14
    assert kinds["agency"] == 15
    bmt = Unit.objects.get(code="phuong-buon-ma-thuot")
    assert bmt.name == "Phường Buôn Ma Thuột"
    snv = Unit.objects.get(code="snv")
    assert "45/2025" in snv.note  # marked as the national model list, to be confirmed


def test_loading_the_defaults_twice_duplicates_nothing(registry):
    from parsipas.units.registry import load_defaults

    before = Unit.objects.count()
    result = load_defaults()
    assert Unit.objects.count() == before == 117
    assert result.created == [] and result.updated == []


def test_plan_groups_resolve_to_agencies_and_communes(registry):
    assert Unit.objects.in_group(UnitGroup.AGENCIES).count() == 15
    assert Unit.objects.in_group(UnitGroup.AGENCIES_AND_COMMUNES).count() == 117
    Unit.objects.filter(code="xa-buon-don").update(active=False)
    assert Unit.objects.in_group(UnitGroup.AGENCIES_AND_COMMUNES).count() == 116


def test_units_list_prints_json(registry, capsys):
    call_command("units", "list", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 117
    assert set(rows[0]) == {"code", "name", "kind", "parent", "active"}
    assert Counter(r["kind"] for r in rows) == {"xa": 88, "agency": 15, "phuong": 14}


def _named(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_admin_imports_a_csv_that_adds_and_updates_units(people, login):
    client = login(people["admin"])
    csv_text = "code,name,kind,parent,active\nsnv,Sở Nội vụ tỉnh Đắk Lắk,agency,,1\ntt-phvhc,Trung tâm Phục vụ hành chính công,sncl,vpubnd,1\n"
    response = client.post("/don-vi/nhap/", {"file": _named("don-vi.csv", csv_text.encode())})
    assert response.status_code == 302
    assert Unit.objects.get(code="snv").name == "Sở Nội vụ tỉnh Đắk Lắk"
    centre = Unit.objects.get(code="tt-phvhc")
    assert centre.parent.code == "vpubnd" and centre.kind == "sncl"


def test_a_bad_row_names_the_row_and_changes_nothing(people, login):
    client = login(people["admin"])
    before = list(Unit.objects.values_list("code", "name", "kind").order_by("code"))
    csv_text = "code,name,kind\nsnv,Sở Nội vụ MỚI,agency\nabc,,agency\nxyz,Đơn vị X,tinh\n"
    response = client.post("/don-vi/nhap/", {"file": _named("don-vi.csv", csv_text.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dòng 3" in page and "trống" in page
    assert "Dòng 4" in page and "tinh" in page
    assert list(Unit.objects.values_list("code", "name", "kind").order_by("code")) == before


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("rong.csv", b"", "rỗng"),
        ("anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "không phải CSV"),
        (
            "cp1258.csv",
            "code,name,kind\nx,Hà Tĩnh,agency\n".encode("latin-1", "replace"),
            "không phải",
        ),
        ("thieu-cot.csv", b"ma,ten\nx,y\n", "thiếu cột"),
    ],
)
def test_files_that_are_not_registries_are_refused_in_vietnamese(
    people, login, name, content, message
):
    client = login(people["admin"])
    count = Unit.objects.count()
    response = client.post("/don-vi/nhap/", {"file": _named(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Unit.objects.count() == count


def test_export_as_xlsx_imports_back_unchanged(people, login):
    client = login(people["admin"])
    response = client.get("/don-vi/xuat.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.active.max_row == 118
    audit_before = AuditEntry.objects.filter(action="update").count()
    response = client.post("/don-vi/nhap/", {"file": _named("don-vi.xlsx", response.content)})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="update").count() == audit_before  # nothing changed


def test_admin_edits_a_unit_in_the_app(people, login):
    client = login(people["admin"])
    response = client.post(
        "/don-vi/xa-buon-don/sua/",
        {
            "code": "xa-buon-don",
            "name": "Xã Buôn Đôn",
            "kind": "xa",
            "active": "",
            "aliases": "",
            "email": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="xa-buon-don").active is False


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_a_utf16_or_bom_csv_reads_like_utf8(people, login, encoding):
    client = login(people["admin"])
    text = "code,name,kind\r\nx-moi,Sở Tư pháp mới,agency\n"  # mixed line ends too
    response = client.post("/don-vi/nhap/", {"file": _named("moi.csv", text.encode(encoding))})
    assert response.status_code == 302
    assert Unit.objects.get(code="x-moi").name == "Sở Tư pháp mới"
