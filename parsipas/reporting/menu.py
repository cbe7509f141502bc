"""Reporting's menu items, home-page cards and the notification bell."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.models import Role, User
from parsipas.front import nav
from parsipas.reporting import due

nav.register("Báo cáo của đơn vị", "report_desk", (Role.UNIT, Role.LEAD), order=30)
nav.register("Duyệt báo cáo", "review_queue", (Role.LEAD, Role.ADMIN), order=35)
nav.register("Tổng hợp báo cáo", "rollups", (Role.ADMIN, Role.LEAD, Role.VIEWER), order=40)
nav.register("Kỳ báo cáo", "period_list", (Role.ADMIN,), order=40, section="admin")


def reporting_cards(user: Any) -> list[nav.Card]:
    from parsipas.reporting.models import ReportingPeriod
    from parsipas.reporting.queries import plan_for, unit_open_counts, waiting_review_count

    cards: list[nav.Card] = []
    period = ReportingPeriod.current()
    if period is None:
        if policy.can_manage_periods(user):
            cards.append(
                nav.Card(
                    "Chưa có kỳ báo cáo",
                    "Hãy tạo các kỳ báo cáo (Quý I, 6 tháng, 9 tháng, Năm) để các đơn vị bắt đầu báo cáo.",
                    reverse("period_list"),
                    "Tạo kỳ báo cáo",
                    tone="warn",
                    order=15,
                )
            )
        return cards
    plan = plan_for(period)
    today = timezone.localdate()
    if plan is not None and user.unit_id and policy.has_role(user, Role.UNIT, Role.LEAD):
        counts = unit_open_counts(user.unit_id, period, plan)
        days = period.days_left(today)
        if counts["open"]:
            if due.is_overdue(days):
                title, tone = f"{counts['open']} báo cáo quá hạn", "danger"
                text = f"{period.name} {period.year}: hạn gửi là {period.due_date:%d/%m/%Y}, đã quá {-days} ngày."
            else:
                when = "hôm nay" if days == 0 else f"trong {days} ngày"
                title = (
                    f"{counts['open']} báo cáo đến hạn {when}"
                    if due.is_due_soon(days)
                    else f"{counts['open']} báo cáo cần gửi"
                )
                tone = due.tone(days)
                text = f"{period.name} {period.year}: hạn gửi {period.due_date:%d/%m/%Y}."
            if counts["returned"]:
                text += f" Trong đó {counts['returned']} báo cáo bị trả lại cần sửa."
            cards.append(
                nav.Card(
                    title,
                    text,
                    reverse("report_desk_period", args=[period.year, period.code]),
                    "Mở trang báo cáo",
                    tone=tone,
                    order=10,
                    figures=[("Nhiệm vụ", counts["assigned"]), ("Chưa gửi", counts["open"])],
                )
            )
        elif counts["assigned"]:
            cards.append(
                nav.Card(
                    f"Đã gửi đủ báo cáo {period.name}",
                    f"Đơn vị đã gửi {counts['assigned']}/{counts['assigned']} báo cáo kỳ này.",
                    reverse("report_desk_period", args=[period.year, period.code]),
                    "Xem báo cáo",
                    tone="ok",
                    order=10,
                )
            )
    if policy.can_review_any(user):
        waiting = waiting_review_count(user)
        if waiting:
            cards.append(
                nav.Card(
                    f"{waiting} báo cáo chờ duyệt",
                    "Các đơn vị đã gửi báo cáo về tiêu chí do đơn vị bạn chủ trì."
                    if not policy.is_admin(user)
                    else "Báo cáo của các đơn vị đang chờ cơ quan chủ trì duyệt.",
                    reverse("review_queue") + "?buoc=submitted",
                    "Duyệt báo cáo",
                    tone="warn",
                    order=12,
                )
            )
    return cards


def bell(request: HttpRequest) -> dict[str, Any]:
    from parsipas.reporting.models import Notification

    user = request.user
    if not isinstance(user, User):
        return {}  # the base template shows the bell to people who are logged in
    return {
        "notifications_url": reverse("notification_list"),
        "notifications_unread": Notification.objects.filter(
            user=user, read_at__isnull=True
        ).count(),
    }


nav.register_home(reporting_cards)
nav.register_context(bell)
