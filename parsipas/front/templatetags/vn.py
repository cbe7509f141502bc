"""The site's number filters, available in every template (a template builtin, see settings):
`{{ x|num }}` '9.000', '98,5'; `{{ x|pct }}` '98,5%'; `{{ x|pct:1 }}` one decimal at most.
The Word and Excel builders call the same functions in `parsipas.lib.numbers`."""

from __future__ import annotations

from typing import Any

from django import template

from parsipas.lib import numbers

register = template.Library()


@register.filter
def num(value: Any, places: int = 2) -> str:
    return numbers.number(value, int(places))


@register.filter
def pct(value: Any, places: int = 2) -> str:
    return numbers.percent(value, int(places))
