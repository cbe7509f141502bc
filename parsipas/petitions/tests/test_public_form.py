"""A citizen sends a petition without logging in; floods and fakes are refused, nothing half-stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from parsipas.petitions.models import Attachment, Petition
from parsipas.petitions.tests.conftest import PDF, petition_data
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def stp(registry: None) -> Unit:
    return Unit.objects.get(code="stp")


def test_a_citizen_sends_a_petition_and_gets_a_tracking_code(client: Client, stp: Unit) -> None:
    data = petition_data(client, stp, files=[SimpleUploadedFile("anh.pdf", PDF)])
    response = client.post("/phan-anh/", data)
    assert response.status_code == 200
    page = response.content.decode()
    petition = Petition.objects.get()
    assert petition.code in page
    assert f"/phan-anh/tra-cuu/{petition.code}/" in page
    assert petition.unit == stp and petition.channel == "web"
    assert petition.clock_start == petition.received_on
    assert petition.client_hash and "127.0.0.1" not in petition.client_hash
    assert Attachment.objects.filter(petition=petition).count() == 1
    assert petition.events.get().action == "received"


def test_the_form_is_phone_first_and_says_who_sees_the_contact(client: Client, stp: Unit) -> None:
    page = client.get("/phan-anh/").content.decode()
    assert "chỉ cơ quan xử lý được xem" in page
    assert 'name="website"' in page  # the honeypot


def test_a_contact_is_required(client: Client, stp: Unit) -> None:
    response = client.post("/phan-anh/", petition_data(client, stp, sender_phone=""))
    assert response.status_code == 400
    assert "số điện thoại hoặc thư điện tử" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_disguised_file_is_refused_and_nothing_is_stored(client: Client, stp: Unit) -> None:
    fake = SimpleUploadedFile("bien-ban.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post("/phan-anh/", petition_data(client, stp, files=[fake]))
    assert response.status_code == 400
    assert "bien-ban.pdf" in response.content.decode()
    assert not Petition.objects.exists() and not Attachment.objects.exists()


def test_oversized_content_is_refused(client: Client, stp: Unit) -> None:
    response = client.post("/phan-anh/", petition_data(client, stp, content="x" * 5001))
    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_the_honeypot_drops_bots_silently(client: Client, stp: Unit) -> None:
    response = client.post("/phan-anh/", petition_data(client, stp, website="http://spam"))
    assert response.status_code == 200
    assert not Petition.objects.exists()


def test_a_forged_or_missing_token_is_refused(client: Client, stp: Unit) -> None:
    for token in ("", "forged:token"):
        response = client.post("/phan-anh/", petition_data(client, stp, token=token))
        assert response.status_code == 400
    assert not Petition.objects.exists()


def test_a_form_sent_twice_is_stored_once(client: Client, stp: Unit) -> None:
    data = petition_data(client, stp)
    assert client.post("/phan-anh/", data).status_code == 200
    assert client.post("/phan-anh/", data).status_code == 409
    assert Petition.objects.count() == 1


def test_a_form_filled_faster_than_a_person_can_is_refused(
    client: Client, stp: Unit, settings: Any
) -> None:
    settings.PETITION_MIN_FILL_SECONDS = 30
    response = client.post("/phan-anh/", petition_data(client, stp))
    assert response.status_code == 400
    assert "quá nhanh" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_flood_from_one_client_gets_429(client: Client, stp: Unit, settings: Any) -> None:
    settings.PETITION_HOURLY_LIMIT = 3
    codes = [client.post("/phan-anh/", petition_data(client, stp)).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert Petition.objects.count() == 3


def test_a_stranger_with_the_code_sees_the_status_and_nothing_personal(
    client: Client, stp: Unit
) -> None:
    client.post("/phan-anh/", petition_data(client, stp))
    petition = Petition.objects.get()
    stranger = Client()
    page = stranger.get(f"/phan-anh/tra-cuu/?ma={petition.code}").content.decode()
    assert "Đã tiếp nhận" in page and stp.name in page
    for private in ("Nguyễn Thị Lan", "0905 123 456", "không ai trả lời điện thoại"):
        assert private not in page
    wrong_key = stranger.get(f"/phan-anh/tra-cuu/{petition.code}/not-the-key/")
    assert wrong_key.status_code == 302
    assert "Không tìm thấy" in stranger.get("/phan-anh/tra-cuu/?ma=PA26-NOPE99").content.decode()


def test_the_sender_rates_the_answer_once(client: Client, stp: Unit, people: Any) -> None:
    from parsipas.petitions import handling

    response = client.post("/phan-anh/", petition_data(client, stp))
    link = re.search(r'id="sender-link">[^<]*(/phan-anh/tra-cuu/[^<]+)<', response.content.decode())
    assert link
    path = link.group(1)
    petition = Petition.objects.get()
    page = client.get(path).content.decode()
    assert "không ai trả lời điện thoại" in page and "rating-form" not in page
    handling.answer(petition, "Hồ sơ đã được trả kết quả ngày 10.", people["unit"])
    page = client.get(path).content.decode()
    assert "Hồ sơ đã được trả kết quả" in page and "rating-form" in page
    assert client.post(path, {"satisfied": "1", "comment": "Cảm ơn"}).status_code == 302
    petition.refresh_from_db()
    assert petition.rating is True and petition.rating_comment == "Cảm ơn"
    client.post(path, {"satisfied": "0"})
    petition.refresh_from_db()
    assert petition.rating is True  # rated once


def test_a_unit_added_after_start_up_is_offered_in_the_form(client: Client, stp: Unit) -> None:
    client.get("/phan-anh/")
    Unit.objects.create(code="xa-moi", name="Xã Mới Thành Lập", kind="xa")
    assert "Xã Mới Thành Lập" in client.get("/phan-anh/").content.decode()


def test_the_procedure_catalogue_is_offered_as_suggestions(client: Client, stp: Unit) -> None:
    from parsipas.dossiers.models import Procedure

    Procedure.objects.create(code="1.001", name="Đăng ký khai tử", level="commune")
    page = client.get("/phan-anh/").content.decode()
    assert 'list="procedure-list"' in page and '<option value="Đăng ký khai tử">' in page
