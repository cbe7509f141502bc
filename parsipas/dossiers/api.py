"""What other modules (the PAR projection) read from the dossier figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from parsipas.dossiers import indicators, stats


def province_rates(year: int) -> dict[str, Decimal | None]:
    """The province's dossier indicators for a whole year, in percent; {} when no dossier.

    Keys: on_time_rate (3.8), digitized_rate (7.10), fully_online_rate (7.12),
    online_payment_rate (7.13), apology_rate (3.8's letters of apology).
    """
    period = indicators.Period(date(year, 1, 1), date(year, 12, 31))
    counts = indicators.total(stats.counts_by_unit(period, histogram=False).values(), period)
    if not counts.received:
        return {}
    rates = indicators.indicators(counts)
    return {
        "on_time_rate": rates.on_time_rate,
        "digitized_rate": rates.digitization_rate,
        "fully_online_rate": rates.fully_online_rate,
        "online_payment_rate": rates.online_payment_rate,
        "apology_rate": rates.apology_rate,
    }


def province_766(year: int) -> dict[str, object] | None:
    """The province's Decision 766 total for a whole year (criterion 3.9), or None when not
    all six groups can be scored: {"score", "max", "detail"}."""
    from parsipas.dossiers.q766.scores import year_card

    card = year_card(year)
    result = card.total
    if not result.complete:
        return None
    sources = "; ".join(f"{label}: {', '.join(groups)}" for label, groups in card.sources.items())
    against = f", chỉ tiêu từ {card.target} điểm" if card.target is not None else ""
    return {
        "score": result.score,
        "max": result.max,
        "detail": f"Tổng điểm Chỉ số 766 năm {year}: {result.score}/{result.max}{against} ({sources}).",
    }
