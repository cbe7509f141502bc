from __future__ import annotations

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def bullets(content: str) -> SafeString:
    """Content with one '- ' bullet per line as a list; a plain paragraph stays a paragraph."""
    lines = [line.strip() for line in (content or "").splitlines() if line.strip()]
    if not lines:
        return mark_safe("")
    if len(lines) == 1 and not lines[0].startswith("- "):
        return mark_safe(f"<p>{escape(lines[0])}</p>")
    items = ((line[2:] if line.startswith("- ") else line,) for line in lines)
    return mark_safe("<ul class='content'>" + format_html_join("", "<li>{}</li>", items) + "</ul>")
