from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()

TONES = {
    # report status
    "done": "ok",
    "in_progress": "info",
    "not_started": "muted",
    "not_done": "danger",
    "not_submitted": "warn",
    # workflow
    "draft": "muted",
    "submitted": "info",
    "returned": "danger",
    "accepted": "ok",
    # target result
    "met": "ok",
    "not_met": "danger",
    "unknown": "muted",
    # period state
    "open": "ok",
    "closed": "warn",
    "locked": "muted",
}


@register.filter
def tone(value: str) -> str:
    return "chip chip-" + TONES.get(value, "muted")


@register.filter
def num(value: Any) -> str:
    """98.50 -> '98,5'; 1234 -> '1.234'; None -> '—'."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@register.filter
def get(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def pct(value: Any) -> str:
    return "—" if value is None else f"{num(value)}%"
