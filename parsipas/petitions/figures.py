"""Figures of the petitions and dialogues registers, for SIPAS 5, criterion 1.7 and the 766 score.

Every figure is a count of rows anyone allowed can open; `rows` says how many records it rests on.
A period is a window of dates (a reporting period's data window, or the year); a petition belongs
to the window in which it was received, and is judged at the window's end (or today, if sooner).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from parsipas.petitions import rules
from parsipas.petitions.models import Dialogue, Petition, Proposal
from parsipas.units.models import Unit
from parsipas.workcalendar.service import calendar


def limits() -> dict[str, int]:
    return {**rules.DEFAULT_LIMITS, **getattr(settings, "PETITION_LIMITS", {})}


@dataclass
class PetitionFigures:
    unit: str  # unit code, or "" for the province
    unit_name: str
    received: int = 0
    handled_on_time: int = 0
    answered: int = 0
    rated: int = 0
    satisfied: int = 0
    overdue: int = 0

    @property
    def q766(self) -> rules.Q766Parts:
        return rules.q766_parts(self.received, self.handled_on_time, self.rated, self.satisfied)

    @property
    def on_time_pct(self) -> Decimal | None:
        return rules.pct(self.handled_on_time, self.received) if self.received else None

    @property
    def answered_pct(self) -> Decimal | None:
        return rules.pct(self.answered, self.received) if self.received else None

    def as_json(self) -> dict[str, Any]:
        parts = self.q766
        return {
            "unit": self.unit or None,
            "unit_name": self.unit_name,
            "received": self.received,
            "handled_on_time": self.handled_on_time,
            "answered": self.answered,
            "rated": self.rated,
            "satisfied": self.satisfied,
            "overdue": self.overdue,
            "q766": {
                "on_time_points": float(parts.on_time_points),
                "satisfaction_points": float(parts.satisfaction_points),
            },
        }


@dataclass
class Window:
    start: dt.date
    end: dt.date
    label: str = ""

    @property
    def judged_on(self) -> dt.date:
        return min(self.end, timezone.localdate())


def year_window(year: int) -> Window:
    return Window(dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}")


def timeline(p: Petition) -> rules.Timeline:
    return rules.Timeline(
        clock_start=p.clock_start,
        refused_on=p.refused_on,
        info_requested_on=p.info_requested_on,
        handled_on=p.handled_on,
        published_on=p.published_on,
    )


def petition_figures(
    window: Window, units: list[Unit] | None = None
) -> tuple[list[PetitionFigures], PetitionFigures]:
    """Per unit (those with petitions, or `units`) and for the province."""
    cal, lim = calendar(), limits()
    judged = window.judged_on
    rows = Petition.objects.filter(received_on__range=(window.start, window.end)).only(
        "unit_id",
        "state",
        "clock_start",
        "refused_on",
        "info_requested_on",
        "handled_on",
        "published_on",
        "rating",
        "received_on",
    )
    names = {u.pk: (u.code, u.name) for u in (units or Unit.objects.all())}
    per_unit: dict[int, PetitionFigures] = {}
    if units:
        for u in units:
            per_unit[u.pk] = PetitionFigures(u.code, u.name)
    province = PetitionFigures("", "Toàn tỉnh")
    for p in rows:
        if p.unit_id not in names:
            continue
        code, name = names[p.unit_id]
        fig = per_unit.setdefault(p.unit_id, PetitionFigures(code, name))
        t = timeline(p)
        for f in (fig, province):
            f.received += 1
            if rules.on_time(t, cal, judged, lim):
                f.handled_on_time += 1
            if p.handled_on is not None and p.handled_on <= judged:
                f.answered += 1
            if p.rating is not None:
                f.rated += 1
                f.satisfied += int(p.rating)
            if rules.overdue_step(t, cal, judged, lim):
                f.overdue += 1
    return sorted(per_unit.values(), key=lambda f: f.unit_name), province


@dataclass
class DialogueFigures:
    dialogues: int = 0
    proposals: int = 0
    answered: int = 0
    late: int = 0
    target_dialogues: int = 2
    rows: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "dialogues": self.dialogues,
            "proposals": self.proposals,
            "answered": self.answered,
            "late": self.late,
        }


def dialogue_figures(year: int, unit: Unit | None = None) -> DialogueFigures:
    today = timezone.localdate()
    dialogues = Dialogue.objects.filter(year=year)
    proposals = Proposal.objects.filter(dialogue__year=year)
    if unit is not None:
        proposals = proposals.filter(unit=unit)
    figures = DialogueFigures(dialogues=dialogues.count())
    counts: dict[str, int] = defaultdict(int)
    for p in proposals.only("answered_on", "due_on"):
        counts["proposals"] += 1
        counts["answered"] += int(p.answered)
        counts["late"] += int(p.late(today))
    figures.proposals, figures.answered, figures.late = (
        counts["proposals"],
        counts["answered"],
        counts["late"],
    )
    return figures
