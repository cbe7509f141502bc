"""The SIPAS dashboard and a unit's page take as many queries with more responses and units."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db

PAGES = ["/sipas/?nam=2026", "/sipas/don-vi/stp/?nam=2026"]


def _respond(add_response: Any, units: list[Unit], count: int) -> None:
    for i in range(count):
        add_response(units[i % len(units)], {"E1.1": 1 + i % 5, "E2.1": 4, "E3.2": 2, "K1": [3]})


def _queries(client: Any, url: str) -> int:
    cache.clear()  # the figures are cached for a minute: measure the computing request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_sipas_pages_query_counts_do_not_grow_with_the_responses(
    people: dict, instrument: Any, login: Any, add_response: Any, django_assert_max_num_queries: Any
) -> None:
    units = list(Unit.objects.order_by("code"))
    _respond(add_response, units[:2] + [Unit.objects.get(code="stp")], 3)
    admin = login(people["admin"])
    small = {url: _queries(admin, url) for url in PAGES}
    _respond(add_response, units, 4 * len(units))
    for url in PAGES:
        cache.clear()
        with django_assert_max_num_queries(small[url]):
            assert admin.get(url).status_code == 200


def test_the_province_figures_are_computed_once_a_minute_not_per_view(
    people: dict, instrument: Any, login: Any, add_response: Any
) -> None:
    _respond(add_response, list(Unit.objects.order_by("code")[:5]), 10)
    admin = login(people["admin"])
    cold = _queries(admin, PAGES[0])
    with CaptureQueriesContext(connection) as warm:
        html = admin.get(PAGES[0]).content.decode()
    assert len(warm.captured_queries) < cold
    assert "Toàn tỉnh" in html and 'class="chip chip-' in html
    # a unit's page reads the province's figures from the same cache
    with CaptureQueriesContext(connection) as unit_page:
        assert admin.get(PAGES[1]).status_code == 200
    assert len(unit_page.captured_queries) < _queries(admin, PAGES[1])
