"""Menu entries of the petitions and dialogues registers."""

from typing import Any

from parsipas.accounts.models import Role
from parsipas.accounts.policy import ALL_ROLES
from parsipas.front import nav

nav.register("Phản ánh, kiến nghị", "petition_list", ALL_ROLES, order=62)
nav.register("Đối thoại", "dialogue_list", (Role.ADMIN, Role.LEAD, Role.VIEWER), order=63)


def petition_cards(user: Any) -> list[nav.Card]:
    from django.urls import reverse
    from django.utils import timezone

    from parsipas.accounts import policy
    from parsipas.petitions import desk, oversight

    today = timezone.localdate()
    if not (user.unit_id or policy.is_admin(user)):
        return []
    overseers = oversight.overseer_unit_ids(today.year)
    cards: list[nav.Card] = []
    pending = desk.pending_petitions(desk.unit_ids_for(user, overseers), today)
    if pending:
        late = sum(p.overdue for p in pending)
        cards.append(
            nav.Card(
                f"{len(pending)} phản ánh, kiến nghị cần xử lý",
                (f"{late} đã quá hạn. " if late else "")
                + "Thời hạn: trả lời trong 15 ngày làm việc, công khai trong 2 ngày.",
                reverse("petition_list") + "?tinh-trang=dang-xu-ly",
                "Mở sổ phản ánh",
                tone="danger" if late else "warn",
                order=25,
            )
        )
    if user.unit_id:
        proposals = desk.open_proposals(user.unit_id, today)
        if proposals:
            cards.append(
                nav.Card(
                    f"{len(proposals)} đề xuất tại đối thoại chờ đơn vị trả lời",
                    f"Hạn gần nhất: {proposals[0].due_on:%d/%m/%Y}.",
                    reverse("dialogue_list"),
                    "Trả lời",
                    tone="danger" if proposals[0].due_on < today else "warn",
                    order=26,
                )
            )
    return cards


nav.register_home(petition_cards)
