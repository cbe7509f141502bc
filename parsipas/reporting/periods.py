"""The four periods of the CCHC reporting regime and their default dates.

Default dates (editable by the admin afterwards), following the usual provincial practice of
cutting data off mid-month and reporting five days later:

| code | name               | data from – to  | units due | leads compile by |
|------|--------------------|-----------------|-----------|------------------|
| Q1   | Quý I              | 01/01 – 15/03   | 20/03     | 25/03            |
| Q2   | Quý II (6 tháng)   | 16/03 – 15/06   | 20/06     | 25/06            |
| Q3   | Quý III (9 tháng)  | 16/06 – 15/09   | 20/09     | 25/09            |
| Y    | Năm                | 16/09 – 15/12   | 20/12     | 25/12            |

The Q2 and Q3 reports are the 6-month and 9-month reports (cumulative since 01/01); the start
dates above mark the new work since the previous period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LEAD_DELAY_DAYS = 5


@dataclass(frozen=True)
class PeriodDates:
    code: str
    name: str
    start: dt.date
    end: dt.date
    due_date: dt.date
    lead_due_date: dt.date


_DEFAULTS = (
    # code, name, (start month, day), (end month, day), (due month, day)
    ("Q1", "Quý I", (1, 1), (3, 15), (3, 20)),
    ("Q2", "Quý II (6 tháng)", (3, 16), (6, 15), (6, 20)),
    ("Q3", "Quý III (9 tháng)", (6, 16), (9, 15), (9, 20)),
    ("Y", "Năm", (9, 16), (12, 15), (12, 20)),
)


def default_periods(year: int) -> list[PeriodDates]:
    periods = []
    for code, name, start, end, due in _DEFAULTS:
        due_date = dt.date(year, *due)
        periods.append(
            PeriodDates(
                code=code,
                name=name,
                start=dt.date(year, *start),
                end=dt.date(year, *end),
                due_date=due_date,
                lead_due_date=due_date + dt.timedelta(days=LEAD_DELAY_DAYS),
            )
        )
    return periods
