from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from parsipas.lib import numbers

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def tone(figure: Any, target: Any) -> str:
    """chip tone of a figure against a target: ok at or above, warn within 5 points, danger below."""
    if figure is None or target is None:
        return "muted"
    value = figure.pct if hasattr(figure, "pct") else Decimal(figure)
    if value >= target:
        return "ok"
    return "warn" if value >= target - 5 else "danger"


@register.filter
def bar(figure: Any) -> str:
    """Width (0–100) for a CSS bar."""
    if figure is None:
        return "0"
    value = figure.pct if hasattr(figure, "pct") else figure
    return str(max(0, min(100, int(Decimal(value)))))


@register.filter
def element(result: Any, code: str) -> Any:
    return result.elements.get(code) if result is not None else None


@register.filter
def sub(value: Any, other: Any) -> Any:
    if value is None or other is None:
        return None
    return Decimal(value) - Decimal(other)


@register.simple_tag
def figure_chip(f: Any, target: Any) -> SafeString:
    """What `_figure.html` shows, written in Python: the SIPAS dashboard shows a figure per unit
    and element (hundreds), and an include costs about a millisecond each."""
    if not f:
        return mark_safe('<span class="muted" title="Chưa có câu trả lời hợp lệ">—</span>')
    return format_html(
        '<span class="chip chip-{}" title="Khoảng tin cậy 95%: {} – {}; {} câu trả lời">{}</span>',
        tone(f, target),
        numbers.percent(f.low),
        numbers.percent(f.high),
        numbers.number(f.answers),
        numbers.percent(f.pct),
    )
