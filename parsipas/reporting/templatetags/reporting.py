from __future__ import annotations

from typing import Any

from django import template

from parsipas.reporting import statuses

register = template.Library()

TONES = {
    # task status: the one vocabulary
    **statuses.TONES,
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
    "planned": "info",
    "open": "ok",
    "closed": "warn",
    "locked": "muted",
}


@register.filter
def tone(value: str) -> str:
    return "chip chip-" + TONES.get(value, "muted")


@register.filter
def get(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None
