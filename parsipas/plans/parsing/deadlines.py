"""Deadlines of the plan ("Chậm nhất là ngày 31/12/2026", "Quý II/2026", "Trong năm 2026").

The date is the last day by which the work must be done; when the text names no date but defers
to someone else ("Theo thời hạn quy định của Bộ Nội vụ") the deadline is honestly unknown.
"""

from __future__ import annotations

import calendar
import datetime
import re

from parsipas.lib.text import fold

from .model import Deadline

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Dates as written in Vietnamese documents: day first, "/" "-" or "." between the parts.
_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?![\d/])")
_DATE_WORDS = re.compile(r"ngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?")
_QUARTER = re.compile(r"\bquy (iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*(\d{4}))?")
_MONTH = re.compile(r"\bthang (\d{1,2})\b(?!\s*(?:dau|cuoi))(?:\s*(?:/|nam)\s*(\d{4}))?")
_MONTHS_OF_YEAR = re.compile(r"\b(\d{1,2}) thang (dau|cuoi) nam(?: (\d{4}))?")
_YEAR = re.compile(r"\bnam (\d{4})\b")
# "hằng năm" and "hàng năm" both fold to "hang nam".
_WHOLE_YEAR = re.compile(r"\b(?:trong|ca|cuoi|hang) nam\b")
_AUTHORITY = re.compile(
    r"\btheo (?:(?:thoi han|thoi gian|tien do|lo trinh|ke hoach) )?"
    r"(?:quy dinh|huong dan|yeu cau|chi dao)"
)


def _end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int | None, month: int, day: int) -> datetime.date | None:
    if year is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _explicit_dates(folded: str, year: int | None) -> list[datetime.date]:
    dates = []
    for pattern in (_DATE, _DATE_WORDS):
        for day, month, year_text in pattern.findall(folded):
            found = _safe_date(int(year_text) if year_text else year, int(month), int(day))
            if found:
                dates.append(found)
    return dates


def _period_end(folded: str, year: int | None) -> datetime.date | None:
    """The end of a named period: a quarter, a month, the first N months, the year."""
    if match := _QUARTER.search(folded):
        quarter = _ROMAN.get(match.group(1)) or int(match.group(1))
        period_year = int(match.group(2)) if match.group(2) else year
        return _end_of_month(period_year, quarter * 3) if period_year else None
    if match := _MONTHS_OF_YEAR.search(folded):
        months, part = int(match.group(1)), match.group(2)
        period_year = int(match.group(3)) if match.group(3) else year
        if not period_year or not 1 <= months <= 12:
            return None
        return _end_of_month(period_year, months if part == "dau" else 12)
    if match := _MONTH.search(folded):
        month = int(match.group(1))
        period_year = int(match.group(2)) if match.group(2) else year
        return _end_of_month(period_year, month) if period_year and 1 <= month <= 12 else None
    if match := _YEAR.search(folded):
        return datetime.date(int(match.group(1)), 12, 31)
    if _WHOLE_YEAR.search(folded) and year:
        return datetime.date(year, 12, 31)
    return None


def parse_deadline(text: str, year: int | None) -> Deadline:
    """Read a deadline cell; `year` is the plan's year, used when the text names none."""
    folded = fold(text)
    if not folded:
        return Deadline(None, False, text)
    dates = _explicit_dates(folded, year)
    if dates:
        # "Từ ngày 01/01 đến ngày 31/12/2026": the work must be done by the last date named.
        return Deadline(max(dates), False, text)
    period_end = _period_end(folded, year)
    if period_end:
        return Deadline(period_end, False, text)
    return Deadline(None, bool(_AUTHORITY.search(folded)), text)
