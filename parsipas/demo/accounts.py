"""Demo accounts for trying the system. Created by `make setup`, never by migrations."""

from __future__ import annotations

from dataclasses import dataclass

from parsipas.accounts.models import Role, User
from parsipas.units.models import Unit

DEMO_PASSWORD = "parsipas-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit_code: str | None


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Quản trị viên Sở Nội vụ", Role.ADMIN, "snv"),
    DemoAccount("lead.snv", "Cán bộ chủ trì Sở Nội vụ", Role.LEAD, "snv"),
    DemoAccount("lead.vpubnd", "Cán bộ chủ trì Văn phòng UBND tỉnh", Role.LEAD, "vpubnd"),
    DemoAccount("unit.stp", "Cán bộ Sở Tư pháp", Role.UNIT, "stp"),
    DemoAccount(
        "unit.buonmathuot", "Cán bộ Phường Buôn Ma Thuột", Role.UNIT, "phuong-buon-ma-thuot"
    ),
    DemoAccount("viewer", "Lãnh đạo UBND tỉnh", Role.VIEWER, None),
]


def ensure_demo_accounts() -> list[str]:
    """Create the demo accounts that are missing; never touch an existing one. Returns created names."""
    created = []
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        unit = Unit.objects.filter(code=account.unit_code).first() if account.unit_code else None
        user = User(
            username=account.username,
            full_name=account.full_name,
            role=account.role,
            unit=unit,
            email=f"{account.username}@example.invalid",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        created.append(account.username)
    return created
