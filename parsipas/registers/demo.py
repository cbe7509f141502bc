"""Demo rows for every register (`parsipas demo`), then the demo reports' computed figures brought
in line with them, so that dashboards, report forms and the PAR projection show the same numbers.

Deterministic for a given `random.Random`; runs once per year (a year with inspections is kept as
it is) but always re-aligns the reports' figures, which the reports demo may have just rewritten.
The story: about a third of the agencies and communes are planned for a CCHC inspection and most
of them inspected by the reference date, each with its own notice and two to four findings, most
remediated; a dozen communes inspected on decentralised tasks; four initiatives recognised, one
piloted; about thirty Government tasks, a few late or overdue; 52 procedures inter-linked at the
same level (target ≥ 50) and 27 between levels (target ≥ 30, not met yet).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from parsipas.audit.tracking import record_event
from parsipas.registers.models import (
    ConclusionNotice,
    Finding,
    GovernmentTask,
    Initiative,
    Inspection,
    InspectionKind,
    InspectionPlanItem,
    LinkedProcedure,
)
from parsipas.registers.services import _notice_key, store_file
from parsipas.units.models import COMMUNE_KINDS, Unit, UnitKind

FINDINGS = [
    "Chưa ban hành kế hoạch CCHC năm đúng thời hạn quy định.",
    "Chưa niêm yết công khai đầy đủ TTHC tại Bộ phận Một cửa.",
    "Tỷ lệ hồ sơ được số hóa kết quả giải quyết còn thấp.",
    "Còn hồ sơ trễ hạn chưa thực hiện thư xin lỗi người dân.",
    "Chưa cập nhật đầy đủ tài liệu kiểm chứng báo cáo CCHC định kỳ.",
    "Việc tiếp nhận, xử lý phản ánh, kiến nghị chưa đúng thời hạn.",
    "Chưa bố trí công chức đủ điều kiện làm việc tại Bộ phận Một cửa.",
]
DECENTRALISED_FINDINGS = [
    "Chưa thực hiện đầy đủ nhiệm vụ quản lý đất đai đã được phân cấp.",
    "Chưa ban hành quy chế phối hợp thực hiện nhiệm vụ được phân quyền.",
    "Báo cáo kết quả thực hiện nhiệm vụ phân cấp chưa đúng thời hạn.",
]
INITIATIVES = [
    ("Số hóa quy trình tiếp nhận hồ sơ đất đai bằng mã QR", "recognised"),
    ("Bộ phận Một cửa lưu động tại thôn, buôn vùng sâu", "recognised"),
    ("Trợ lý ảo hướng dẫn thủ tục hành chính trên Zalo", "piloted"),
    ("Chấm điểm mức độ hài lòng tại quầy bằng máy tính bảng", "recognised"),
    ("Liên thông cấp phiếu lý lịch tư pháp qua bưu điện", "recognised"),
    ("Sổ tay điện tử CCHC cho cán bộ cấp xã", "proposed"),
    ("Nhắc hạn xử lý hồ sơ qua tin nhắn cho công chức", "rejected"),
]
ISSUERS = ["Văn phòng Chính phủ", "Thủ tướng Chính phủ", "Chính phủ"]
TASKS = [
    "Rà soát, cắt giảm thành phần hồ sơ TTHC thuộc thẩm quyền",
    "Báo cáo tình hình triển khai Đề án 06 trên địa bàn tỉnh",
    "Hoàn thành kết nối Hệ thống thông tin giải quyết TTHC với Cổng DVC quốc gia",
    "Đẩy mạnh giải ngân vốn đầu tư công",
    "Triển khai thanh toán trực tuyến nghĩa vụ tài chính đất đai",
    "Báo cáo kết quả sắp xếp đơn vị hành chính cấp xã",
    "Tổ chức thực hiện phân cấp, phân quyền theo Nghị định của Chính phủ",
    "Rà soát văn bản quy phạm pháp luật về chính quyền địa phương hai cấp",
]
PROCEDURE_GROUPS = [
    "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ dưới 6 tuổi",
    "Đăng ký khai tử, xóa đăng ký thường trú, hưởng mai táng phí",
    "Cấp giấy chứng nhận quyền sử dụng đất và đăng ký biến động",
    "Cấp giấy phép xây dựng và thẩm định thiết kế",
    "Thành lập doanh nghiệp và đăng ký con dấu",
    "Cấp phiếu lý lịch tư pháp",
]


def _pdf(text: str) -> io.BytesIO:
    body = f"%PDF-1.4\n% parsipas demo: {text}\n%%EOF\n".encode()
    return io.BytesIO(body)


def _file(text: str, name: str) -> Any:
    return store_file(_pdf(text), name, None)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def reference_date(year: int) -> dt.date:
    today = timezone.localdate()
    return today if today.year == year else dt.date(year, 11, 20)


def generate(year: int, rng: random.Random) -> dict[str, int]:
    """Fill the registers of `year` (once) and align the demo reports' computed figures."""
    counts: dict[str, int] = {}
    if not Inspection.objects.filter(year=year).exists():
        with transaction.atomic():
            counts = _fill(year, rng, reference_date(year))
            record_event(
                f"Tạo dữ liệu minh họa các sổ theo dõi năm {year}: "
                + ", ".join(f"{n} {k}" for k, n in counts.items())
                + "."
            )
    from parsipas.reporting.models import ReportingPeriod
    from parsipas.reporting.workflow import refresh_computed_figures

    counts["figures"] = sum(
        refresh_computed_figures(p) for p in ReportingPeriod.objects.filter(year=year)
    )
    return counts


