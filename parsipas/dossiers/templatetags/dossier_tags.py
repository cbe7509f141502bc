from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

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


RESULT_LABELS = {"met": "Đạt", "not_met": "Chưa đạt"}


@register.simple_tag
def result_chip(figure: Any) -> str:
    """' <span class="chip …">Đạt</span>' for a figure with a target and a value, else "".

    A tag rather than an included template: the province table shows one per unit and
    indicator (about 600), and an include costs a template render each."""
    if not figure.target or figure.value is None:
        return ""
    label = RESULT_LABELS.get(figure.result, "Không đánh giá được")
    return format_html(' <span class="chip {}">{}</span>', figure.chip, label)
