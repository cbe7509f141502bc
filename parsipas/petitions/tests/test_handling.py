"""The unit concerned handles its petitions step by step; Văn phòng UBND tỉnh oversees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from parsipas.petitions import handling
from parsipas.petitions.models import Petition, State
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db


def _petition(unit: Unit, received_on: dt.date | None = None) -> Petition:
    return handling.receive(
        unit=unit,
        channel="phone",
        content="Cán bộ một cửa hẹn trả kết quả nhiều lần.",
        sender=handling.Sender("Trần Văn B", "0912000111", "b@example.invalid"),
        received_on=received_on,
    )


@pytest.fixture
def petition(people: Any) -> Petition:
    return _petition(people["unit"].unit)


def test_the_unit_classifies_answers_and_publishes(
    petition: Petition, people: Any, login: Any
) -> None:
    c = login(people["unit"])
    base = f"/phan-anh/quan-ly/{petition.code}/"
    page = c.get(base).content.decode()
    assert "Trần Văn B" in page and "0912000111" in page
    c.post(base + "phan-loai/", {"subject": "procedure", "in_scope": "1"})
    c.post(base + "tra-loi/", {"text": "Đã chấn chỉnh cán bộ.", "doc_number": "12/STP-VP"})
    petition.refresh_from_db()
    assert petition.state == State.HANDLED and petition.answer_doc_number == "12/STP-VP"
    c.post(base + "cong-khai/")
    petition.refresh_from_db()
    assert petition.state == State.PUBLISHED
    assert [e.action for e in petition.events.all()] == [
        "received",
        "classified",
        "handled",
        "published",
    ]


def test_refusal_needs_a_reason(petition: Petition, people: Any, login: Any) -> None:
    c = login(people["unit"])
    base = f"/phan-anh/quan-ly/{petition.code}/"
    response = c.post(base + "tu-choi/", {"text": ""}, follow=True)
    assert "This field is required" not in response.content.decode()
    petition.refresh_from_db()
    assert petition.state == State.RECEIVED
    c.post(base + "tu-choi/", {"text": "Nội dung đã được giải quyết theo đơn trước."})
    petition.refresh_from_db()
    assert petition.state == State.REFUSED and petition.refused_on is not None


def test_forwarding_restarts_the_clock_and_moves_the_petition(people: Any, login: Any) -> None:
    stp = people["unit"].unit
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        petition = _petition(stp)
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, tzinfo=dt.UTC)):
        c = login(people["unit"])
        bmt = Unit.objects.get(code="phuong-buon-ma-thuot")
        response = c.post(
            f"/phan-anh/quan-ly/{petition.code}/chuyen/", {"unit": bmt.pk, "note": "Thuộc phường"}
        )
        assert response.status_code == 302
        petition.refresh_from_db()
        assert petition.unit == bmt and petition.clock_start == dt.date(2026, 3, 9)
        # The first unit no longer sees it; the ward does.
        assert c.get(f"/phan-anh/quan-ly/{petition.code}/").status_code == 404
        ward = login(people["commune"], Client())
        assert ward.get(f"/phan-anh/quan-ly/{petition.code}/").status_code == 200
        assert petition.events.filter(action="forwarded", from_unit=stp).exists()


def test_a_date_before_receipt_is_refused(petition: Petition, people: Any) -> None:
    with pytest.raises(handling.HandlingError, match="trước ngày tiếp nhận"):
        handling.answer(
            petition, "x", people["unit"], on=petition.received_on - dt.timedelta(days=1)
        )
    petition.refresh_from_db()
    assert petition.state == State.RECEIVED


def test_a_closed_petition_takes_no_more_steps(petition: Petition, people: Any) -> None:
    handling.answer(petition, "Đã trả lời.", people["unit"])
    with pytest.raises(handling.HandlingError):
        handling.refuse(petition, "muộn", people["unit"])


def test_staff_record_a_phone_petition(people: Any, login: Any) -> None:
    c = login(people["unit"])
    stp = people["unit"].unit
    response = c.post(
        "/phan-anh/quan-ly/them/",
        {
            "unit": stp.pk,
            "channel": "phone",
            "received_on": "2026-03-02",
            "content": "Người dân gọi điện phản ánh chậm trả kết quả.",
            "sender_name": "",
            "sender_phone": "",
            "sender_email": "",
        },
    )
    assert response.status_code == 302
    p = Petition.objects.get()
    assert p.channel == "phone" and p.received_on == dt.date(2026, 3, 2) and p.created_by


def test_personal_data_is_erased_after_the_retention_period(
    petition: Petition, people: Any
) -> None:
    handling.answer(petition, "Đã trả lời.", people["unit"])
    assert handling.erase_personal_data(petition.received_on) == 0
    assert handling.erase_personal_data(petition.received_on + dt.timedelta(days=1)) == 1
    petition.refresh_from_db()
    assert petition.sender_name == petition.sender_phone == petition.sender_email == ""
    assert petition.personal_erased_at is not None
    assert petition.events.filter(action="erased").exists()
    from parsipas.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_id=str(petition.pk)).exists()
