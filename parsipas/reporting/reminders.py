"""Reminders (đôn đốc): one digest a day per person, each reminder item sent only once.

What each person is reminded of (periods not locked, plans published):
- unit officers (unit and lead roles, for their own unit): reports not yet sent when the due date
  is 7, 3 or 1 day(s) away — once per threshold, so a missed day still gets the next one —, and
  once a week while reports are overdue;
- lead officers: each report waiting for their review (once per submission), and once a week after
  the due date the criteria they lead with units that have not reported.
Every item is logged in ReminderLog (user, kind, key): a second run never repeats it. A person gets
at most one email a day (kind "digest"); new items that day wait for tomorrow's digest.
The same items appear as in-app notifications (the bell), except review items, which the workflow
already announced at submission time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse

from parsipas.accounts.models import Role, User
from parsipas.plans.models import Assignment, Node, Plan
from parsipas.reporting import due
from parsipas.reporting.models import Notification, ReminderLog, Report, ReportingPeriod

DUE_THRESHOLDS = (due.DUE_SOON_DAYS, 3, 1)
DIGEST = "digest"

# Registers above this app (petitions, inspections …) add their own items to the same digest:
# source(today, by_unit, add) with by_unit = {unit_id: [users]} and add(users, Item).
DigestSource = Callable[[dt.date, dict[int, list[User]], Callable[[list[User], Any], None]], None]
_sources: list[DigestSource] = []


def register_source(source: DigestSource) -> None:
    if source not in _sources:
        _sources.append(source)


@dataclass
class Item:
    kind: str  # Notification.Kind value
    key: str  # unique per (user, kind): the ReminderLog key
    text: str
    url: str = ""
    section: str = "unit"  # unit | review | missing


@dataclass
class Digest:
    user: User
    items: list[Item] = field(default_factory=list)

    def subject(self, today: dt.date) -> str:
        return f"[parsipas] Nhắc việc báo cáo CCHC ngày {today:%d/%m/%Y}"

    def body(self, today: dt.date) -> str:
        site = settings.SITE_URL.rstrip("/")
        unit = f" ({self.user.unit.name})" if self.user.unit_id and self.user.unit else ""
        lines = [
            f"Kính gửi {self.user.display_name}{unit},",
            "",
            f"Hệ thống theo dõi kế hoạch cải cách hành chính tỉnh {settings.PROVINCE_NAME} nhắc các việc sau:",
            "",
        ]
        headings = {
            "unit": "BÁO CÁO CỦA ĐƠN VỊ",
            "review": "BÁO CÁO CHỜ ANH/CHỊ DUYỆT",
            "missing": "ĐƠN VỊ CHƯA GỬI BÁO CÁO (tiêu chí đơn vị anh/chị chủ trì)",
            "registers": "PHẢN ÁNH, KIẾN NGHỊ VÀ VIỆC TRONG CÁC SỔ THEO DÕI",
        }
        for section, heading in headings.items():
            items = [i for i in self.items if i.section == section]
            if not items:
                continue
            lines.append(heading)
            for i in items:
                lines.append(f"- {i.text}")
                if i.url:
                    lines.append(f"  {site}{i.url}")
            lines.append("")
        lines += [
            "Thư gửi tự động, mỗi ngày nhiều nhất một thư. Vui lòng không trả lời thư này.",
            "parsipas — Hệ thống theo dõi kế hoạch cải thiện Chỉ số PAR Index và SIPAS.",
        ]
        return "\n".join(lines)


def _due_bucket(days_left: int) -> int | None:
    """7, 3 or 1: the reminder threshold `days_left` falls under (None when further away)."""
    if days_left < 0 or days_left > DUE_THRESHOLDS[0]:
        return None
    return min(t for t in DUE_THRESHOLDS if days_left <= t)


def _active_periods(today: dt.date) -> list[tuple[ReportingPeriod, Plan]]:
    plans = {p.year: p for p in Plan.objects.filter(status=Plan.Status.PUBLISHED)}
    return [
        (period, plans[period.year])
        for period in ReportingPeriod.objects.exclude(state=ReportingPeriod.State.LOCKED).order_by(
            "due_date"
        )
        if period.year in plans and period.start <= today + dt.timedelta(days=DUE_THRESHOLDS[0])
    ]


def collect(today: dt.date) -> dict[int, Digest]:
    """Every person's new reminder items for `today` (not yet logged, no digest sent today)."""
    digests: dict[int, Digest] = {}
    people = {
        u.pk: u
        for u in User.objects.filter(
            is_active=True, role__in=(Role.UNIT, Role.LEAD), unit__isnull=False
        ).select_related("unit")
    }
    by_unit: dict[int, list[User]] = defaultdict(list)
    leads_by_unit: dict[int, list[User]] = defaultdict(list)
    for u in people.values():
        if u.unit_id is None:
            continue  # the query asks for a unit
        by_unit[u.unit_id].append(u)
        if u.role == Role.LEAD:
            leads_by_unit[u.unit_id].append(u)

    def add(users: list[User], item: Item) -> None:
        for u in users:
            digests.setdefault(u.pk, Digest(u)).items.append(item)

    for period, plan in _active_periods(today):
        label = f"{period.label}"
        desk = reverse("report_desk_period", args=[period.year, period.code])
        days = period.days_left(today)
        _unit_items(period, plan, label, desk, days, by_unit, add)
        _lead_items(period, plan, label, days, leads_by_unit, add)
    for source in _sources:
        source(today, by_unit, add)

    sent = set(
        ReminderLog.objects.filter(user_id__in=list(digests)).values_list("user_id", "kind", "key")
    )
    fresh: dict[int, Digest] = {}
    for user_id, digest in digests.items():
        if (user_id, DIGEST, today.isoformat()) in sent:
            continue
        items = [i for i in digest.items if (user_id, i.kind, i.key) not in sent]
        if items:
            fresh[user_id] = Digest(digest.user, items)
    return fresh


