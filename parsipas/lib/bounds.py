"""Numbers and dates from people and URLs, parsed with bounds.

Every query parameter, form field and spreadsheet cell that becomes a number or a date goes
through here: `²` (a digit to `str.isdigit`, not to `int`), `1e999999`, `inf`, `nan`,
`99999999999999999999` or `2026-99-99` become a ValueError with a Vietnamese message (a 400 in a
view, a row message in an import), never an OverflowError or a 500 further down.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils import timezone

_INTEGER = re.compile(r"[+-]?[0-9]{1,18}(?:\.0*)?")
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def parse_bounded_int(text: str, low: int, high: int) -> int:
    """An integer written in ASCII digits ("12", or "12.0" as Excel writes it) within [low, high]."""
    cleaned = text.strip()
    if not _INTEGER.fullmatch(cleaned):
        raise ValueError(f"'{cleaned[:30]}' không phải số nguyên")
    number = int(cleaned.split(".", 1)[0])
    if not low <= number <= high:
        raise ValueError(f"{number} nằm ngoài khoảng cho phép ({low}–{high})")
    return number


def parse_bounded_decimal(text: str, low: Decimal, high: Decimal) -> Decimal:
    """A finite decimal within [low, high]; never Inf, NaN or a 10^999999 exponent."""
    cleaned = text.strip().replace(",", ".")
    if len(cleaned) > 40:
        raise ValueError(f"'{cleaned[:30]}…' không phải số hợp lệ")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"'{cleaned}' không phải số") from exc
    if not number.is_finite() or not low <= number <= high:
        raise ValueError(f"'{cleaned}' nằm ngoài khoảng cho phép ({plain(low)}–{plain(high)})")
    return number


def parse_bounded_date(text: str, low: dt.date = EARLIEST, high: dt.date = LATEST) -> dt.date:
    """An ISO date (YYYY-MM-DD) within [low, high]."""
    cleaned = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", cleaned):
        raise ValueError(f"'{cleaned[:30]}' không phải ngày (định dạng YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(cleaned)
    except ValueError as exc:
        raise ValueError(f"'{cleaned}' không phải ngày có thật") from exc
    if not low <= day <= high:
        raise ValueError(f"ngày {day:%d/%m/%Y} nằm ngoài khoảng cho phép")
    return day


def plain(number: Decimal | int | float) -> str:
    """A number as people write it: 100, not 1E+2; 2.5, not 2.50000."""
    if isinstance(number, Decimal):
        if number == number.to_integral_value():
            return str(number.quantize(Decimal(1)))
        return format(number.normalize(), "f")
    return str(number)


def query_int(
    request: HttpRequest, name: str, default: int | None, low: int, high: int
) -> int | None:
    """An integer query parameter, or `default` when absent; a bad one is a 400 naming it."""
    raw = request.GET.get(name, "")
    if not raw.strip():
        return default
    try:
        return parse_bounded_int(raw, low, high)
    except ValueError as exc:
        raise BadRequest(f"Tham số '{name}': {exc}.") from exc


def query_year(request: HttpRequest, name: str = "nam") -> int:
    """A year query parameter (?nam=2026), this year when absent; a bad one is a 400 naming it."""
    year = query_int(request, name, None, EARLIEST.year, LATEST.year)
    return timezone.localdate().year if year is None else year


def query_date(
    request: HttpRequest,
    name: str,
    default: dt.date | None = None,
    low: dt.date = EARLIEST,
    high: dt.date = LATEST,
) -> dt.date | None:
    """A date query parameter (YYYY-MM-DD), or `default` when absent; a bad one is a 400."""
    raw = request.GET.get(name, "")
    if not raw.strip():
        return default
    try:
        return parse_bounded_date(raw, low, high)
    except ValueError as exc:
        raise BadRequest(f"Tham số '{name}': {exc}.") from exc


def query_period(request: HttpRequest, name: str = "ky") -> tuple[int, str] | None:
    """A reporting period parameter `YYYY-CODE` (?ky=2026-Q1), or None when absent or without a
    dash; a year that is not a plain year is a 400."""
    raw = request.GET.get(name, "")
    if "-" not in raw:
        return None
    year, _, code = raw.partition("-")
    try:
        return parse_bounded_int(year, EARLIEST.year, LATEST.year), code[:10]
    except ValueError as exc:
        raise BadRequest(f"Tham số '{name}': {exc}.") from exc
