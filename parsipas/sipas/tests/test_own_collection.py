# ruff: noqa: F811 (pytest fixtures imported from test_public_form are parameters here)
"""A unit cannot pad its own SIPAS results: what it imports, keys in or collects on its own kiosk
waits for the reform office's review before it counts; a kiosk burst is flagged; limits and the
reused-token check live in the shared cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from parsipas.sipas.models import Answer, Response, Status
from parsipas.sipas.tests.conftest import field_names, form_token
from parsipas.sipas.tests.test_public_form import later, post_answers, stp  # noqa: F401

pytestmark = pytest.mark.django_db

OWN_ROWS = "respondent_id,unit_code,submitted_at,E1.1,E2.1\n" + "".join(
    f"p-{n},stp,2026-02-03 08:00,5,5\n" for n in range(50)
)


def test_a_units_import_for_itself_does_not_count_until_reviewed(
    stp: Any, people: dict, login: Any
) -> None:
    unit = login(people["unit"], Client())
    response = unit.post(
        "/sipas/nhap/", {"file": SimpleUploadedFile("tu-nhap.csv", OWN_ROWS.encode())}
    )
    assert response.status_code == 302
    assert Response.objects.count() == 50
    assert set(Response.objects.values_list("status", flat=True)) == {Status.FLAGGED}
    assert not Answer.objects.filter(counted=True).exists()
    admin = login(people["admin"], Client())
    queue = admin.get("/sipas/phieu/", {"status": "flagged"}).content.decode()
    assert "Do chính đơn vị được đánh giá thu" in queue


def test_the_reform_offices_import_counts_at_once(stp: Any, people: dict, login: Any) -> None:
    admin = login(people["admin"], Client())
    response = admin.post(
        "/sipas/nhap/", {"file": SimpleUploadedFile("snv.csv", OWN_ROWS.encode())}
    )
    assert response.status_code == 302
    assert set(Response.objects.values_list("status", flat=True)) == {Status.VALID}


def test_a_kiosk_burst_is_flagged(
    stp: Any, people: dict, login: Any, later: Any, settings: Any
) -> None:
    settings.SIPAS_KIOSK_BURST = 3
    officer = login(people["unit"], Client())
    enrol = officer.post("/sipas/don-vi/stp/kiosk/", {"desk": ""})
    kiosk = Client()
    kiosk.cookies["sipas_kiosk"] = enrol.cookies["sipas_kiosk"].value
    for _ in range(6):
        page = kiosk.get("/sipas/khao-sat/stp/kiosk/").content.decode()
        later(12)
        post_answers(
            kiosk, "/sipas/khao-sat/stp/kiosk/", form_token(page), field_names(page), {"E1.1": "5"}
        )
    flags = list(Response.objects.order_by("pk").values_list("flags", flat=True))
    assert all(f.startswith("own") for f in flags)
    assert not any("burst" in f for f in flags[:3]) and all("burst" in f for f in flags[3:])


def test_one_token_sent_many_times_stores_one_answer_with_a_shared_cache(
    stp: Any, later: Any, settings: Any
) -> None:
    """Every worker sees the same cache: in production the database cache (or Redis)."""
    from django.core.cache import caches
    from django.core.management import call_command

    settings.CACHES = {
        "default": {"BACKEND": "parsipas.lib.dbcache.DatabaseCache", "LOCATION": "parsipas_cache"}
    }
    call_command("createcachetable", verbosity=0)
    caches["default"].clear()
    anon = Client()
    page = anon.get("/sipas/khao-sat/stp/").content.decode()
    later(30)
    for _ in range(20):
        post_answers(
            anon, "/sipas/khao-sat/stp/", form_token(page), field_names(page), {"E1.1": "5"}
        )
    assert Response.objects.count() == 1


def test_a_forged_forwarded_for_does_not_rotate_the_client(
    stp: Any, later: Any, settings: Any
) -> None:
    settings.SIPAS_RATE_SOFT = 2
    anon = Client()
    for n in range(5):
        page = anon.get("/sipas/khao-sat/stp/").content.decode()
        later(30)
        anon.post(
            "/sipas/khao-sat/stp/",
            {"token": form_token(page), field_names(page)["E1.1"]: "5"},
            REMOTE_ADDR="203.0.113.77",
            HTTP_X_FORWARDED_FOR=f"10.{n}.{n}.{n}",
        )
    flags = list(Response.objects.order_by("pk").values_list("flags", flat=True))
    assert not any("burst" in f for f in flags[:2]) and all("burst" in f for f in flags[2:])