def _fill(year: int, rng: random.Random, today: dt.date) -> dict[str, int]:
    units = list(Unit.objects.filter(active=True).order_by("kind", "code"))
    by_code = {u.code: u for u in units}
    agencies = [u for u in units if u.kind == UnitKind.AGENCY]
    communes = [u for u in units if u.kind in COMMUNE_KINDS]
    snv = by_code.get("snv") or agencies[0]
    ttt = by_code.get("ttt") or snv
    vpubnd = by_code.get("vpubnd") or snv
    counts = dict.fromkeys(("kế hoạch kiểm tra", "cuộc kiểm tra", "vấn đề", "sáng kiến", "nhiệm vụ", "TTHC liên thông"), 0)  # fmt: skip

    # inspections: a third of each group planned, the demo login units among them
    planned = rng.sample(agencies, max(1, round(len(agencies) * 0.4)))
    planned += rng.sample(communes, max(1, round(len(communes) * 0.34)))
    for code in ("stp", "phuong-buon-ma-thuot"):
        if code in by_code and by_code[code] not in planned:
            planned.append(by_code[code])
    last_month = max(1, min(11, today.month - 1))
    for unit in planned:
        month = rng.randint(3, 11)
        InspectionPlanItem.objects.create(
            year=year, unit=unit, kind=InspectionKind.CCHC, team_unit=rng.choice([snv, snv, ttt]), planned_month=month
        )  # fmt: skip
        counts["kế hoạch kiểm tra"] += 1
    plan_items = list(InspectionPlanItem.objects.filter(year=year, kind=InspectionKind.CCHC))
    for item in plan_items:
        if item.planned_month > last_month and item.unit.code not in (
            "stp",
            "phuong-buon-ma-thuot",
        ):
            continue  # not done yet
        month = min(item.planned_month, last_month)
        _inspect(year, item, month, rng, today, FINDINGS, counts)
    decentralised = rng.sample(communes, min(len(communes), 14))
    for unit in decentralised:
        item = InspectionPlanItem.objects.create(
            year=year, unit=unit, kind=InspectionKind.DECENTRALISED, team_unit=snv, planned_month=rng.randint(4, 11)
        )  # fmt: skip
        counts["kế hoạch kiểm tra"] += 1
        if item.planned_month <= last_month:
            _inspect(year, item, item.planned_month, rng, today, DECENTRALISED_FINDINGS, counts)

    # initiatives
    proposers = rng.sample(units, len(INITIATIVES))
    for (title, status), unit in zip(INITIATIVES, proposers, strict=True):
        proposed = dt.date(year, rng.randint(1, 5), rng.randint(1, 28))
        counted = status in Initiative.COUNTED
        decided = _day(rng, proposed + dt.timedelta(days=30), min(today, dt.date(year, 10, 31)))
        Initiative.objects.create(
            year=year, unit=unit, title=title, proposed_on=proposed, status=status,
            summary="Giải pháp giúp giảm thời gian, chi phí thực hiện TTHC cho người dân.",
            decision_number=f"{rng.randint(1000, 2999)}/QĐ-UBND" if counted else "",
            decision_date=decided if counted or status == "rejected" else None,
            central_body="Bộ Nội vụ" if status == "piloted" else "",
            replicated=status == "recognised" and rng.random() < 0.5,
            replicated_from=decided + dt.timedelta(days=45)
            if status == "recognised" and rng.random() < 0.5
            else None,
        )  # fmt: skip
        counts["sáng kiến"] += 1
    for initiative in Initiative.objects.filter(
        year=year, replicated=False, replicated_from__isnull=False
    ):
        initiative.replicated = True
        initiative.save(update_fields=["replicated"])

    # Government tasks
    for number in range(30):
        doc_date = dt.date(year, 1, 5) + dt.timedelta(days=rng.randrange(0, 250))
        due = doc_date + dt.timedelta(days=rng.choice([30, 45, 60, 90]))
        task = GovernmentTask.objects.create(
            year=year,
            tracker_id=f"NV-{year}-{number + 1:04d}",
            doc_number=f"{rng.randint(100, 9999)}/VPCP-{rng.choice(['KSTT', 'KGVX', 'NN', 'KTTH'])}",
            doc_date=doc_date,
            issuer=rng.choice(ISSUERS),
            content=f"{rng.choice(TASKS)} (lần {number + 1})",
            due_date=due,
        )
        assigned = rng.sample(agencies, rng.choice([1, 1, 2]))
        if number % 6 == 0 and "stp" in by_code and by_code["stp"] not in assigned:
            assigned.append(by_code["stp"])
        task.units.set(assigned)
        roll = rng.random()
        if due <= today and roll < 0.8 or due > today and roll < 0.4:
            late = rng.random() < 0.15
            done = (
                due + dt.timedelta(days=rng.randint(3, 20))
                if late
                else due - dt.timedelta(days=rng.randint(0, 20))
            )
            done = min(max(done, doc_date), today)
            task.status = GovernmentTask.Status.DONE
            task.completed_on = done
            task.result = "Đã hoàn thành, có văn bản báo cáo gửi Văn phòng Chính phủ."
            task.evidence = _file(task.tracker_id, f"bao-cao-{task.tracker_id}.pdf")
            task.save()
        counts["nhiệm vụ"] += 1

    # inter-linked procedures (a few announced the year before still count)
    for level, total in ((LinkedProcedure.Level.SAME, 52), (LinkedProcedure.Level.BETWEEN, 27)):
        for n in range(total):
            decided = _day(rng, dt.date(year - 1, 6, 1), min(today, dt.date(year, 10, 31)))
            LinkedProcedure.objects.create(
                name=f"{rng.choice(PROCEDURE_GROUPS)} (nhóm {n + 1})",
                procedure_codes=f"{rng.randint(1, 2)}.{rng.randint(1000, 9999)}",
                level=level,
                lead_unit=vpubnd
                if level == LinkedProcedure.Level.BETWEEN
                else rng.choice(agencies),
                decision_number=f"{rng.randint(100, 2999)}/QĐ-UBND",
                decision_date=decided,
            )
            counts["TTHC liên thông"] += 1
    return counts


