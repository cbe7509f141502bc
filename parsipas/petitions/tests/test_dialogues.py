"""Dialogues of criterion 1.7: the owner records them and assigns proposals; units answer theirs."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from parsipas.accounts.models import Role
from parsipas.petitions.models import Dialogue, Proposal
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(people: Any, make_user: Any) -> Any:
    # Without a published plan, the setting names Sở Tài chính (the 2026 plan's lead of 1.7).
    return make_user("t.lead.stc", Role.LEAD, Unit.objects.get(code="stc"))


def test_the_owner_records_a_dialogue_and_a_unit_answers_its_proposal(
    owner: Any, people: Any, login: Any
) -> None:
    c = login(owner)
    response = c.post(
        "/doi-thoai/",
        {
            "held_on": "2026-06-15",
            "title": "Hội nghị đối thoại với doanh nghiệp",
            "chair": "Chủ tịch UBND tỉnh",
            "participants": "120 doanh nghiệp",
            "format": "meeting",
            "minutes_number": "45/TB-UBND",
        },
    )
    assert response.status_code == 302
    dialogue = Dialogue.objects.get()
    assert dialogue.year == 2026
    stp = Unit.objects.get(code="stp")
    response = c.post(
        f"/doi-thoai/{dialogue.pk}/",
        {
            "raised_by": "Công ty ABC",
            "content": "Rút ngắn thời gian công chứng.",
            "unit": stp.pk,
            "due_on": "2026-06-01",
        },
    )
    assert response.status_code == 200 and not Proposal.objects.exists()  # due before the dialogue
    c.post(
        f"/doi-thoai/{dialogue.pk}/",
        {
            "raised_by": "Công ty ABC",
            "content": "Rút ngắn thời gian công chứng.",
            "unit": stp.pk,
            "due_on": "2026-07-15",
        },
    )
    proposal = Proposal.objects.get()
    officer = login(people["unit"], Client())
    desk = officer.get("/doi-thoai/").content.decode()
    assert "Rút ngắn thời gian công chứng" in desk
    response = officer.post(
        f"/doi-thoai/de-xuat/{proposal.pk}/tra-loi/",
        {"text": "Đã giảm còn 2 ngày.", "doc_number": "9/STP", "answered_on": "2026-07-01"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.answered_on == dt.date(2026, 7, 1)
    out = StringIO()
    call_command("dialogues", "figures", "--year", "2026", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"dialogues": 1, "proposals": 1, "answered": 1, "late": 0}


@pytest.mark.parametrize("role", ["unit", "commune", "viewer", "lead"])
def test_others_cannot_record_dialogues_or_answer_others_proposals(
    role: str, owner: Any, people: Any, login: Any
) -> None:
    dialogue = Dialogue.objects.create(
        year=2026, held_on=dt.date(2026, 6, 15), title="Diễn đàn", chair="PCT", format="forum"
    )
    bmt = Unit.objects.get(code="phuong-buon-ma-thuot")
    proposal = Proposal.objects.create(
        dialogue=dialogue,
        raised_by="Hộ kinh doanh",
        content="Cấp phép",
        unit=bmt,
        due_on=dt.date(2026, 7, 1),
    )
    c = login(people[role])
    response = c.post(
        "/doi-thoai/",
        {"held_on": "2026-06-20", "title": "x", "chair": "y", "format": "forum"},
    )
    assert response.status_code == 403
    if role != "commune":
        answer = c.post(
            f"/doi-thoai/de-xuat/{proposal.pk}/tra-loi/",
            {"text": "x", "answered_on": "2026-06-20"},
        )
        assert answer.status_code in (403, 404)
    proposal.refresh_from_db()
    assert proposal.answered_on is None or role == "commune"
    assert Dialogue.objects.count() == 1
