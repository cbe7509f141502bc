"""What each role finds in the menu and on the home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from parsipas.accounts.policy import APPRAISAL_GROUP
from parsipas.par.models import Framework


@pytest.fixture
def commune_framework(db):
    return Framework.objects.create(
        year=2026, scope="commune", title="Chỉ số CCHC xã 2026", window_open=True
    )


def test_the_menu_shows_par_pages_by_role(people, login):
    from django.test import Client

    assert 'href="/par/du-bao/"' in login(people["viewer"]).get("/").content.decode()
    unit_home = login(people["commune"], Client()).get("/").content.decode()
    assert 'href="/par/tu-danh-gia/"' in unit_home and 'href="/par/du-bao/"' not in unit_home
    admin_home = login(people["admin"], Client()).get("/").content.decode()
    assert 'href="/par/bo-tieu-chi/"' in admin_home and 'href="/par/to-tham-dinh/"' in admin_home


def test_a_commune_is_told_on_its_home_page_that_the_window_is_open(
    commune_framework, people, login
):
    page = login(people["commune"]).get("/").content.decode()
    assert "Tự đánh giá Chỉ số CCHC năm 2026" in page


def test_the_window_closes_after_its_deadline(commune_framework):
    commune_framework.window_deadline = dt.date(2026, 3, 31)
    assert commune_framework.accepts_self_assessment(dt.date(2026, 3, 31))
    assert not commune_framework.accepts_self_assessment(dt.date(2026, 4, 1))


def test_appraisers_see_their_queue_on_the_home_page(commune_framework, people, login):
    people["lead_vp"].groups.add(Group.objects.get_or_create(name=APPRAISAL_GROUP)[0])
    page = login(people["lead_vp"]).get("/").content.decode()
    assert "Thẩm định Chỉ số CCHC nội bộ" in page
    assert login(people["lead_vp"]).get("/par/tham-dinh/").status_code == 200