def _inspect(
    year: int,
    item: InspectionPlanItem,
    month: int,
    rng: random.Random,
    today: dt.date,
    texts: list[str],
    counts: dict[str, int],
) -> None:
    start = dt.date(year, month, rng.randint(1, 20))
    end = start + dt.timedelta(days=rng.randint(1, 4))
    if end > today:
        return
    notice_date = min(end + dt.timedelta(days=rng.randint(5, 20)), today)
    number = f"{rng.randint(10, 999)}/TB-{item.team_unit.code.upper()}-{item.unit.code[:8]}"
    notice = ConclusionNotice.objects.create(
        unit=item.unit,
        number=number,
        number_key=_notice_key(number, notice_date),
        date=notice_date,
        file=_file(number, f"thong-bao-ket-luan-{item.unit.code}.pdf"),
    )
    inspection = Inspection.objects.create(
        year=year, plan_item=item, unit=item.unit, kind=item.kind, team_unit=item.team_unit,
        team="Đoàn kiểm tra CCHC của tỉnh", start_date=start, end_date=end, notice=notice,
        remediation_plan_due=notice_date + dt.timedelta(days=21),
    )  # fmt: skip
    counts["cuộc kiểm tra"] += 1
    has_plan = rng.random() < 0.85
    if has_plan:
        inspection.remediation_plan_number = (
            f"{rng.randint(10, 300)}/KH-{item.unit.code[:6].upper()}"
        )
        inspection.remediation_plan_date = min(
            notice_date + dt.timedelta(days=rng.randint(3, 15)), today
        )
        inspection.remediation_plan_file = _file(
            inspection.remediation_plan_number, f"ke-hoach-khac-phuc-{item.unit.code}.pdf"
        )
        inspection.save()
    for order, text in enumerate(rng.sample(texts, rng.randint(2, min(4, len(texts))))):
        due = notice_date + dt.timedelta(days=rng.choice([30, 45, 60]))
        finding = Finding(inspection=inspection, order=order, text=text, due_date=due)
        if has_plan and rng.random() < 0.7:
            done_on = min(_day(rng, notice_date, due + dt.timedelta(days=10)), today)
            finding.status = (
                Finding.Status.ACCEPTED if rng.random() < 0.6 else Finding.Status.REMEDIATED
            )
            finding.remediation = (
                "Đã khắc phục, có văn bản chấn chỉnh và kết quả thực hiện kèm theo."
            )
            finding.remediated_on = done_on
            finding.evidence = _file(
                f"{number}-{order}", f"khac-phuc-{item.unit.code}-{order + 1}.pdf"
            )
        finding.save()
        counts["vấn đề"] += 1