def _unit_items(
    period: ReportingPeriod,
    plan: Plan,
    label: str,
    desk: str,
    days: int,
    by_unit: dict[int, list[User]],
    add: Any,
) -> None:
    bucket = _due_bucket(days)
    if bucket is None and days >= 0:
        return
    assigned = dict(
        Assignment.objects.filter(node__plan=plan)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
        .order_by()
    )
    counts: dict[int, dict[str, Any]] = {
        row["assignment__unit_id"]: dict(row)
        for row in Report.objects.filter(period=period)
        .values("assignment__unit_id")
        .annotate(
            sent=Count("id", filter=Q(workflow__in=("submitted", "accepted"))),
            returned=Count("id", filter=Q(workflow="returned")),
        )
        .order_by()
    }
    for unit_id, n in assigned.items():
        row = counts.get(unit_id, {})
        missing = n - row.get("sent", 0)
        if missing <= 0 or unit_id not in by_unit:
            continue
        returned = row.get("returned", 0)
        extra = f", trong đó {returned} báo cáo bị trả lại cần sửa" if returned else ""
        if days >= 0:
            when = "hôm nay là hạn cuối" if days == 0 else f"còn {days} ngày đến hạn"
            item = Item(
                Notification.Kind.DUE_SOON,
                f"{period.pk}:d{bucket}",
                f"{label}: {when} gửi báo cáo ({period.due_date:%d/%m/%Y}); đơn vị còn {missing}/{n} báo cáo chưa gửi{extra}.",
                desk,
            )
        else:
            week = (-days - 1) // 7
            item = Item(
                Notification.Kind.OVERDUE,
                f"{period.pk}:w{week}",
                f"{label}: đã quá hạn {-days} ngày (hạn {period.due_date:%d/%m/%Y}); đơn vị còn {missing}/{n} báo cáo chưa gửi{extra}.",
                desk,
            )
        add(by_unit[unit_id], item)


def _lead_items(
    period: ReportingPeriod,
    plan: Plan,
    label: str,
    days: int,
    leads_by_unit: dict[int, list[User]],
    add: Any,
) -> None:
    if not leads_by_unit:
        return
    lead_units: dict[int, list[int]] = defaultdict(list)
    for node_id, unit_id in Node.lead_units.through.objects.filter(
        node__plan=plan, unit_id__in=list(leads_by_unit)
    ).values_list("node_id", "unit_id"):
        lead_units[node_id].append(unit_id)
    if not lead_units:
        return
    queue = reverse("review_queue")
    waiting = (
        Report.objects.filter(
            period=period,
            workflow=Report.Workflow.SUBMITTED,
            assignment__node_id__in=list(lead_units),
        )
        .values(
            "pk",
            "submitted_at",
            "assignment_id",
            "assignment__node_id",
            "assignment__node__code",
            "assignment__unit__name",
        )
        .order_by("submitted_at")
    )
    for r in waiting:
        url = reverse("report_detail", args=[period.year, period.code, r["assignment_id"]])
        item = Item(
            Notification.Kind.REVIEW,
            f"{r['pk']}:{r['submitted_at']:%Y%m%d%H%M%S}",
            f"{label} · tiêu chí {r['assignment__node__code']} · {r['assignment__unit__name']} đã gửi báo cáo, chờ duyệt.",
            url,
            section="review",
        )
        for unit_id in lead_units[r["assignment__node_id"]]:
            add(leads_by_unit[unit_id], item)
    if days >= 0:
        return
    week = (-days - 1) // 7
    assigned = dict(
        Assignment.objects.filter(node_id__in=list(lead_units))
        .values("node_id")
        .annotate(n=Count("id"))
        .values_list("node_id", "n")
        .order_by()
    )
    sent = dict(
        Report.objects.filter(period=period, assignment__node_id__in=list(lead_units))
        .exclude(workflow=Report.Workflow.DRAFT)
        .values("assignment__node_id")
        .annotate(n=Count("id"))
        .values_list("assignment__node_id", "n")
        .order_by()
    )
    codes = dict(Node.objects.filter(pk__in=list(lead_units)).values_list("pk", "code"))
    for node_id, n in sorted(assigned.items(), key=lambda kv: codes.get(kv[0], "")):
        missing = n - sent.get(node_id, 0)
        if missing <= 0:
            continue
        item = Item(
            Notification.Kind.MISSING,
            f"{period.pk}:{node_id}:w{week}",
            f"{label} · tiêu chí {codes[node_id]}: {missing}/{n} đơn vị chưa gửi báo cáo (hạn {period.due_date:%d/%m/%Y}).",
            f"{queue}?ky={period.year}-{period.code}&buoc=all&tieu-chi={codes[node_id]}",
            section="missing",
        )
        for unit_id in lead_units[node_id]:
            add(leads_by_unit[unit_id], item)


