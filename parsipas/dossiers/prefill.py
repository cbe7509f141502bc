"""Dossier figures for the reporting form and the province figure, with the way back to the
dossiers: the dossiers' source of `reporting/computed.py` (registered in DossiersConfig.ready()).

Every target of 3.8, 7.10, 7.12 and 7.13 in the published plan of the window's year that
dossiers can measure (`dossiers.figures.plan_targets`) gets the unit's or the province's value,
keyed by the criterion and the target's order; an indicator without a target in the plan
(7.10 "theo lộ trình") comes with ``target_order=None`` so that pages still show the actual.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from parsipas.dossiers import figures as dossier_figures
from parsipas.dossiers.indicators import Period
from parsipas.dossiers.stats import counts_by_unit


def _text(numerator: int, denominator: int, value: Any) -> str:
    if value is None:
        return "không có hồ sơ"
    from parsipas.lib.numbers import number, percent

    return f"{number(numerator)}/{number(denominator)} hồ sơ ({percent(value)})"


# --- the same figures as a source of reporting/computed.py ----------------------------------

SOURCE_LABEL = "Số liệu hồ sơ TTHC (hệ thống một cửa)"


def _computed(
    item: dossier_figures.Figure, url: str, window_query: str
) -> Any:  # -> reporting.computed.Computed
    from parsipas.reporting.computed import Computed

    indicator = item.indicator
    return Computed(
        node_key=f"PAR:{indicator.node_code}",
        target_order=item.target.order if item.target else None,
        label=indicator.label,
        value=item.value,
        text=_text(item.numerator, item.denominator, item.value),
        source=SOURCE_LABEL,
        url=f"{url}?{window_query}",
        rows=item.denominator,
    )


class DossierSource:
    """3.8, 7.10, 7.12, 7.13 from the dossiers, for the reporting form and the province figure.

    A unit (or a province) with no dossier received in the window gives nothing: the system has
    no data to compute from, so the figure is typed as before."""

    name = "dossiers"

    def _targets(self, year: int) -> dict[str, Any]:
        return dossier_figures.plan_targets(dossier_figures.published_plan(year))

    def unit_figures(self, window: Any, unit_ids: list[int]) -> dict[int, list[Any]]:
        from parsipas.units.models import Unit

        period = Period(window.start, window.end)
        by_unit = counts_by_unit(period, unit_ids, histogram=False)
        if not by_unit:
            return {}
        targets = self._targets(window.year)
        codes = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "code"))
        query = urlencode({"tu": window.start.isoformat(), "den": window.end.isoformat()})
        result: dict[int, list[Any]] = {}
        for unit_id, counts in by_unit.items():
            if not counts.received:
                continue
            url = reverse("dossier_unit", args=[codes[unit_id]])
            result[unit_id] = [
                _computed(item, url, query) for item in dossier_figures.figures(counts, targets)
            ]
        return result

    def province_figures(self, window: Any) -> list[Any]:
        from parsipas.dossiers.indicators import total

        period = Period(window.start, window.end)
        counts = total(counts_by_unit(period, histogram=False).values(), period)
        if not counts.received:
            return []
        query = urlencode({"tu": window.start.isoformat(), "den": window.end.isoformat()})
        url = reverse("dossier_home")
        return [
            _computed(item, url, query)
            for item in dossier_figures.figures(counts, self._targets(window.year))
        ]
