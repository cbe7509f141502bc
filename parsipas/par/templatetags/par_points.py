"""The PAR pages' per-criterion cells, as filters: a page shows 80–200 criteria, and an
`{% include %}` per cell cost more than the rest of the page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from parsipas.lib.numbers import number

register = template.Library()


@register.filter
def par_points(s: Any) -> str:
    """A Scored's points: known points, and while values are missing the range still open."""
    if s is None:
        return ""
    if not s.applicable:
        return mark_safe('<span class="muted">không áp dụng</span>')
    low, high = number(s.low), number(s.high)
    if s.missing and not s.known_max:
        return format_html(
            '<span class="muted" title="Chưa có số liệu: có thể đạt từ {} đến {} điểm">'
            "chưa có số liệu ({} – {})</span>",
            low,
            high,
            low,
            high,
        )
    if s.missing:
        return format_html(
            '{} <span class="small muted" title="Điểm của các tiêu chí đã có số liệu; cả nhóm '
            'có thể đạt từ {} đến {} điểm">(có thể {} – {})</span>',
            number(s.points),
            low,
            high,
            low,
            high,
        )
    return number(s.points)


@register.filter
def par_source(v: Any) -> str:
    """A SourcedValue's chip: where the value comes from, how (in the title)."""
    if not v:
        return ""
    if v.source == "none" or v.value is None:
        kind = "chip-muted"
    elif v.source == "estimate":
        kind = "chip-warn"
    else:
        kind = "chip-info"
    title = f"{v.detail} {v.note}" if v.note else v.detail
    return format_html('<span class="chip {}" title="{}">{}</span>', kind, title, v.label)


@register.filter
def par_value(v: Any) -> str:
    """A SourcedValue's value, or "chưa có số liệu"."""
    if not v:
        return ""
    if v.value is None:
        return mark_safe('<span class="muted">chưa có số liệu</span>')
    return number(v.value)


@register.filter
def par_behind(v: Any) -> str:
    """The units holding a criterion back, folded: "<n> đơn vị" opening the list."""
    behind = getattr(v, "behind", None) or []
    if not behind:
        return mark_safe('<span class="muted">—</span>')
    items = format_html_join(
        "", "<li>{} — {}</li>", ((b.unit_name, "; ".join(b.reasons)) for b in behind)
    )
    return format_html(
        "<details><summary>{} đơn vị</summary><ul>{}</ul></details>", len(behind), items
    )
