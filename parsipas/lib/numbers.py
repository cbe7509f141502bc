"""Numbers as Vietnamese readers write them: '9.000', '98,5', '98,5%', '≥ 98%'.

One style for every page, chart table, Word and Excel file, built on Django's number formatting
(`django.utils.numberformat`) with the Vietnamese separators: a dot between thousands, a comma
before decimals. At most two decimals, trailing zeros dropped; '—' for a missing value.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import numberformat

MISSING = "—"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def number(value: Any, places: int = 2, grouping: bool = True) -> str:
    """1234.5 -> '1.234,5'; 9000 -> '9.000'; 98.50 -> '98,5'; None -> '—'."""
    d = _decimal(value)
    if d is None or not d.is_finite():
        return MISSING
    try:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context holds (a hostile parameter)
        return MISSING
    d = d.normalize() if d != d.to_integral_value() else d.to_integral_value()
    shown = max(0, -d.as_tuple().exponent)  # type: ignore[operator]
    return numberformat.format(
        d,
        DECIMAL_SEPARATOR,
        decimal_pos=shown,
        grouping=3 if grouping else 0,
        thousand_sep=THOUSAND_SEPARATOR,
        force_grouping=grouping,
        use_l10n=False,
    )


def plain(value: Any) -> str:
    """A number to type into a form field again: '98,5', '1234' (no grouping); '' when None."""
    return "" if _decimal(value) is None else number(value, places=2, grouping=False)


def percent(value: Any, places: int = 2) -> str:
    """98.5 -> '98,5%'; 87.424 -> '87,42%'; None -> '—'."""
    text = number(value, places)
    return text if text == MISSING else f"{text}%"


def with_unit(value: Any, unit: str = "") -> str:
    """'98%' (a percent sign sticks to the number), '3 sáng kiến'."""
    text = number(value)
    unit = unit.strip()
    if not unit or text == MISSING:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def target(op: str, value: Any, value_max: Any = None, unit: str = "") -> str:
    """A target as the plan states it: '≥ 98%', '90–100%', '≥ 3 sáng kiến'."""
    if op == "between":
        return f"{number(value)}–{with_unit(value_max, unit)}"
    return f"{OPS.get(op, op)} {with_unit(value, unit)}".strip()
