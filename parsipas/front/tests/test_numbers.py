"""One Vietnamese number style for pages, Word and Excel: '9.000', '98,5%', '≥ 98%'."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template

from parsipas.lib import numbers


def test_numbers_use_the_vietnamese_separators() -> None:
    assert numbers.number(9000) == "9.000"
    assert numbers.number(Decimal("1234.50")) == "1.234,5"
    assert numbers.number(Decimal("98.00")) == "98"
    assert numbers.number(87.4249) == "87,42"
    assert numbers.number(None) == "—"
    assert numbers.plain(Decimal("1234.50")) == "1234,5" and numbers.plain(None) == ""


def test_percentages_and_targets() -> None:
    assert numbers.percent(Decimal("98.50")) == "98,5%"
    assert numbers.percent(87.424) == "87,42%"
    assert numbers.percent(84.56, 1) == "84,6%"
    assert numbers.percent(None) == "—"
    assert numbers.target(">=", Decimal("98.00"), unit="%") == "≥ 98%"
    assert numbers.target("between", Decimal(90), Decimal(100), "%") == "90–100%"
    assert numbers.target(">=", Decimal(3), unit="sáng kiến") == "≥ 3 sáng kiến"


def test_every_template_has_the_filters_without_loading_them() -> None:
    html = Template("{{ a|num }} · {{ b|pct }} · {{ b|pct:1 }}").render(
        Context({"a": 9000, "b": Decimal("98.55")})
    )
    assert html == "9.000 · 98,55% · 98,6%"
