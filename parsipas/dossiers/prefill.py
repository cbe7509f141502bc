"""Figures the reporting form can pre-fill from dossiers, with the way back to the dossiers.

    from parsipas.dossiers.prefill import figures_for, prefill_key
    found = figures_for(unit, period.start, period.end)
    item = found.get(prefill_key(target.node.key, target.order))   # e.g. "PAR:3.8#0"
    if item: figure.value = item.value; link = item.url             # value None = no dossier

Keys are ``"<node key>#<target order>"`` for every target of 3.8, 7.10, 7.12 and 7.13 in the
published plan of the period's year that dossiers can measure. A criterion whose target has no
number (7.10 "theo lộ trình") or a plan that is not yet published still gets an entry keyed
``"<node key>#<indicator>"`` (e.g. ``"PAR:7.10#digitized"``) so the form can show the actual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from parsipas.dossiers import figures as dossier_figures
from parsipas.dossiers.indicators import Counts, Period
from parsipas.dossiers.stats import counts_by_unit


@dataclass(frozen=True)
class Prefill:
    node_key: str  # "PAR:3.8"
    target_order: int | None  # None when no target of the plan is tied to this indicator
    indicator: str  # on_time | apology | fully_online | online_payment | digitized
    label: str
    value: Decimal | None  # percentage (2 dp); None when the period has no such dossier
    numerator: int
    denominator: int
    text: str  # "1 234/1 250 hồ sơ (98,72%)"
    url: str  # the unit's figures for the period, down to the dossiers
    missing_url: str  # the dossiers that do not qualify (late, no apology letter, …)


def prefill_key(node_key: str, order: int | str) -> str:
    return f"{node_key}#{order}"


def _text(numerator: int, denominator: int, value: Decimal | None) -> str:
    if value is None:
        return "không có hồ sơ"
    from parsipas.lib.numbers import number, percent

    return f"{number(numerator)}/{number(denominator)} hồ sơ ({percent(value)})"


def figures_for(unit: Any, period_start: date, period_end: date) -> dict[str, Prefill]:
    """Dossier figures of ``unit`` for the period, keyed for the reporting form (see module doc)."""
    period = Period(period_start, period_end)
    counts = counts_by_unit(period, [unit.pk], histogram=False).get(unit.pk, Counts(period))
    plan = dossier_figures.published_plan(period_end.year)
    targets = dossier_figures.plan_targets(plan)
    query = urlencode({"tu": period_start.isoformat(), "den": period_end.isoformat()})
    base = reverse("dossier_unit", args=[unit.code])
    result: dict[str, Prefill] = {}
    for item in dossier_figures.figures(counts, targets):
        indicator = item.indicator
        node_key = f"PAR:{indicator.node_code}"
        order = item.target.order if item.target else None
        missing = (
            reverse("dossier_list", args=[unit.code])
            + "?"
            + query
            + f"&loc={indicator.missing_filter}"
        )
        entry = Prefill(
            node_key=node_key,
            target_order=order,
            indicator=indicator.name,
            label=indicator.label,
            value=item.value,
            numerator=item.numerator,
            denominator=item.denominator,
            text=_text(item.numerator, item.denominator, item.value),
            url=f"{base}?{query}",
            missing_url=missing,
        )
        result[prefill_key(node_key, indicator.name)] = entry
        if order is not None:
            result[prefill_key(node_key, order)] = entry
    return result
