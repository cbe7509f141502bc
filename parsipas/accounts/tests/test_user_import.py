"""The admin creates many accounts from one sheet: preview, then all or nothing, then each new
person changes the temporary password at first login."""

from __future__ import annotations

import io
import re

from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from parsipas.accounts import importing
from parsipas.accounts.models import Role, User
from parsipas.audit.models import AuditEntry
from parsipas.lib.tabular import ImportRefused

CSV = (
    "Họ tên,Email,Mã đơn vị,Vai trò,Tên đăng nhập\n"
    "Nguyễn Văn An,an.nv@daklak.gov.vn,stp,Đơn vị thực hiện,\n"
    "Trần Thị Bình,binh.tt@daklak.gov.vn,snv,chủ trì,binh.snv\n"
    "Lê Văn Cường,cuong@daklak.gov.vn,,Lãnh đạo tỉnh (xem),\n"
)


def upload(text: str, name: str = "nguoi-dung.csv") -> io.BytesIO:
    stream = io.BytesIO(text.encode())
    stream.name = name
    return stream


def test_a_file_is_read_into_people_with_roles_units_and_default_user_names(registry):
    people = importing.read_people(upload(CSV), "nguoi-dung.csv")
    assert [(p.username, p.role, p.unit.code if p.unit else None) for p in people] == [
        ("an.nv", Role.UNIT, "stp"),
        ("binh.snv", Role.LEAD, "snv"),
        ("cuong", Role.VIEWER, None),
    ]


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_created(registry, people):
    bad = (
        "Họ tên,Email,Mã đơn vị,Vai trò\n"
        ",x@daklak.gov.vn,stp,unit\n"
        "B,khong-phai-email,stp,unit\n"
        "C,c@daklak.gov.vn,khong-co,unit\n"
        "D,d@daklak.gov.vn,stp,thủ tướng\n"
        "E,t.admin@example.invalid,,lead\n"
        "F,f@daklak.gov.vn,stp,unit\n"
        "G,f@daklak.gov.vn,stp,unit\n"
    )
    before = User.objects.count()
    try:
        importing.read_people(upload(bad), "sai.csv")
    except ImportRefused as exc:
        errors = exc.errors
    else:
        raise AssertionError("the file should have been refused")
    text = "\n".join(errors)
    assert "Dòng 2, cột Họ tên: thiếu họ tên." in text
    assert "Dòng 3, cột Email: 'khong-phai-email' không phải địa chỉ email hợp lệ." in text
    assert "Dòng 4, cột Mã đơn vị: không có đơn vị mã 'khong-co'" in text
    assert "Dòng 5, cột Vai trò: vai trò 'thủ tướng' không có" in text
    assert "Dòng 6, cột Email: đã có tài khoản dùng email t.admin@example.invalid." in text
    assert "Dòng 6, cột Mã đơn vị: vai trò này phải thuộc một đơn vị" in text
    assert "Dòng 8, cột Email: email f@daklak.gov.vn trùng với dòng 7." in text
    assert User.objects.count() == before


def test_a_file_without_the_role_column_is_refused_naming_it(registry):
    try:
        importing.read_people(upload("Họ tên,Email,Mã đơn vị\nA,a@x.vn,stp\n"), "thieu.csv")
    except ImportRefused as exc:
        assert exc.errors == ["Tệp 'thieu.csv' thiếu cột: Vai trò (dòng tiêu đề, dòng 1)."]
    else:
        raise AssertionError("the file should have been refused")


def test_the_admin_previews_then_creates_and_sees_each_password_once(people, login):
    client = login(people["admin"])
    response = client.post("/tai-khoan/nguoi-dung/nhap/", {"file": upload(CSV)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "sẽ tạo <strong>3</strong> tài khoản" in page and "binh.snv" in page
    assert not User.objects.filter(username="an.nv").exists()  # a preview creates nothing

    response = client.post("/tai-khoan/nguoi-dung/nhap/tao/")
    page = response.content.decode()
    assert response.status_code == 200
    an = User.objects.get(username="an.nv")
    assert an.must_change_password and an.full_name == "Nguyễn Văn An" and an.unit.code == "stp"
    shown = re.findall(r'<code class="token-key">([^<]+)</code>', page)
    assert len(shown) == 3 and an.check_password(shown[0])
    assert all(
        password not in str(e.changes) + e.message
        for e in AuditEntry.objects.all()
        for password in shown
    )
    assert AuditEntry.objects.filter(message__startswith="Nhập 3 tài khoản").exists()

    again = client.post("/tai-khoan/nguoi-dung/nhap/tao/")  # the staged file is gone
    assert again.status_code == 302 and User.objects.filter(username="an.nv").count() == 1


def test_a_refused_upload_says_why_and_creates_nothing(people, login):
    client = login(people["admin"])
    response = client.post(
        "/tai-khoan/nguoi-dung/nhap/",
        {"file": upload("Họ tên,Email,Mã đơn vị,Vai trò\nA,a@x.vn,khong-co,unit\n")},
    )
    assert response.status_code == 400
    assert "Dòng 2, cột Mã đơn vị" in response.content.decode()
    assert not User.objects.filter(email="a@x.vn").exists()


def test_only_the_admin_imports_users(people, login):
    for role in ("lead", "unit", "viewer"):
        client = login(people[role])
        assert client.get("/tai-khoan/nguoi-dung/nhap/").status_code == 403
        assert client.get("/tai-khoan/nguoi-dung/nhap/mau.xlsx").status_code == 403
        assert client.post("/tai-khoan/nguoi-dung/nhap/tao/").status_code == 403
        client.logout()


def test_the_template_downloads_and_is_accepted_as_it_is(people, login):
    client = login(people["admin"])
    response = client.get("/tai-khoan/nguoi-dung/nhap/mau.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == importing.HEADERS
    read = importing.read_people(io.BytesIO(response.content), "mau.xlsx")
    assert [p.username for p in read] == ["an.nv", "binh.snv"]


def test_the_command_checks_with_dry_run_then_creates(registry, tmp_path, capsys):
    path = tmp_path / "nguoi-dung.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("accounts", "import", str(path), "--dry-run")
    assert "3 tài khoản sẽ được tạo (chưa tạo)" in capsys.readouterr().out
    assert not User.objects.filter(username="an.nv").exists()
    call_command("accounts", "import", str(path))
    out = capsys.readouterr().out
    assert "Đã tạo 3 tài khoản" in out
    assert User.objects.get(username="cuong").must_change_password
    try:
        call_command("accounts", "import", str(path))
    except CommandError as exc:
        assert "đã có người dùng" in str(exc) or "đã có tài khoản" in str(exc)
    else:
        raise AssertionError("a second import of the same people should be refused")


def test_api_service_accounts_are_listed_apart_from_people(people, login):
    from parsipas.api import tokens

    token = tokens.issue(people["unit"].unit, ["read"], "Cổng dịch vụ công").token
    client = login(people["admin"])
    page = client.get("/tai-khoan/nguoi-dung/").content.decode()
    people_part, _, integration_part = page.partition("Tài khoản tích hợp")
    assert token.user.username not in people_part
    assert token.user.username in integration_part
    assert people["unit"].username in people_part
