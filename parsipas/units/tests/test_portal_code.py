"""The optional portal code of a unit (the national portal's departmentCode, H15.NN / H15.NNN)."""

from __future__ import annotations

import io

from parsipas.units.models import Unit
from parsipas.units.registry import RegistryError, apply_unit_rows, load_defaults, read_unit_file


def _rows(text: str):
    return read_unit_file(io.BytesIO(text.encode()), "don-vi.csv")


def test_portal_codes_are_imported_and_kept_when_a_file_has_no_such_column(registry):
    apply_unit_rows(
        _rows(
            "code,name,kind,portal_code\nstp,Sở Tư pháp,agency,h15.02\n"
            "phuong-buon-ma-thuot,Phường Buôn Ma Thuột,phuong,H15.101\n"
        )
    )
    assert Unit.objects.get(code="stp").portal_code == "H15.02"
    load_defaults()  # the shipped registry carries no portal codes: nothing is wiped
    assert Unit.objects.get(code="stp").portal_code == "H15.02"
    assert Unit.objects.get(code="phuong-buon-ma-thuot").portal_code == "H15.101"
    apply_unit_rows(_rows("code,name,kind,portal_code\nstp,Sở Tư pháp,agency,\n"))
    assert Unit.objects.get(code="stp").portal_code == ""  # an empty cell clears it


def test_a_portal_code_used_twice_is_refused_and_changes_nothing(registry):
    apply_unit_rows(_rows("code,name,kind,portal_code\nstp,Sở Tư pháp,agency,H15.02\n"))
    for text, message in (
        ("code,name,kind,portal_code\nsnv,Sở Nội vụ,agency,H15.07\nstc,Sở Tài chính,agency,H15.07\n",
         "Dòng 3: mã trên Cổng DVCQG 'H15.07' trùng với dòng 2"),
        ("code,name,kind,portal_code\nsnv,Sở Nội vụ,agency,H15.02\n",
         "Dòng 2: mã trên Cổng DVCQG 'H15.02' đã thuộc đơn vị 'stp'"),
    ):  # fmt: skip
        try:
            apply_unit_rows(_rows(text))
        except RegistryError as exc:
            assert message in exc.errors[0]
        else:
            raise AssertionError("accepted")
    assert Unit.objects.get(code="snv").portal_code == ""


def test_the_admin_sets_a_portal_code_in_the_form_and_sees_it_in_the_export(people, login):
    client = login(people["admin"])
    response = client.post(
        "/don-vi/xa-buon-don/sua/",
        {"code": "xa-buon-don", "name": "Xã Buôn Đôn", "kind": "xa", "active": "on",
         "aliases": "", "email": "", "portal_code": "H15.150", "note": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert Unit.objects.get(code="xa-buon-don").portal_code == "H15.150"
    assert "H15.150" in client.get("/don-vi/xuat.csv").content.decode("utf-8-sig")