def send(today: dt.date, dry_run: bool = False, out: Any = None) -> list[Digest]:
    """Send today's digests (or print them with dry_run). Returns the digests."""
    digests = list(collect(today).values())
    if dry_run:
        for d in digests:
            if out is not None:
                out.write(
                    f"=== {d.user.email or '(không có email)'} · {d.user.display_name}: {len(d.items)} mục"
                )
                out.write(d.body(today))
        return digests
    with mailers.default as mailer:  # one SMTP connection for the whole run
        for d in digests:
            if d.user.email:
                mailer.send_messages(
                    [EmailMessage(d.subject(today), d.body(today), to=[d.user.email])]
                )
            _record(d, today)
    return digests


def _record(digest: Digest, today: dt.date) -> None:
    """Log the items (never again) and put them in the bell, right after the email went out."""
    with transaction.atomic():
        logs = [
            ReminderLog(user=digest.user, kind=i.kind, key=i.key, sent_on=today)
            for i in digest.items
        ]
        logs.append(
            ReminderLog(user=digest.user, kind=DIGEST, key=today.isoformat(), sent_on=today)
        )
        ReminderLog.objects.bulk_create(logs, ignore_conflicts=True)
        Notification.objects.bulk_create(
            [
                Notification(user=digest.user, kind=i.kind, text=i.text[:500], url=i.url[:300])
                for i in digest.items
                if i.kind != Notification.Kind.REVIEW
            ]
        )


# --- "Nhắc đơn vị": a lead reminds one unit about one criterion, from the screen --------------

NUDGE = "nudge"


class NudgeRefused(Exception):
    """Why the reminder was not sent, in Vietnamese."""


def nudge_key(period: ReportingPeriod, node: Node, unit_id: int, today: dt.date) -> str:
    return f"{period.pk}:{node.pk}:{unit_id}:{today.isoformat()}"


def nudged_today(period: ReportingPeriod, node: Node, today: dt.date) -> set[int]:
    """Units already reminded about `node` today (at most one reminder a day per unit)."""
    prefix = f"{period.pk}:{node.pk}:"
    suffix = f":{today.isoformat()}"
    return {
        int(key[len(prefix) : -len(suffix)])
        for key in ReminderLog.objects.filter(
            kind=NUDGE, sent_on=today, key__startswith=prefix
        ).values_list("key", flat=True)
        if key.endswith(suffix)
    }


def nudge(period: ReportingPeriod, node: Node, unit: Any, sender: User, today: dt.date) -> int:
    """One email to every officer of `unit` (one message, all of them as recipients), the same
    text in their bell, and a log line per officer. Refused when the unit was already reminded
    about this criterion today or has nobody to remind. Returns the number of officers."""
    from parsipas.reporting.workflow import unit_officers

    officers = unit_officers(unit.pk)
    if not officers:
        raise NudgeRefused(f"{unit.name} chưa có tài khoản cán bộ nào để nhắc.")
    key = nudge_key(period, node, unit.pk, today)
    desk = reverse("report_desk_period", args=[period.year, period.code])
    text = (
        f"{sender.unit.name if sender.unit_id and sender.unit else 'Sở Nội vụ'} nhắc: {unit.name} chưa gửi báo cáo "
        f"tiêu chí {node.code} ({period.label_in_sentence}), hạn {period.due_date:%d/%m/%Y}."
    )
    refused = NudgeRefused(
        f"Hôm nay đã nhắc {unit.name} về tiêu chí {node.code}; mỗi ngày nhắc một lần."
    )
    if ReminderLog.objects.filter(kind=NUDGE, key=key).exists():
        raise refused
    try:
        with transaction.atomic():
            # The log's unique key makes a concurrent second click the same day fail here.
            ReminderLog.objects.bulk_create(
                [ReminderLog(user=u, kind=NUDGE, key=key, sent_on=today) for u in officers]
            )
            Notification.objects.bulk_create(
                [
                    Notification(user=u, kind=Notification.Kind.DUE_SOON, text=text, url=desk)
                    for u in officers
                ]
            )
    except IntegrityError as exc:
        raise refused from exc
    emails = [u.email for u in officers if u.email]
    if emails:
        site = settings.SITE_URL.rstrip("/")
        body = f"{text}\n\nMở trang báo cáo: {site}{desk}\n\nNgười nhắc: {sender.display_name}."
        EmailMessage(f"[parsipas] Nhắc báo cáo tiêu chí {node.code}", body, to=emails).send()
    return len(officers)
