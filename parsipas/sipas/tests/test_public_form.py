"""The public form and its integrity rules, through real requests."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from parsipas.audit.models import AuditEntry
from parsipas.sipas import review
from parsipas.sipas.api import unit_sipas
from parsipas.sipas.models import Answer, Channel, Desk, ImmutableResponse, Response, Status
from parsipas.sipas.tests.conftest import field_names, form_token
from parsipas.testing.present import present
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db

ALL_FIVES = {
    f"E{k}.{n}": "5"
    for k, count in [(1, 4), (2, 4), (3, 4), (4, 3), (5, 3)]
    for n in range(1, count + 1)
}


@pytest.fixture
def stp(registry: None, instrument: Any) -> Unit:
    return Unit.objects.get(code="stp")


@pytest.fixture
def later() -> Iterator[Callable[[float], None]]:
    """Move the clock forward (the respondent takes their time reading the form).

    The clock starts ten minutes into an hour, so a test never straddles the rate limits'
    hourly buckets, whatever the wall-clock time of the run; it ticks on from there.
    """
    with time_machine.travel(time.time() // 3600 * 3600 + 600, tick=True) as traveller:
        yield traveller.shift


def open_form(client: Client, path: str) -> tuple[str, dict[str, str]]:
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    return form_token(html), field_names(html)


def post_answers(
    client: Client,
    path: str,
    token: str,
    fields: dict[str, str],
    answers: dict[str, Any],
    ip: str = "203.0.113.7",
    **extra: Any,
) -> Any:
    data: dict[str, Any] = {"token": token, **extra}
    for code, value in answers.items():
        data[fields[code]] = value
    return client.post(path, data, REMOTE_ADDR=ip)


def submit(
    client: Client,
    code: str,
    answers: dict[str, Any],
    later: Callable[[float], None] | None = None,
    query: str = "",
    **extra: Any,
) -> Any:
    path = f"/sipas/khao-sat/{code}/"
    token, fields = open_form(client, path + query)
    if later:
        later(45)
    return post_answers(client, path, token, fields, answers, **extra)


def test_anyone_can_open_a_units_form_without_logging_in(anon: Client, stp: Unit) -> None:
    page = anon.get("/sipas/khao-sat/stp/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "Sở Tư pháp" in html
        and "E1.1" in html
        and "Rất hài lòng" in html
        and "Không ý kiến" in html
    )
    assert "no-store" in page["Cache-Control"]


def test_a_complete_response_is_stored_and_counted(anon: Client, stp: Unit, later: Any) -> None:
    response = submit(
        anon,
        "stp",
        # late (P4 = 3) and gave feedback (P5 = 1): every conditional question applies
        {**ALL_FIVES, "E1.1": "2", "P1": ["1", "3"], "K1": ["4"], "P4": "3", "P5": "1"},
        later,
        respondent_type="citizen",
        age_group="40-59",
    )
    assert response.status_code == 302 and response["Location"] == "/sipas/khao-sat/stp/cam-on/"
    stored = Response.objects.get()
    assert stored.status == Status.VALID and stored.channel == Channel.WEB and stored.flags == ""
    assert (
        stored.respondent_type == "citizen"
        and stored.age_group == "40-59"
        and present(stored.fill_seconds) >= 44
    )
    assert Answer.objects.filter(response=stored).count() == 18 + 2 + 1 + 2
    # E1 = 3 of 4 = 75, the other elements 100: SIPAS = 95.
    assert (
        present(unit_sipas(stp, 2026 if stored.month // 100 == 2026 else stored.month // 100))[
            "elements"
        ]["E1"]
        == 75.0
    )


def test_no_address_is_stored_only_a_daily_keyed_hash(anon: Client, stp: Unit, later: Any) -> None:
    submit(anon, "stp", ALL_FIVES, later, ip="198.51.100.23")
    stored = Response.objects.get()
    values = [str(getattr(stored, f.attname)) for f in Response._meta.concrete_fields]
    assert not any("198.51.100.23" in v for v in values)
    assert len(stored.client_hash) == 64


def test_a_response_sent_too_fast_is_flagged_and_not_counted(anon: Client, stp: Unit) -> None:
    submit(anon, "stp", ALL_FIVES)  # no time passes between opening and sending
    stored = Response.objects.get()
    assert stored.status == Status.FLAGGED and "fast" in stored.flag_list
    assert unit_sipas(stp, stored.month // 100) is None


def test_a_filled_honeypot_stores_nothing(anon: Client, stp: Unit, later: Any) -> None:
    response = submit(anon, "stp", ALL_FIVES, later, website="http://spam.example")
    assert response.status_code == 302
    assert Response.objects.count() == 0


def test_a_post_without_a_valid_token_is_refused_and_keeps_the_answers(
    anon: Client, stp: Unit
) -> None:
    _, fields = open_form(anon, "/sipas/khao-sat/stp/")
    response = post_answers(anon, "/sipas/khao-sat/stp/", "forged:token", fields, {"E1.1": "4"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "không hợp lệ" in html and f'name="{fields["E1.1"]}" value="4" checked' in html
    assert Response.objects.count() == 0


def test_a_token_for_another_unit_is_refused(anon: Client, stp: Unit) -> None:
    token, fields = open_form(anon, "/sipas/khao-sat/snv/")
    response = post_answers(anon, "/sipas/khao-sat/stp/", token, fields, {"E1.1": "4"})
    assert response.status_code == 400 and Response.objects.count() == 0


def test_the_same_form_sent_twice_is_stored_once(anon: Client, stp: Unit, later: Any) -> None:
    token, fields = open_form(anon, "/sipas/khao-sat/stp/")
    later(30)
    first = post_answers(anon, "/sipas/khao-sat/stp/", token, fields, ALL_FIVES)
    second = post_answers(anon, "/sipas/khao-sat/stp/", token, fields, ALL_FIVES)
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1


def test_an_answer_off_the_scale_is_refused(anon: Client, stp: Unit, later: Any) -> None:
    response = submit(anon, "stp", {"E1.1": "9"}, later)
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    assert Response.objects.count() == 0


def test_an_empty_form_is_refused_with_a_clear_message(anon: Client, stp: Unit, later: Any) -> None:
    response = submit(anon, "stp", {}, later)
    assert response.status_code == 400 and "chưa trả lời câu hỏi nào" in response.content.decode()


def test_too_many_choices_are_refused(anon: Client, stp: Unit, later: Any) -> None:
    response = submit(anon, "stp", {"E1.1": "4", "K1": ["1", "2", "3", "4"]}, later)
    assert response.status_code == 400 and "tối đa 3" in response.content.decode()


def test_identical_answers_from_the_same_client_on_the_same_day_are_flagged(
    anon: Client, stp: Unit, later: Any
) -> None:
    submit(anon, "stp", ALL_FIVES, later)
    submit(anon, "stp", ALL_FIVES, later)
    submit(anon, "stp", ALL_FIVES, later, ip="192.0.2.99")  # another client: not a duplicate
    statuses = list(Response.objects.order_by("pk").values_list("status", "flags"))
    assert statuses == [(Status.VALID, ""), (Status.FLAGGED, "duplicate"), (Status.VALID, "")]


def test_beyond_the_soft_limit_responses_are_flagged_and_beyond_the_hard_limit_refused(
    anon: Client, stp: Unit, later: Any, settings: Any
) -> None:
    settings.SIPAS_RATE_SOFT = 2
    settings.SIPAS_RATE_HARD = 3
    codes = ["1", "2", "3", "4"]
    results = [submit(anon, "stp", {"E1.1": c}, later).status_code for c in codes]
    assert results == [302, 302, 302, 429]
    assert list(Response.objects.order_by("pk").values_list("flags", flat=True)) == [
        "",
        "",
        "burst",
    ]
    # Another unit from the same client still has its own budget.
    assert submit(anon, "snv", {"E1.1": "5"}, later).status_code == 302


def test_the_client_address_is_the_one_the_proxy_saw_not_a_forged_header(
    anon: Client, stp: Unit, later: Any, settings: Any
) -> None:
    settings.SIPAS_RATE_HARD = 1
    settings.PROXY_COUNT = 1  # one nginx on this host, which appends the address it saw

    def through_proxy(forwarded: str) -> int:
        path = "/sipas/khao-sat/stp/"
        token, fields = open_form(anon, path)
        later(45)
        data = {"token": token, fields["E1.1"]: "5"}
        return anon.post(
            path, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert through_proxy("1.1.1.1, 203.0.113.7") == 302
    # Changing the forged left part does not make a new client.
    assert through_proxy("2.2.2.2, 203.0.113.7") == 429


def test_a_desk_qr_link_records_the_desk_and_the_qr_channel(
    anon: Client, stp: Unit, later: Any
) -> None:
    Desk.objects.create(unit=stp, code="quay-3", name="Quầy số 3")
    page = anon.get("/sipas/khao-sat/stp/?quay=quay-3")
    assert "Quầy số 3" in page.content.decode()
    submit(anon, "stp", ALL_FIVES, later, query="?quay=quay-3")
    stored = Response.objects.get()
    assert stored.channel == Channel.QR and present(stored.desk).code == "quay-3"


def test_kiosk_mode_resets_after_idle_time_and_after_each_response(
    anon: Client, stp: Unit, later: Any
) -> None:
    page = anon.get("/sipas/khao-sat/stp/kiosk/").content.decode()
    assert (
        'data-idle-seconds="90"' in page and 'data-reset-url="/sipas/khao-sat/stp/kiosk/"' in page
    )
    token, fields = form_token(page), field_names(page)
    later(30)
    response = post_answers(anon, "/sipas/khao-sat/stp/kiosk/", token, fields, ALL_FIVES)
    assert response["Location"] == "/sipas/khao-sat/stp/cam-on/?kiosk=1"
    thanks = anon.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in thanks and "url=/sipas/khao-sat/stp/kiosk/" in thanks
    assert Response.objects.get().channel == Channel.KIOSK


def test_a_registered_kiosk_is_not_rate_limited_but_its_answers_wait_for_review(
    anon: Client, stp: Unit, later: Any, settings: Any, people: dict, login: Any
) -> None:
    settings.SIPAS_RATE_SOFT = 1
    officer = login(people["unit"], Client())
    enrol = officer.post("/sipas/don-vi/stp/kiosk/", {"desk": ""})
    assert enrol.status_code == 302
    kiosk = Client()
    kiosk.cookies["sipas_kiosk"] = enrol.cookies["sipas_kiosk"].value
    for value in ["3", "4", "5"]:
        page = kiosk.get("/sipas/khao-sat/stp/kiosk/").content.decode()
        later(30)
        post_answers(
            kiosk,
            "/sipas/khao-sat/stp/kiosk/",
            form_token(page),
            field_names(page),
            {"E1.1": value},
        )
    # Not a burst (one every 30 s), but the unit's own kiosk: held for the reform office.
    assert list(Response.objects.values_list("flags", flat=True)) == ["own", "own", "own"]
    assert set(Response.objects.values_list("status", flat=True)) == {Status.FLAGGED}


def test_an_unknown_or_inactive_unit_has_no_form(anon: Client, stp: Unit) -> None:
    assert anon.get("/sipas/khao-sat/khong-co/").status_code == 404
    Unit.objects.filter(code="snv").update(active=False)
    assert anon.get("/sipas/khao-sat/snv/").status_code == 404


def test_the_public_can_find_a_unit_by_name(anon: Client, stp: Unit) -> None:
    html = anon.get("/sipas/khao-sat/", {"q": "Tư pháp"}).content.decode()
    assert 'href="/sipas/khao-sat/stp/"' in html and "Sở Nội vụ" not in html


def test_a_response_is_never_edited_only_excluded_with_a_reason_in_the_audit_trail(
    anon: Client, stp: Unit, later: Any, people: dict
) -> None:
    submit(anon, "stp", ALL_FIVES, later)
    stored = Response.objects.get()
    stored.procedure = "sửa lén"
    with pytest.raises(ImmutableResponse):
        stored.save()
    answer = present(stored.answers.first())
    answer.value = 1
    with pytest.raises(ImmutableResponse):
        answer.save()
    with pytest.raises(review.ReviewError):
        review.exclude(stored, "", people["admin"])
    review.exclude(stored, "Phiếu do cán bộ đơn vị tự điền", people["admin"])
    stored.refresh_from_db()
    assert stored.status == Status.EXCLUDED and stored.reviewed_by == people["admin"]
    assert not Answer.objects.filter(response=stored, counted=True).exists()
    entry = AuditEntry.objects.get(model="sipas.response", object_id=str(stored.pk))
    assert "Phiếu do cán bộ đơn vị tự điền" in entry.message and entry.changes["status"] == [
        "valid",
        "excluded",
    ]
    assert unit_sipas(stp, stored.month // 100) is None
