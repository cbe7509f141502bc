"""A published 2026 plan with the criteria the registers feed, their real target sentences and
leads, assigned to Sở Tư pháp (stp) and Phường Buôn Ma Thuột (bmt); the four periods of 2026.

Leads as in the seed plan: Sở Nội vụ 1.3, 1.4 (with Thanh tra tỉnh and Văn phòng UBND tỉnh),
1.6, 4.8, 4.9; Văn phòng UBND tỉnh 1.8, 3.7, 3.8.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.registers import services
from parsipas.registers.models import Finding, Inspection, InspectionKind
from parsipas.reporting.models import ReportingPeriod
from parsipas.units.models import Unit

YEAR = 2026
CRITERIA = {
    # code: (lead codes, [(op, value, unit, text)])
    "1.3": (("snv",), [(">=", 30, "%", "Trong năm 2026 phải thực hiện kiểm tra CCHC ít nhất là 30% số cơ quan, đơn vị theo quy định.")]),
    "1.4": (("snv", "ttt", "vpubnd"), [
        (">=", 100, "%", "Các cơ quan, đơn vị, địa phương được kiểm tra phải triển khai triệt để 100% các vấn đề phát hiện sau kiểm tra."),
        (">=", 100, "%", "Sở Nội vụ, Thanh tra tỉnh, Văn phòng UBND tỉnh theo dõi, đôn đốc khắc phục triệt để 100% các vấn đề phát hiện qua kiểm tra."),
    ]),
    "1.6": (("snv",), [(">=", 3, "sáng kiến", "Trong năm 2026 tỉnh phải có từ 03 sáng kiến CCHC trở lên được UBND tỉnh phê duyệt.")]),
    "1.8": (("vpubnd",), [(">=", 100, "%", "Hoàn thành 100% các nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao.")]),
    "3.7": (("vpubnd",), [
        (">=", 50, "TTHC", "Đạt từ 50 TTHC hoặc nhóm TTHC trở lên được giải quyết theo hình thức liên thông cùng cấp"),
        (">=", 30, "TTHC", "Đạt từ 30 TTHC hoặc nhóm TTHC trở lên được giải quyết theo hình thức liên thông giữa các cấp."),
    ]),
    "3.8": (("vpubnd",), [(">=", 98, "%", "Từng cấp tỉnh, cấp xã đạt từ 98% hồ sơ TTHC trở lên tiếp nhận trong năm 2026 được giải quyết đúng hạn.")]),
    "4.8": (("snv",), []),
    "4.9": (("snv",), [(">=", 100, "%", "100% số vấn đề phát hiện qua kiểm tra việc thực hiện nhiệm vụ quản lý nhà nước đã phân cấp, phân quyền phải được xử lý.")]),
}  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "van-ban.pdf", marker: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + marker.encode(), content_type="application/pdf")


def stream(marker: str = "") -> io.BytesIO:
    return io.BytesIO(PDF + marker.encode())


@dataclass
class World:
    plan: Plan
    nodes: dict[str, Node]
    units: dict[str, Unit]
    periods: dict[str, ReportingPeriod]
    people: dict[str, Any]

    def assignment(self, code: str, unit: str = "stp") -> Assignment:
        return Assignment.objects.get(node=self.nodes[code], unit=self.units[unit])

    def target(self, code: str, order: int = 0) -> Target:
        return self.nodes[code].targets.get(order=order)

    def inspect(
        self,
        unit: str = "stp",
        findings: int = 2,
        kind: str = InspectionKind.CCHC,
        start: dt.date = dt.date(YEAR, 3, 2),
    ) -> Inspection:
        inspection = Inspection(
            year=YEAR,
            unit=self.units[unit],
            kind=kind,
            team_unit=self.units["snv"],
            start_date=start,
            end_date=start + dt.timedelta(days=2),
        )
        due = start + dt.timedelta(days=40)
        return services.record_inspection(
            self.people["lead"],
            inspection,
            [(f"Vấn đề số {n + 1}", due) for n in range(findings)],
        )

    def remediate(self, finding: Finding, day: dt.date = dt.date(YEAR, 4, 10)) -> Finding:
        inspection = finding.inspection
        officer = self.people["unit" if inspection.unit.code == "stp" else "commune"]
        if not inspection.has_remediation_plan:
            services.file_remediation_plan(
                officer, inspection, "12/KH", day, stream(f"plan{inspection.pk}"), "kh.pdf"
            )
            finding.inspection.refresh_from_db()
        return services.report_remediation(
            officer, finding, "Đã khắc phục", day, stream(f"fix{finding.pk}"), "kp.pdf"
        )


@pytest.fixture
def world(people: dict[str, Any], settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    plan = Plan.objects.create(year=YEAR, title="Kế hoạch 2026", status=Plan.Status.PUBLISHED)
    unit = Unit.objects.get
    units = {code: unit(code=code) for code in ("snv", "ttt", "vpubnd", "stp", "stc")}
    units["bmt"] = unit(code="phuong-buon-ma-thuot")
    root = Node.objects.create(plan=plan, index="PAR", code="I", level="index", title="PAR")
    nodes = {}
    for order, (code, (leads, targets)) in enumerate(CRITERIA.items(), start=1):
        node = Node.objects.create(
            plan=plan,
            index="PAR",
            code=code,
            level="criterion",
            parent=root,
            order=order,
            title=f"Tiêu chí {code}",
            content=" ".join(t[3] for t in targets),
            deadline=dt.date(YEAR, 12, 31),
        )
        node.lead_units.set([units[c] for c in leads])
        for t_order, (op, value, t_unit, text) in enumerate(targets):
            Target.objects.create(
                node=node, order=t_order, op=op, value=Decimal(value), unit=t_unit, text=text
            )
        for u in ("stp", "bmt"):
            Assignment.objects.create(node=node, unit=units[u])
        nodes[code] = node
    ReportingPeriod.create_defaults(YEAR)
    periods = {p.code: p for p in ReportingPeriod.objects.filter(year=YEAR)}
    return World(plan, nodes, units, periods, people)
