"""SIPAS 5 and criterion 1.7 on the unit's report form and as province figures: computed from the
petitions and dialogues registers, with where they come from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from parsipas.petitions import handling
from parsipas.petitions.models import Dialogue, Proposal
from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.reporting import computed
from parsipas.reporting.models import ReportingPeriod
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def plan(people: Any) -> dict[str, Any]:
    plan = Plan.objects.create(year=YEAR, title="Kế hoạch 2026", status=Plan.Status.PUBLISHED)
    stp = Unit.objects.get(code="stp")
    sipas = Node.objects.create(plan=plan, index="SIPAS", code="II", level="index", title="SIPAS")
    par = Node.objects.create(plan=plan, index="PAR", code="I", level="index", title="PAR")
    line5 = Node.objects.create(
        plan=plan, index="SIPAS", code="5", level="criterion", parent=sipas, order=5,
        title="Chỉ số hài lòng về việc tiếp nhận, xử lý phản ánh, kiến nghị",
    )  # fmt: skip
    c17 = Node.objects.create(
        plan=plan, index="PAR", code="1.7", level="criterion", parent=par, order=7,
        title="Đối thoại của lãnh đạo tỉnh với người dân, doanh nghiệp",
    )  # fmt: skip
    Target.objects.create(node=line5, order=0, op=">=", value=Decimal(100), unit="%",
                          text="100% các phản ánh, kiến nghị được giải quyết và trả lời kịp thời")  # fmt: skip
    Target.objects.create(node=c17, order=0, op="=", value=Decimal(2), unit="cuộc đối thoại",
                          text="tổ chức 02 cuộc đối thoại")  # fmt: skip
    Target.objects.create(node=c17, order=1, op=">=", value=Decimal(100), unit="%",
                          text="xử lý 100% các đề xuất, kiến nghị")  # fmt: skip
    line5.lead_units.set([Unit.objects.get(code="vpubnd")])
    c17.lead_units.set([Unit.objects.get(code="stc")])
    ReportingPeriod.create_defaults(YEAR)
    return {
        "line5": Assignment.objects.create(node=line5, unit=stp),
        "c17": Assignment.objects.create(node=c17, unit=stp),
        "stp": stp,
    }


def _records(stp: Unit, people: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 6, 30, 9, tzinfo=dt.UTC)):
        on_time = handling.receive(
            unit=stp, channel="web", content="a", received_on=dt.date(2026, 3, 2)
        )
        handling.answer(on_time, "ok", people["unit"], on=dt.date(2026, 3, 5))
        handling.publish(on_time, people["unit"], on=dt.date(2026, 3, 5))
        late = handling.receive(
            unit=stp, channel="web", content="b", received_on=dt.date(2026, 3, 2)
        )
        handling.answer(late, "muộn", people["unit"], on=dt.date(2026, 4, 10))
        handling.publish(late, people["unit"], on=dt.date(2026, 4, 10))
    d = Dialogue.objects.create(year=YEAR, held_on=dt.date(2026, 5, 20), title="Đối thoại DN",
                                chair="CT", format="meeting")  # fmt: skip
    Proposal.objects.create(dialogue=d, raised_by="A", content="x", unit=stp,
                            due_on=dt.date(2026, 6, 20), answered_on=dt.date(2026, 6, 1))  # fmt: skip
    Proposal.objects.create(
        dialogue=d, raised_by="B", content="y", unit=stp, due_on=dt.date(2026, 6, 20)
    )


def test_the_report_form_shows_sipas_5_and_1_7_from_the_registers(
    plan: dict[str, Any], people: Any, login: Any
) -> None:
    _records(plan["stp"], people)
    c = login(people["unit"])
    page = c.get(f"/bao-cao/{YEAR}/Y/nhiem-vu/{plan['line5'].pk}/").content.decode()
    assert "Sổ phản ánh, kiến nghị" in page and "1/2 phản ánh đúng hạn" in page
    page = c.get(f"/bao-cao/{YEAR}/Y/nhiem-vu/{plan['c17'].pk}/").content.decode()
    assert "1/2 đề xuất đã trả lời" in page


def test_province_figures_count_the_dialogues_and_every_petition(
    plan: dict[str, Any], people: Any
) -> None:
    _records(plan["stp"], people)
    items = {i.key: i for i in computed.province_figures(computed.Window.of_year(YEAR))}
    assert items["SIPAS:5#0"].value == Decimal("50.00") and items["SIPAS:5#0"].rows == 2
    assert items["PAR:1.7#0"].value == Decimal(1)
    assert items["PAR:1.7#1"].value == Decimal("50.00")
