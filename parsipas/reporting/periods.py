"""The four periods of the CCHC reporting regime and their default dates.

The data windows and the province's due dates follow the Ministry's guidance 581/BNV-CCHC (see
`shared/reference/README.md`, "The Ministry's reporting regime"): data cut off on the 14th, the
province's report due on the 20th of the period's last month. The units report to the province
a number of working days earlier (`REPORTING_UNIT_DUE_WORKING_DAYS`, default 5), counted on the
working-day calendar with the Government's yearly arrangements.

| code | name    | data from – to                      | province due |
|------|---------|-------------------------------------|--------------|
| Q1   | Quý I   | 15/12 of the previous year – 14/03  | 20/03        |
| Q2   | 6 tháng | 15/12 of the previous year – 14/06  | 20/06        |
| Q3   | Quý III | 15/06 – 14/09 (one quarter)         | 20/09        |
| Y    | Năm     | 15/12 of the previous year – 14/12  | 20/12        |

Every date stays editable by the admin. A new period is "Chưa mở" and, unless the admin sets its
state by hand, opens on its start date and closes after the units' due date (`state_on`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from parsipas.lib.workdays import WorkCalendar

UNIT_DUE_WORKING_DAYS = 5


@dataclass(frozen=True)
class PeriodDates:
    code: str
    name: str
    start: dt.date
    end: dt.date
    due_date: dt.date  # the units'
    lead_due_date: dt.date  # the province's, to the Ministry


_DEFAULTS = (
    # code, name, start (year offset, month, day), end (month, day), province due (month, day)
    ("Q1", "Quý I", (-1, 12, 15), (3, 14), (3, 20)),
    ("Q2", "6 tháng", (-1, 12, 15), (6, 14), (6, 20)),
    ("Q3", "Quý III", (0, 6, 15), (9, 14), (9, 20)),
    ("Y", "Năm", (-1, 12, 15), (12, 14), (12, 20)),
)


def default_periods(
    year: int, calendar: WorkCalendar | None = None, unit_days: int = UNIT_DUE_WORKING_DAYS
) -> list[PeriodDates]:
    calendar = calendar or WorkCalendar()
    periods = []
    for code, name, (offset, sm, sd), end, due in _DEFAULTS:
        province_due = dt.date(year, *due)
        periods.append(
            PeriodDates(
                code=code,
                name=name,
                start=dt.date(year + offset, sm, sd),
                end=dt.date(year, *end),
                due_date=calendar.add_working_days(province_due, -unit_days),
                lead_due_date=province_due,
            )
        )
    return periods


def state_on(start: dt.date, units_due: dt.date, today: dt.date) -> str:
    """'planned' before the start date, 'open' up to the units' due date, 'closed' after it
    (reports still accepted, marked late). Locking is always the admin's decision."""
    if today < start:
        return "planned"
    if today <= units_due:
        return "open"
    return "closed"
