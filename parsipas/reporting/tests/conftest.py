"""A small published plan built with the ORM, and its four periods around today.

PAR index → field 1 (Sở Nội vụ leads) → criteria 1.1, 1.2 (target ≥ 100 %), 1.8 (Văn phòng UBND
tỉnh leads, target 90–100 %); field 2 → criteria 2.1 (increase, summed), 2.2 (≥ 3 sáng kiến,
summed), 2.3 (≥ 98 %, province figure entered by the lead). Implementers: Sở Tư pháp (stp),
Sở Tài chính (stc) and Phường Buôn Ma Thuột (bmt).
The current period is "Năm" (Y): due in 5 days. Q1–Q3 are past due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.reporting.models import ReportingPeriod
from parsipas.units.models import Unit

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class SmallPlan:
    plan: Plan
    nodes: dict[str, Node]
    targets: dict[str, Target]
    units: dict[str, Unit]
    periods: dict[str, ReportingPeriod]

    def assignment(self, code: str, unit: str) -> Assignment:
        return Assignment.objects.get(node=self.nodes[code], unit=self.units[unit])

    @property
    def current(self) -> ReportingPeriod:
        return self.periods["Y"]


def _node(
    plan: Plan, code: str, level: str, parent: Node | None, order: int, title: str, **kw: Any
) -> Node:
    return Node.objects.create(
        plan=plan,
        index="PAR",
        code=code,
        level=level,
        parent=parent,
        order=order,
        title=title,
        **kw,
    )


@pytest.fixture
def small_plan(people: dict[str, Any]) -> SmallPlan:
    today = timezone.localdate()
    plan = Plan.objects.create(
        year=today.year,
        title=f"Kế hoạch CCHC {today.year}",
        status=Plan.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    unit = Unit.objects.get
    units = {
        "snv": unit(code="snv"),
        "vpubnd": unit(code="vpubnd"),
        "stp": unit(code="stp"),
        "stc": unit(code="stc"),
        "bmt": unit(code="phuong-buon-ma-thuot"),
    }
    root = _node(plan, "I", "index", None, 0, "CHỈ SỐ PAR INDEX")
    f1 = _node(plan, "1", "field", root, 1, "Công tác chỉ đạo, điều hành CCHC")
    f2 = _node(plan, "2", "field", root, 10, "Cải cách thể chế")
    deadline_past = today - dt.timedelta(days=10)
    nodes = {
        "I": root,
        "1": f1,
        "2": f2,
        "1.1": _node(
            plan,
            "1.1",
            "criterion",
            f1,
            2,
            "Thực hiện kế hoạch CCHC",
            content="Hoàn thành 100% nhiệm vụ được giao.",
            deadline=today + dt.timedelta(days=30),
        ),
        "1.2": _node(
            plan,
            "1.2",
            "criterion",
            f1,
            3,
            "Thực hiện chế độ báo cáo CCHC",
            content="100% các báo cáo CCHC định kỳ đúng hạn.",
            deadline_by_authority=True,
        ),
        "1.8": _node(
            plan,
            "1.8",
            "criterion",
            f1,
            4,
            "Thực hiện nhiệm vụ được Chính phủ giao",
            content="Hoàn thành từ 90% - 100% nhiệm vụ.",
            deadline=deadline_past,
        ),
        "2.1": _node(
            plan,
            "2.1",
            "criterion",
            f2,
            11,
            "Theo dõi thi hành pháp luật",
            content="Số văn bản được kiểm tra tăng so với năm trước.",
        ),
        "2.2": _node(
            plan, "2.2", "criterion", f2, 12, "Sáng kiến CCHC", content="Từ 03 sáng kiến trở lên."
        ),
        "2.3": _node(
            plan,
            "2.3",
            "criterion",
            f2,
            13,
            "Tỷ lệ văn bản đúng hạn",
            content="Từ 98% văn bản ban hành đúng hạn.",
        ),
    }
    for code in ("1", "1.1", "1.2", "2", "2.1", "2.2", "2.3"):
        nodes[code].lead_units.add(units["snv"])
    nodes["1.8"].lead_units.add(units["vpubnd"])
    S, SUM, PROV = Target.Aggregation.SHARE, Target.Aggregation.SUM, Target.Aggregation.PROVINCE
    targets = {
        "1.2": Target.objects.create(
            node=nodes["1.2"],
            text="100% các báo cáo CCHC định kỳ đúng hạn",
            op=">=",
            value=Decimal(100),
            unit="%",
            aggregation=S,
        ),
        "1.8": Target.objects.create(
            node=nodes["1.8"],
            text="từ 90% - 100% nhiệm vụ",
            op="between",
            value=Decimal(90),
            value_max=Decimal(100),
            unit="%",
            aggregation=S,
        ),
        "2.1": Target.objects.create(
            node=nodes["2.1"],
            text="tăng so với năm trước",
            op="increase",
            unit="văn bản",
            aggregation=SUM,
        ),
        "2.2": Target.objects.create(
            node=nodes["2.2"],
            text="từ 03 sáng kiến trở lên",
            op=">=",
            value=Decimal(3),
            unit="sáng kiến",
            aggregation=SUM,
        ),
        "2.3": Target.objects.create(
            node=nodes["2.3"],
            text="từ 98% văn bản ban hành đúng hạn",
            op=">=",
            value=Decimal(98),
            unit="%",
            aggregation=PROV,
        ),
    }
    for code in ("1.1", "1.2", "2.1", "2.2", "2.3"):
        for u in ("stp", "stc", "bmt"):
            Assignment.objects.create(node=nodes[code], unit=units[u])
    for u in ("stp", "stc"):
        Assignment.objects.create(node=nodes["1.8"], unit=units[u])
    periods = {}
    offsets = {"Q1": -270, "Q2": -180, "Q3": -90, "Y": 5}
    names = dict(ReportingPeriod.Code.choices)
    for code, offset in offsets.items():
        due = today + dt.timedelta(days=offset)
        periods[code] = ReportingPeriod.objects.create(
            year=today.year,
            code=code,
            name=names[code],
            start=due - dt.timedelta(days=95),
            end=due - dt.timedelta(days=5),
            due_date=due,
            lead_due_date=due + dt.timedelta(days=5),
            state=ReportingPeriod.State.OPEN,
            auto_state=False,
        )
    return SmallPlan(plan, nodes, targets, units, periods)


@pytest.fixture
def stc_officer(small_plan: SmallPlan, make_user: Any) -> Any:
    return make_user("t.unit.stc", "unit", small_plan.units["stc"])


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def report_path(sp: SmallPlan, code: str, unit: str, period: str = "Y", suffix: str = "") -> str:
    p = sp.periods[period]
    return f"/bao-cao/{p.year}/{p.code}/nhiem-vu/{sp.assignment(code, unit).pk}/{suffix}"


def report_data(version: int = 0, **fields: Any) -> dict[str, Any]:
    data = {
        "version": version,
        "status": "in_progress",
        "narrative": "",
        "difficulties": "",
        "proposals": "",
        "no_evidence_reason": "",
        "action": "save",
    }
    data.update(fields)
    return data


def pdf_upload(name: str = "ke-hoach.pdf", content: bytes = PDF_BYTES) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
