"""The dashboards' menu items and home-page cards."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from parsipas.accounts import policy
from parsipas.accounts.models import Role
from parsipas.front import nav

nav.register("Tổng quan", "dashboard_province", (Role.ADMIN, Role.VIEWER, Role.LEAD), order=5)
nav.register("Tiêu chí chủ trì", "dashboard_lead", (Role.LEAD,), order=6)
nav.register("Việc của đơn vị", "dashboard_unit", (Role.UNIT,), order=6)
nav.register("Báo cáo định kỳ", "periodic_report", (Role.ADMIN, Role.VIEWER, Role.LEAD), order=45)


def dashboard_cards(user: Any) -> list[nav.Card]:
    cards = []
    if policy.can_view_province(user):
        cards.append(
            nav.Card(
                "Tổng quan toàn tỉnh",
                "Đèn tiến độ 8 lĩnh vực và SIPAS, danh sách có nguy cơ, xếp hạng đơn vị, bản đồ nhiệt.",
                reverse("dashboard_province"),
                "Xem tổng quan",
                order=20,
            )
        )
    if policy.has_role(user, Role.LEAD):
        cards.append(
            nav.Card(
                "Tiêu chí đơn vị chủ trì",
                "Tiến độ các tiêu chí đơn vị bạn chủ trì và các đơn vị còn chậm.",
                reverse("dashboard_lead"),
                "Xem",
                order=21,
            )
        )
    if policy.has_role(user, Role.UNIT) and user.unit_id:
        cards.append(
            nav.Card(
                "Việc của đơn vị",
                "Nhiệm vụ của đơn vị, việc sắp đến hạn và xếp hạng của đơn vị.",
                reverse("dashboard_unit"),
                "Xem",
                order=20,
            )
        )
    return cards


nav.register_home(dashboard_cards)
