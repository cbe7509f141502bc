"""Compare a unit's figure with a criterion's target: đạt / chưa đạt / không đánh giá được.

Pure: no Django, no database. The operators are those of `plans.Target.Op` (and "<", which the
plan parser may produce).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Literal

Result = Literal["met", "not_met", "unknown"]
MET: Result = "met"
NOT_MET: Result = "not_met"
UNKNOWN: Result = "unknown"

RESULT_LABELS = {MET: "Đạt", NOT_MET: "Chưa đạt", UNKNOWN: "Không đánh giá được"}

Number = Decimal | int | float | str | None


def _dec(value: Number) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


def evaluate(
    op: str, value: Number, value_max: Number, figure: Number, *, previous: Number = None
) -> Result:
    """Whether `figure` meets the target `op value [value_max]`.

    - ">=", ">", "<=", "<", "=": against `value`;
    - "between": value <= figure <= value_max (bounds included; no upper bound if value_max is None);
    - "increase": figure > previous (the previous year's figure); unknown when that is missing.
    A missing figure, a missing bound or an unknown operator gives "unknown", never a guess.
    """
    fig = _dec(figure)
    if fig is None:
        return UNKNOWN
    if op == "increase":
        prev = _dec(previous)
        if prev is None:
            return UNKNOWN
        return MET if fig > prev else NOT_MET
    low = _dec(value)
    if low is None:
        return UNKNOWN
    if op == ">=":
        ok = fig >= low
    elif op == ">":
        ok = fig > low
    elif op == "<=":
        ok = fig <= low
    elif op == "<":
        ok = fig < low
    elif op == "=":
        ok = fig == low
    elif op == "between":
        high = _dec(value_max)
        ok = fig >= low and (high is None or fig <= high)
    else:
        return UNKNOWN
    return MET if ok else NOT_MET


def parse_figure(text: str) -> Decimal | None:
    """A figure typed by a person: '98', '98,5', '98.5 %', '1.234' (thousands) -> Decimal.

    Raises ValueError with a Vietnamese message when the text is not a number.
    """
    cleaned = text.strip().replace("%", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        # "1.234,5" (Vietnamese) or "1,234.5" (English): the last separator is the decimal one.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"'{text.strip()}' không phải là số") from exc
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ValueError(f"'{text.strip()}' không phải là số hợp lệ")
    return number.quantize(Decimal("0.01"))
