"""Every change to units and users leaves a record: who, when, from where, what changed."""

from __future__ import annotations

import pytest

from parsipas.audit.models import AuditEntry
from parsipas.units.models import Unit


def test_editing_a_unit_records_who_changed_which_field(people, login):
    client = login(people["admin"])
    client.post(
        "/don-vi/stp/sua/",
        {
            "code": "stp",
            "name": "Sở Tư pháp tỉnh",
            "kind": "agency",
            "active": "on",
            "aliases": "",
            "email": "",
            "note": "",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    entry = AuditEntry.objects.filter(model="units.unit", action="update").latest("id")
    assert entry.actor == people["admin"]
    assert entry.ip == "10.1.2.3"
    assert entry.changes["name"] == ["Sở Tư pháp", "Sở Tư pháp tỉnh"]
    assert entry.object_id == str(Unit.objects.get(code="stp").pk)


def test_creating_and_deleting_are_recorded(people):
    unit = Unit.objects.create(code="tam", name="Đơn vị tạm", kind="other")
    unit.delete()
    actions = list(
        AuditEntry.objects.filter(model="units.unit", object_repr="Đơn vị tạm").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete"]


def test_user_changes_are_recorded_without_the_password_hash(people, login):
    client = login(people["admin"])
    officer = people["unit"]
    client.post(
        f"/tai-khoan/nguoi-dung/{officer.pk}/",
        {
            "username": officer.username,
            "full_name": "Trần Thị B",
            "role": "unit",
            "unit": officer.unit_id,
            "is_active": "on",
            "password": "Mat-khau-moi-2026!",
        },
    )
    entry = AuditEntry.objects.filter(
        model="accounts.user", object_id=str(officer.pk), action="update"
    ).latest("id")
    assert entry.changes["full_name"] == ["", "Trần Thị B"]
    assert entry.changes["password"] == ["***", "***"]
    assert "pbkdf2" not in str(entry.changes)


def test_imports_leave_a_summary_record(people, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(people["admin"])
    client.post(
        "/don-vi/nhap/",
        {"file": SimpleUploadedFile("u.csv", "code,name,kind\nmoi,Đơn vị mới,other\n".encode())},
    )
    entry = AuditEntry.objects.filter(action="event").latest("id")
    assert "1 mới" in entry.message and entry.actor == people["admin"]


def test_records_cannot_be_edited_or_deleted(people):
    Unit.objects.create(code="tam", name="Đơn vị tạm", kind="other")
    entry = AuditEntry.objects.latest("id")
    entry.object_repr = "sửa lén"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_admin_filters_the_trail(people, login):
    client = login(people["admin"])
    Unit.objects.create(code="tam", name="Đơn vị tạm", kind="other")
    page = client.get("/nhat-ky/?model=units.unit&action=create&q=tạm").content.decode()
    assert "Đơn vị tạm" in page
    page = client.get("/nhat-ky/?model=accounts.user&q=tạm").content.decode()
    assert "Đơn vị tạm" not in page
