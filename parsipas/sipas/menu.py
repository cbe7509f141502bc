"""SIPAS menu entries and home-page cards."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from parsipas.accounts import policy
from parsipas.accounts.models import Role
from parsipas.front import nav

nav.register("Khảo sát SIPAS", "sipas_dashboard", (Role.ADMIN, Role.VIEWER, Role.LEAD), order=60)
nav.register("Kết quả SIPAS", "sipas_my_unit", (Role.UNIT,), order=60)
nav.register("Bộ câu hỏi SIPAS", "sipas_instruments", (Role.ADMIN,), order=50, section="admin")
nav.register("Quầy và mã QR SIPAS", "sipas_qr_codes", (Role.ADMIN,), order=52, section="admin")
nav.register("Phiếu SIPAS chờ xem xét", "sipas_responses", (Role.ADMIN,), order=51, section="admin")


def sipas_cards(user: Any) -> list[nav.Card]:
    from parsipas.sipas.models import Instrument, Response, Status

    cards: list[nav.Card] = []
    if policy.can_review_sipas(user):
        flagged = Response.objects.filter(status=Status.FLAGGED).count()
        if not Instrument.objects.filter(is_current=True).exists():
            cards.append(
                nav.Card(
                    "Chưa có bộ câu hỏi SIPAS",
                    "Nạp bộ câu hỏi mặc định (lệnh: parsipas sipas load-default-instrument) hoặc tạo bộ mới.",
                    reverse("sipas_instruments"),
                    "Bộ câu hỏi",
                    tone="warn",
                    order=40,
                )
            )
        if flagged:
            cards.append(
                nav.Card(
                    "Phiếu khảo sát chờ xem xét",
                    "Các phiếu có dấu hiệu bất thường chưa được tính vào chỉ số cho đến khi được xem xét.",
                    reverse("sipas_responses") + "?status=flagged",
                    "Xem xét",
                    tone="warn",
                    order=45,
                    figures=[("Phiếu chờ xem xét", flagged)],
                )
            )
    elif policy.has_role(user, Role.UNIT) and user.unit_id:
        cards.append(
            nav.Card(
                "Khảo sát sự hài lòng (SIPAS)",
                "Kết quả khảo sát của đơn vị, mã QR cho quầy một cửa, nhập phiếu giấy.",
                reverse("sipas_unit", args=[user.unit.code]),
                "Xem kết quả",
                order=60,
            )
        )
    return cards


nav.register_home(sipas_cards)
