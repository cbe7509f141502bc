"""The foundation's own menu entries and home cards."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from parsipas.accounts import policy
from parsipas.accounts.models import Role
from parsipas.accounts.policy import ALL_ROLES
from parsipas.front import nav

nav.register("Trang chủ", "home", ALL_ROLES, order=0)
nav.register("Đơn vị", "unit_list", (Role.ADMIN,), order=10, section="admin")
nav.register("Người dùng", "user_list", (Role.ADMIN,), order=20, section="admin")
nav.register("Nhật ký thay đổi", "audit_list", (Role.ADMIN,), order=90, section="admin")


def foundation_cards(user: Any) -> list[nav.Card]:
    from parsipas.accounts.models import User
    from parsipas.units.models import Unit

    cards = []
    if policy.can_manage_units(user):
        units = Unit.objects.active()
        cards.append(
            nav.Card(
                "Danh mục đơn vị",
                "Kiểm tra danh sách cơ quan, xã, phường trước khi giao nhiệm vụ. "
                "Danh sách cơ quan cấp tỉnh là danh mục mẫu theo NĐ 45/2025 — hãy xác nhận.",
                reverse("unit_list"),
                "Xem đơn vị",
                order=80,
                figures=[
                    ("Cơ quan cấp tỉnh", units.agencies().count()),
                    ("Xã, phường", units.communes().count()),
                ],
            )
        )
    if policy.can_manage_users(user):
        cards.append(
            nav.Card(
                "Tài khoản",
                "Tạo tài khoản cho cán bộ của từng đơn vị.",
                reverse("user_list"),
                "Quản lý người dùng",
                order=90,
                figures=[("Người dùng", User.objects.filter(is_active=True).count())],
            )
        )
    return cards


nav.register_home(foundation_cards)
