from __future__ import annotations

from typing import Any

from django.urls import reverse

from parsipas.accounts import policy
from parsipas.accounts.models import Role
from parsipas.accounts.policy import ALL_ROLES
from parsipas.front import nav

nav.register("Kế hoạch", "plan_tree", ALL_ROLES, order=20)
nav.register("Nhập kế hoạch", "plan_import", (Role.ADMIN,), order=5, section="admin")


def plan_cards(user: Any) -> list[nav.Card]:
    from parsipas.plans.models import Assignment, Node, Plan

    plan = Plan.objects.order_by("-year").first()
    if policy.can_manage_plan(user):
        if plan is None:
            return [
                nav.Card(
                    "Nhập kế hoạch năm",
                    "Chưa có kế hoạch nào. Hãy tải lên phụ lục kế hoạch (văn bản, Word hoặc Excel).",
                    reverse("plan_import"),
                    "Nhập kế hoạch",
                    tone="warn",
                    order=1,
                )
            ]
        review = plan.nodes.filter(needs_review=True).count()
        cards = []
        if not plan.is_published:
            cards.append(
                nav.Card(
                    f"Kế hoạch {plan.year} đang là bản nháp",
                    "Kiểm tra các mục cần xem lại rồi ban hành để các đơn vị thấy nhiệm vụ.",
                    f"/ke-hoach/?year={plan.year}",
                    "Xem và ban hành",
                    tone="warn",
                    order=1,
                )
            )
        if review:
            cards.append(
                nav.Card(
                    "Mục kế hoạch cần xem lại",
                    "Các tiêu chí có chỗ nghi ngờ khi nhập (cơ quan chủ trì, nội dung có thể bị hoán đổi…).",
                    f"/ke-hoach/?year={plan.year}",
                    "Xem kế hoạch",
                    tone="warn",
                    order=2,
                    figures=[("Cần xem lại", review)],
                )
            )
        return cards
    if plan is None or not plan.is_published or not user.unit_id:
        return []
    tasks = Assignment.objects.filter(node__plan=plan, unit_id=user.unit_id).count()
    cards = [
        nav.Card(
            f"Nhiệm vụ năm {plan.year} của {user.unit.name}",
            "Các tiêu chí của kế hoạch giao cho đơn vị, với nội dung, chỉ tiêu và thời hạn.",
            reverse("plan_unit_tasks", args=[plan.year, user.unit.code]),
            "Xem nhiệm vụ",
            order=20,
            figures=[("Tiêu chí được giao", tasks)],
        )
    ]
    if policy.led_unit_id(user):
        led = plan.nodes.filter(lead_units=user.unit_id, level=Node.Level.CRITERION).count()
        cards[0].figures.append(("Tiêu chí chủ trì", led))
    return cards


nav.register_home(plan_cards)
