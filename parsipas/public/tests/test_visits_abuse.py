"""One client cannot inflate the visit counter, cross-site posts are refused, and a hostile body
is a 400, never a 500."""

from __future__ import annotations

import json

import pytest

from parsipas.public import visits
from parsipas.public.models import VisitDay
from parsipas.public.tests.test_public import BROWSER, beacon

pytestmark = pytest.mark.django_db


def _total() -> int:
    return sum(VisitDay.objects.values_list("visits", flat=True))


def test_varying_the_user_agent_from_one_address_counts_a_few_visits_at_most(client) -> None:
    for n in range(200):
        beacon(client, ua=f"{BROWSER} build/{n}", tab=f"tab-{n:08d}")
    assert 1 <= _total() <= visits.VISITS_PER_ADDRESS


def test_other_addresses_still_count(client) -> None:
    for n in range(5):
        beacon(client, ip=f"198.51.100.{n}", tab=f"tab-{n:08d}")
    assert _total() == 5


def test_a_cross_site_post_is_refused(client) -> None:
    response = client.post(
        "/cong-khai/nhip",
        json.dumps({"tab": "tab-aaaaaaaa"}),
        content_type="application/json",
        HTTP_USER_AGENT=BROWSER,
        HTTP_ORIGIN="https://evil.example",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert _total() == 0


def test_the_same_site_post_with_an_origin_counts(client) -> None:
    response = client.post(
        "/cong-khai/nhip",
        json.dumps({"tab": "tab-aaaaaaaa"}),
        content_type="application/json",
        HTTP_USER_AGENT=BROWSER,
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 200 and _total() == 1


@pytest.mark.parametrize(
    "body",
    ["[" * 100000 + "]" * 100000, '{"tab": ' + "[" * 5000 + "]" * 5000 + "}", "x" * 5000, "\xff"],
)
def test_a_hostile_body_is_a_400(client, body: str) -> None:
    response = client.post(
        "/cong-khai/nhip", body, content_type="application/json", HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 400
    assert _total() == 0
