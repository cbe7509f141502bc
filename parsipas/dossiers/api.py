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
