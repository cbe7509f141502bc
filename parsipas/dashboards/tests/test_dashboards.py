"""Every dashboard URL with every role, what the pages show, and constant query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parsipas.dashboards import overview

pytestmark = pytest.mark.django_db

PROVINCE_URLS = ["/tong-quan/", "/bao-cao-dinh-ky/"]
EXPECTED = {
    # url: roles allowed
    "/tong-quan/": {"admin", "viewer", "lead", "lead_vp"},
    "/tong-quan/chu-tri/": {"admin", "viewer", "lead", "lead_vp"},
    "/viec-cua-don-vi/": {"unit", "commune", "lead", "lead_vp", "admin"},
    "/viec-cua-don-vi/stp/": {"admin", "viewer", "lead", "lead_vp", "unit"},
    "/bao-cao-dinh-ky/": {"admin", "viewer", "lead", "lead_vp"},
    "/bao-cao-dinh-ky/thong-tin-van-ban/": {"admin"},
    "/tin-cchc/": {"admin"},
    "/tin-cchc/them/": {"admin"},
}


@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_each_role_gets_the_page_or_a_refusal(world, people, login, client, url):
    for role, user in people.items():
        client.logout()
        response = login(user).get(url)
        if role in EXPECTED[url]:
            assert response.status_code == 200, (role, url)
        else:
            assert response.status_code in (403, 404), (role, url, response.status_code)
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the login page


def test_criterion_page_is_for_province_readers_only(world, people, login, client):
    url = f"/tong-quan/tieu-chi/{world.criteria[0].pk}/"
    assert login(people["viewer"]).get(url).status_code == 200
    client.logout()
    assert login(people["unit"]).get(url).status_code == 403


def test_province_dashboard_shows_fields_lights_risks_ranking_and_heat_map(world, people, login):
    page = login(people["admin"]).get(f"/tong-quan/?ky={world.plan.year}-Q1").content.decode()
    assert "Lĩnh vực thử 1" in page and "Lĩnh vực thử 2" in page
    assert "SIPAS" in page
    assert 'class="light light-' in page
    assert "Danh sách có nguy cơ" in page and "Đã quá hạn" in page
    assert "Cơ quan cấp tỉnh" in page and "Xã, phường" in page
    assert 'class="heat"' in page and "Sở Tư pháp" in page
    assert 'data-chart="stacked"' in page and "chartjs/chart.umd.min.js" in page


def test_heat_map_filters_by_kind(world, people, login):
    page = (
        login(people["admin"])
        .get(f"/tong-quan/?loai=communes&ky={world.plan.year}-Q1")
        .content.decode()
    )
    heat = page[page.index('class="heat"') :]
    assert "Phường Buôn Ma Thuột" in heat
    assert "Sở Tư pháp" not in heat


def test_unit_sees_its_rank_but_not_other_units(world, people, login):
    page = login(people["unit"]).get(f"/viec-cua-don-vi/?ky={world.plan.year}-Q1").content.decode()
    assert "Việc của Sở Tư pháp" in page
    assert "Xếp hạng:" in page
    assert "Sở Tài chính" not in page


def test_lead_sees_criteria_it_leads_and_units_behind(world, people, login):
    page = (
        login(people["lead"]).get(f"/tong-quan/chu-tri/?ky={world.plan.year}-Q1").content.decode()
    )
    assert "1.1" in page and "Đơn vị chưa hoàn thành" in page
    assert "Tiêu chí 2.1" not in page  # not led by Sở Nội vụ


def test_ranking_shares_ranks_for_equal_scores(world):
    data = overview.build(world.plan, world.periods["Q1"])
    rows = overview.ranking(data.units, communes=False)
    assert [r.rank for r in rows][0] == 1
    assert all(r.unit.kind == "agency" for r in rows)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url",
    [
        "/tong-quan/",
        "/tong-quan/?loai=agencies&tinh-trang=done",
        "/tong-quan/chu-tri/",
        "/viec-cua-don-vi/stp/",
        "/bao-cao-dinh-ky/{year}/Q1/bao-cao.docx",
        "/bao-cao-dinh-ky/{year}/Q1/phu-luc.xlsx",
        "/cong-khai/",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_units(world, people, login, url):
    from django.core.cache import cache

    client = login(people["admin"])
    url = (
        url.format(year=world.plan.year) + ("&" if "?" in url else "?") + f"ky={world.plan.year}-Q1"
    )
    if "cong-khai" in url:
        url = "/cong-khai/"
    world.add_units(10, "n")
    _count(client, url)  # first use creates the letterhead row
    cache.clear()
    small = _count(client, url)
    world.add_units(30, "m")
    cache.clear()
    large = _count(client, url)
    assert small == large


def test_overview_is_built_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    world.add_units(30, "q")
    # 16 for the roll-ups, plus a fixed 10 for the computed figures (registers and dossiers)
    with django_assert_max_num_queries(26):
        overview.build(world.plan, world.periods["Q1"])
