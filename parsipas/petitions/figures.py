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


def _rows(window: Window, unit_ids: list[int] | None = None) -> Any:
    rows = Petition.objects.filter(received_on__range=(window.start, window.end))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return rows.only(
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


def _tally(window: Window, rows: Any) -> dict[int, PetitionFigures]:
    """Counts per unit id (figures without names), judged at the window's end."""
    cal, lim = calendar(), limits()
    judged = window.judged_on
    found: dict[int, PetitionFigures] = {}
    for p in rows:
        f = found.setdefault(p.unit_id, PetitionFigures("", ""))
        t = timeline(p)
        f.received += 1
        f.handled_on_time += int(rules.on_time(t, cal, judged, lim))
        f.answered += int(p.handled_on is not None and p.handled_on <= judged)
        if p.rating is not None:
            f.rated += 1
            f.satisfied += int(p.rating)
        f.overdue += int(rules.overdue_step(t, cal, judged, lim) is not None)
    return found


def petition_figures(
    window: Window, units: list[Unit] | None = None
) -> tuple[list[PetitionFigures], PetitionFigures]:
    """Per unit (those with petitions, or `units`) and for the province."""
    names = {u.pk: (u.code, u.name) for u in (units or Unit.objects.all())}
    tallies = _tally(window, _rows(window))
    province = PetitionFigures("", "Toàn tỉnh")
    per_unit: dict[int, PetitionFigures] = {}
    for unit_id, (code, name) in names.items():
        if units or unit_id in tallies:
            per_unit[unit_id] = PetitionFigures(code, name)
    for unit_id, t in tallies.items():
        if unit_id not in names:
            continue
        for f in (per_unit[unit_id], province) if unit_id in per_unit else (province,):
            f.received += t.received
            f.handled_on_time += t.handled_on_time
            f.answered += t.answered
            f.rated += t.rated
            f.satisfied += t.satisfied
            f.overdue += t.overdue
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


def q766_counts(period: Any, unit_ids: list[int]) -> dict[int, Any]:
    """Each unit's petition counts for the 766 satisfaction group (every unit asked: a unit
    without petitions has zero counts, which the portal's rule turns into full points)."""
    from parsipas.dossiers.q766.scores import PetitionCounts

    window = Window(period.start, period.end)
    tallies = _tally(window, _rows(window, unit_ids))
    empty = PetitionFigures("", "")
    return {
        u: PetitionCounts(f.received, f.handled_on_time, f.rated, f.satisfied)
        for u in unit_ids
        for f in [tallies.get(u, empty)]
    }
