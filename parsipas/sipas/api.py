"""SIPAS figures for other parts of parsipas (the PAR projection's SIPAS part).

    province_sipas(2026)         -> {"sipas": 82.5, "elements": {"E1": 80.0, …}, "n": 1234} or None
    province_sipas(2026, "q2")   -> the same for a period (q1 … q4, 6m, 9m, year)
    unit_sipas(unit, 2026)       -> the same for one unit

Percentages are floats rounded to 2 decimals; an element without valid answers is None and
is left out of the SIPAS mean; "n" is the number of valid responses. See `indices` for the
rule (configured on the current instrument).
"""

from __future__ import annotations

from typing import Any

from parsipas.sipas.figures import indices
from parsipas.sipas.indices import Result
from parsipas.sipas.periods import period as make_period


def _as_dict(result: Result) -> dict[str, Any] | None:
    if result.sipas is None:
        return None
    data = result.as_dict()
    return {"sipas": data["sipas"], "elements": data["elements"], "n": data["n"]}


def province_sipas(year: int, period: str | None = None) -> dict[str, Any] | None:
    """The province's SIPAS (pooled answers of all units) for a year or period; None without answers."""
    return _as_dict(indices(make_period(year, period)).province)


def unit_sipas(unit: Any, year: int, period: str | None = None) -> dict[str, Any] | None:
    """One unit's SIPAS for a year (or period); None without answers."""
    unit_id = getattr(unit, "pk", unit)
    figures = indices(make_period(year, period), unit_ids=[unit_id])
    result = figures.units.get(unit_id)
    return _as_dict(result) if result is not None else None


# --- the sample the planner asks for (the PAR projection's SIPAS parts) ----------------------


def sample_needed(year: int) -> int:
    """Valid responses the sample planner (/sipas/co-mau/) asks for in a year: the sum over units
    of Yamane's n for each unit's number of dossiers (the planner's total), or, while no unit's
    dossiers are entered, Yamane's n of an unbounded population, ⌈1/e²⌉ (400 at e = 5%)."""
    from parsipas.sipas import conf
    from parsipas.sipas.indices import required_sample
    from parsipas.sipas.models import SampleFrame

    margin = conf.sample_margin()
    frames = list(SampleFrame.objects.filter(year=year).values_list("dossiers", flat=True))
    if frames:
        return sum(required_sample(n, margin) for n in frames)
    return required_sample(10**12, margin)
