from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from parsipas.dossiers.indicators import format_rate

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    """97,52% — or "không có hồ sơ"."""
    return format_rate(value)


@register.filter
def points(value: Any) -> str:
    return "—" if value is None else f"{value}".replace(".", ",")


@register.filter
def count(value: Any) -> str:
    """12.345 — a count with Vietnamese thousands dots, or "—"."""
    return "—" if value is None else f"{int(value):,}".replace(",", ".")
