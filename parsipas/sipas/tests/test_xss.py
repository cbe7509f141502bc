"""Stored XSS through SIPAS free text: a citizen's comment full of markup is shown to the staff
as text. Headless Chromium opens every staff page that shows comments: no script of the comment
runs (``window.__xss`` stays undefined) and the comment reads literally.

The SIPAS exports (``/sipas/xuat.csv``, the periodic Word/Excel report) carry indices, not
comments; the unit name is the free text they carry, and it is written literally too, with the
formula guard.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest

from parsipas.sipas.models import Response
from parsipas.testing import browser as chromium
from parsipas.units.models import Unit

HOSTILE = (
    '<script>window.__xss = "script"</script>'
    "<img src=x onerror=\"window.__xss = 'img'\">"
    "<svg onload=\"window.__xss = 'svg'\"></svg>"
    "<a href=\"javascript:window.__xss = 'link'\">bấm</a>"
)


def _hostile_response(add_response: Callable[..., Response], unit: Unit) -> Response:
    response = add_response(unit, {"E1.1": 5, "E1.2": 4})
    Response.objects.filter(pk=response.pk).update(comment=f"Góp ý {HOSTILE}")
    return response


@pytest.mark.browser
def test_a_hostile_comment_runs_nothing_on_the_staff_pages(
    browser: Any,
    live_server: Any,
    transactional_db: Any,
    people: dict[str, Any],
    add_response: Callable[..., Response],
) -> None:
    unit = Unit.objects.get(code="stp")
    response = _hostile_response(add_response, unit)
    chromium.log_in(browser, live_server.url, people["admin"].username)
    for path in (
        f"/sipas/don-vi/{unit.code}/?nam=2026&ky=year",
        f"/sipas/phieu/{response.pk}/",
    ):
        browser.get(live_server.url + path)
        chromium.wait_for_text(browser, "Góp ý <script>window.__xss")
        for link in chromium.elements_now(browser, "css selector", "a"):
            assert not (link.get_attribute("href") or "").startswith("javascript:"), path
        assert browser.execute_script("return typeof window.__xss") == "undefined", path
        assert HOSTILE in chromium.page_text(browser), path


@pytest.mark.django_db
def test_the_export_writes_a_hostile_unit_name_literally(
    login: Any, people: dict[str, Any], add_response: Callable[..., Response]
) -> None:
    _hostile_response(add_response, Unit.objects.get(code="stp"))
    # A unit name holds 200 characters (PostgreSQL enforces it): a formula and a script.
    name = '=HYPERLINK("http://evil.example") <script>window.__xss = "script"</script>'
    Unit.objects.filter(code="stp").update(name=name)
    answer = login(people["admin"]).get("/sipas/xuat.csv?nam=2026&ky=year")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + name in cells  # text, not a formula, and the markup as it was typed
