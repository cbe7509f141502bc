"""What a person has to do about petitions and dialogue proposals today: home cards and the digest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from parsipas.petitions import figures, rules
from parsipas.petitions.models import OPEN_STATES, Petition, Proposal, State
from parsipas.workcalendar.service import calendar

WARN_WORKING_DAYS = 3  # remind this many working days before a limit


@dataclass(frozen=True)
class Pending:
    petition: Petition
    step: str  # "handle" | "publish"
    due: dt.date
    overdue: bool


def pending_petitions(unit_ids: set[int] | None, today: dt.date) -> list[Pending]:
    """Open petitions whose next limit is near or past, and handled ones not yet published.

    `unit_ids` None: every unit (overseers)."""
    cal, lim = calendar(), figures.limits()
    qs = Petition.objects.filter(state__in=(*OPEN_STATES, State.HANDLED)).select_related("unit")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    soon = cal.add_working_days(today, WARN_WORKING_DAYS)
    found: list[Pending] = []
    for p in qs:
        d = rules.deadlines(figures.timeline(p), cal, lim)
        step, due = ("publish", d.publish) if p.state == State.HANDLED else ("handle", d.handle)
        if due is not None and due <= soon:
            found.append(Pending(p, step, due, today > due))
    return sorted(found, key=lambda x: x.due)


def open_proposals(unit_id: int, today: dt.date) -> list[Proposal]:
    return list(
        Proposal.objects.filter(unit_id=unit_id, answered_on__isnull=True)
        .select_related("dialogue")
        .order_by("due_on")
    )


def describe(item: Pending) -> str:
    what = "trả lời" if item.step == "handle" else "công khai kết quả"
    when = f"quá hạn {item.due:%d/%m/%Y}" if item.overdue else f"hạn {item.due:%d/%m/%Y}"
    return f"Phản ánh {item.petition.code} ({item.petition.unit.name}): {what}, {when}"


def unit_ids_for(user: Any, overseers: set[int]) -> set[int] | None:
    from parsipas.accounts import policy

    if policy.is_petition_overseer(user, overseers):
        return None
    return {user.unit_id} if user.unit_id else set()


def digest_items(today: dt.date, by_unit: dict[int, list[Any]], add: Any) -> None:
    """The daily digest's petition lines: each limit reminded when near, then weekly when late."""
    from django.urls import reverse

    from parsipas.petitions import oversight
    from parsipas.reporting.models import Notification
    from parsipas.reporting.reminders import Item

    overseers = oversight.overseer_unit_ids(today.year)
    overseer_users = [u for uid in overseers for u in by_unit.get(uid, [])]
    for item in pending_petitions(None, today):
        p = item.petition
        kind = Notification.Kind.OVERDUE if item.overdue else Notification.Kind.DUE_SOON
        week = (today - item.due).days // 7 if item.overdue else 0
        key = f"pakn:{p.pk}:{item.step}:{'w' + str(week) if item.overdue else 'soon'}"
        line = Item(
            kind, key, describe(item), reverse("petition_detail", args=[p.code]), "registers"
        )
        add(by_unit.get(p.unit_id, []), line)
        if item.overdue:
            add([u for u in overseer_users if u.unit_id != p.unit_id], line)
    for proposal in Proposal.objects.filter(
        answered_on__isnull=True, due_on__lte=today + dt.timedelta(days=3)
    ):
        late = proposal.due_on < today
        add(
            by_unit.get(proposal.unit_id, []),
            Item(
                Notification.Kind.OVERDUE if late else Notification.Kind.DUE_SOON,
                f"dx:{proposal.pk}:{'late' if late else 'soon'}",
                f"Đề xuất tại “{proposal.dialogue.title}”: {'quá hạn' if late else 'hạn'} trả lời {proposal.due_on:%d/%m/%Y}",
                reverse("proposal_answer", args=[proposal.pk]),
                "registers",
            ),
        )
