from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from parsipas.dossiers.indicators import format_rate
from parsipas.lib import numbers

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    """97,52% — or "không có hồ sơ"."""
    return format_rate(value)


@register.filter
def points(value: Any) -> str:
    return numbers.number(value)


@register.filter
def count(value: Any) -> str:
    """12.345 — a count with Vietnamese thousands dots, or "—"."""
    return numbers.number(value, places=0)
