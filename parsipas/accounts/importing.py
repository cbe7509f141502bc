"""Bulk creation of user accounts from a CSV or Excel sheet: read and check, then create.

Columns: họ tên, email, mã đơn vị, vai trò, and optionally tên đăng nhập (otherwise the part of
the e-mail address before the @). `read_people` checks the whole file and raises one
`ImportRefused` listing every problem by row and column; `create_people` writes them all in one
transaction or none. Each new account gets a random one-time password, returned once to be shown
to the admin (never stored in clear, never in the audit trail) and `must_change_password`, so
its owner chooses their own at first login (`accounts/middleware.py`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from parsipas.accounts.models import ROLES_WITH_UNIT, Role, User
from parsipas.audit.tracking import record_event
from parsipas.lib.tabular import (
    ImportRefused,
    Problems,
    Row,
    column_map,
    open_table,
    write_xlsx,
)
from parsipas.lib.text import fold
from parsipas.units.models import Unit

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

HEADERS = ["Họ tên", "Email", "Mã đơn vị", "Vai trò", "Tên đăng nhập"]
ALIASES = {
    "full_name": ["họ tên", "họ và tên", "full name", "name"],
    "email": ["email", "e-mail", "thư điện tử"],
    "unit": ["mã đơn vị", "đơn vị", "unit", "unit_code"],
    "role": ["vai trò", "role"],
    "username": ["tên đăng nhập", "username", "login"],
}
REQUIRED = ("full_name", "email", "unit", "role")

# A role is written as its code (unit), its label (Đơn vị thực hiện) or a short word.
ROLE_WORDS: dict[str, str] = {
    **{fold(value): value for value in Role.values},
    **{fold(label): value for value, label in Role.choices},
    "quan tri": Role.ADMIN,
    "chu tri": Role.LEAD,
    "don vi": Role.UNIT,
    "thuc hien": Role.UNIT,
    "lanh dao": Role.VIEWER,
    "xem": Role.VIEWER,
}

PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Person:
    row: int
    username: str
    full_name: str
    email: str
    role: str
    unit: Unit | None

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass(frozen=True)
class Created:
    user: User
    temporary_password: str


def temporary_password() -> str:
    """12 characters without look-alikes (0/O, 1/l/I): read aloud or copied by hand."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))


def template_xlsx() -> bytes:
    """The sheet to fill in, with one example row per role that needs a unit."""
    return write_xlsx(
        "Người dùng",
        HEADERS,
        [
            ["Nguyễn Văn An", "an.nv@example.gov.vn", "stp", "Đơn vị thực hiện", ""],
            ["Trần Thị Bình", "binh.tt@example.gov.vn", "snv", "Cơ quan chủ trì", "binh.snv"],
        ],
    )


def read_people(stream: BinaryIO, filename: str) -> list[Person]:
    """Every row checked against the registry, the existing accounts and the rest of the file."""
    headers, rows = open_table(stream, filename, MAX_BYTES)
    columns = column_map(headers, ALIASES)
    missing = [
        HEADERS[i] for i, key in enumerate(ALIASES) if key in REQUIRED and key not in columns
    ]
    if missing:
        raise ImportRefused(
            f"Tệp '{filename}' thiếu cột: {', '.join(missing)} (dòng tiêu đề, dòng 1).", row=1
        )
    units = {u.code: u for u in Unit.objects.active()}
    taken_names = {n.lower() for n in User.objects.values_list("username", flat=True)}
    taken_emails = {
        e.lower() for e in User.objects.exclude(email="").values_list("email", flat=True)
    }
    seen_names: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    problems = Problems()
    people: list[Person] = []

    for row in rows:
        if len(people) + problems.count >= MAX_ROWS:
            problems.add(f"Tệp có hơn {MAX_ROWS} dòng; hãy chia nhỏ tệp.", row.number)
            break

        def cell(key: str, row: Row = row) -> str:
            return row.values.get(columns[key], "").strip() if key in columns else ""

        def bad(message: str, key: str, row: Row = row) -> None:
            problems.add(message, row.number, columns.get(key, HEADERS[list(ALIASES).index(key)]))

        before = problems.count
        full_name = cell("full_name")
        if not full_name:
            bad("thiếu họ tên.", "full_name")
        email = cell("email").lower()
        try:
            validate_email(email)
        except ValidationError:
            bad(f"'{email or '(trống)'}' không phải địa chỉ email hợp lệ.", "email")
        else:
            if email in taken_emails:
                bad(f"đã có tài khoản dùng email {email}.", "email")
            elif email in seen_emails:
                bad(f"email {email} trùng với dòng {seen_emails[email]}.", "email")
            seen_emails.setdefault(email, row.number)
        role = ROLE_WORDS.get(fold(cell("role")))
        if role is None:
            labels = ", ".join(label for _, label in Role.choices)
            bad(f"vai trò '{cell('role')}' không có; hãy ghi một trong: {labels}.", "role")
        code = cell("unit").lower()
        unit = units.get(code) if code else None
        if code and unit is None:
            bad(f"không có đơn vị mã '{code}' (hoặc đơn vị đã ngừng hoạt động).", "unit")
        elif not code and role in ROLES_WITH_UNIT:
            bad("vai trò này phải thuộc một đơn vị: hãy ghi mã đơn vị.", "unit")
        username = cell("username") or email.split("@", 1)[0]
        try:
            User.username_validator(username)
        except ValidationError:
            bad(
                f"tên đăng nhập '{username}' chỉ được gồm chữ không dấu, số và các ký tự . @ + - _.",
                "username",
            )
        else:
            key = username.lower()
            if key in taken_names:
                bad(f"tên đăng nhập '{username}' đã có người dùng.", "username")
            elif key in seen_names:
                bad(f"tên đăng nhập '{username}' trùng với dòng {seen_names[key]}.", "username")
            seen_names.setdefault(key, row.number)
        if problems.count == before and role is not None:
            people.append(Person(row.number, username, full_name, email, role, unit))

    problems.raise_if_any()
    if not people:
        raise ImportRefused(f"Tệp '{filename}' không có dòng người dùng nào.")
    return people


def create_people(people: list[Person], source: str) -> list[Created]:
    """All accounts or none; one summary event in the audit trail (no passwords in it)."""
    created: list[Created] = []
    with transaction.atomic():
        for person in people:
            password = temporary_password()
            user = User(
                username=person.username,
                full_name=person.full_name,
                email=person.email,
                role=person.role,
                unit=person.unit,
                must_change_password=True,
            )
            user.set_password(password)
            user.save()
            created.append(Created(user, password))
        record_event(f"Nhập {len(created)} tài khoản người dùng từ tệp {source}")
    return created
