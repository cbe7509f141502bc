"""A realistic, deterministic year of reports for the demo (`parsipas demo --seed N`).

Everything comes from one `random.Random(seed)` walking the plan in a fixed order, so the same
seed, plan and reference date give the same reports. The story it tells:
- each unit has a diligence (a few units are weak), each criterion a difficulty;
- an assignment is finished in some period (earlier for diligent units and easy criteria, never
  for a few), in progress the period before, not started earlier; more is done later in the year;
- in periods already due most reports were sent, some late, some returned with a comment, most
  of the reviewed ones accepted; in the period under way only part has been sent so far;
- figures lie near the targets, so some targets are met and some are not.
Rows are written with bulk_create (no per-object audit) and one audit event sums it up.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from parsipas.audit.tracking import record_event
from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.reporting.models import (
    ProvinceFigure,
    Report,
    ReportEvent,
    ReportingPeriod,
    TargetFigure,
)
from parsipas.reporting.targets import evaluate

Status, Workflow = Report.Status, Report.Workflow

NARRATIVES = {
    Status.DONE: [
        "Đã hoàn thành nhiệm vụ theo kế hoạch; đã ban hành văn bản triển khai và báo cáo kết quả.",
        "Hoàn thành đúng tiến độ, kết quả đã được cập nhật trên Cổng thông tin điện tử của đơn vị.",
        "Đã tổ chức thực hiện đầy đủ các nội dung; tài liệu kiểm chứng lưu tại bộ phận CCHC.",
    ],
    Status.IN_PROGRESS: [
        "Đang triển khai thực hiện; dự kiến hoàn thành trong kỳ tới.",
        "Đã xây dựng dự thảo, đang lấy ý kiến các phòng chuyên môn.",
        "Đang rà soát, tổng hợp số liệu để hoàn thiện kết quả.",
    ],
    Status.NOT_STARTED: [
        "Chưa triển khai do đang chờ hướng dẫn của cơ quan chủ trì.",
        "Chưa triển khai, sẽ thực hiện trong quý tới theo kế hoạch của đơn vị.",
    ],
    Status.NOT_DONE: [
        "Không hoàn thành do thiếu nhân lực và kinh phí thực hiện.",
        "Không hoàn thành đúng hạn; đơn vị đã có giải trình gửi cơ quan chủ trì.",
    ],
}
DIFFICULTIES = [
    "",
    "",
    "Nhân sự làm công tác CCHC kiêm nhiệm, thay đổi thường xuyên.",
    "Hạ tầng công nghệ thông tin chưa đồng bộ.",
]
RETURN_COMMENTS = [
    "Đề nghị bổ sung tài liệu kiểm chứng (văn bản ban hành, số liệu cụ thể).",
    "Số liệu chưa khớp với báo cáo của đơn vị trong kỳ trước, đề nghị rà soát lại.",
    "Nội dung báo cáo còn chung chung, đề nghị nêu rõ kết quả đạt được.",
]


@dataclass
class DemoResult:
    plan: Plan
    periods: list[ReportingPeriod]
    reports: int
    figures: int
    skipped: bool = False


class DemoError(Exception):
    pass


def reference_date(plan: Plan, today: dt.date | None = None) -> dt.date:
    """The day the demo pretends it is: today within the plan's year, else a day in late
    autumn of that year (three periods due, the year-end one under way)."""
    today = today or timezone.localdate()
    if today.year == plan.year:
        return today
    return dt.date(plan.year, 11, 20) if today.year < plan.year else dt.date(plan.year, 12, 31)


def has_reports(plan: Plan) -> bool:
    return Report.objects.filter(assignment__node__plan=plan).exists()


def generate(
    seed: int,
    year: int | None = None,
    today: dt.date | None = None,
    if_empty: bool = False,
    replace: bool = False,
) -> DemoResult:
    plans = Plan.objects.filter(status=Plan.Status.PUBLISHED)
    plan = (plans.filter(year=year) if year else plans.order_by("-year")).first()
    if plan is None:
        raise DemoError(
            "Chưa có kế hoạch đã ban hành"
            + (f" năm {year}" if year else "")
            + ". Hãy chạy `parsipas plan load-default` trước."
        )
    ReportingPeriod.create_defaults(plan.year)
    periods = list(ReportingPeriod.objects.filter(year=plan.year).order_by("start", "due_date"))
    if has_reports(plan):
        if if_empty:
            return DemoResult(plan, periods, 0, 0, skipped=True)
        if not replace:
            raise DemoError(
                f"Kế hoạch năm {plan.year} đã có báo cáo. Dùng --replace để xóa và tạo lại dữ liệu mẫu."
            )
    as_of = reference_date(plan, today)
    with transaction.atomic():
        if replace:
            Report.objects.filter(assignment__node__plan=plan).delete()
            ProvinceFigure.objects.filter(target__node__plan=plan).delete()
        reports, figures = _fill(plan, periods, random.Random(seed), as_of)
        record_event(
            f"Tạo dữ liệu mẫu (seed {seed}) cho kế hoạch năm {plan.year}: "
            f"{reports} báo cáo, {figures} số liệu chỉ tiêu, tính đến ngày {as_of:%d/%m/%Y}."
        )
    return DemoResult(plan, periods, reports, figures)


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def _figure(
    target: Target, rng: random.Random, diligence: float, hard: bool
) -> tuple[Decimal, Decimal | None]:
    """A unit's figure near the target (and the previous year's, for 'increase' targets).

    Most commitments are met by every unit (they are "100% ... theo quy định"); on the hard
    ones a unit misses more often the less diligent it is. That gives a realistic at-risk list.
    """
    low = float(target.value) if target.value is not None else None
    high = float(target.value_max) if target.value_max is not None else None
    percent = target.unit.strip() == "%"
    previous = None
    meets = not hard or rng.random() < 0.55 + 0.4 * diligence
    if target.op == Target.Op.INCREASE or low is None:
        base = rng.randint(5, 60)
        previous = Decimal(base)
        value = base * (rng.uniform(1.02, 1.3) if meets else rng.uniform(0.8, 0.99))
    elif target.op == Target.Op.BETWEEN:
        top = high if high is not None else low * 1.1
        value = rng.uniform(low, top) if meets else low * rng.uniform(0.8, 0.99)
    elif target.op == Target.Op.LE:
        value = low * (rng.uniform(0.5, 1.0) if meets else rng.uniform(1.01, 1.3))
    elif target.op == Target.Op.GT:
        value = low * (rng.uniform(1.01, 1.15) if meets else rng.uniform(0.85, 1.0))
    elif meets:
        value = low * rng.uniform(1.0, 1.12) if low < 100 or not percent else low
    else:
        value = low * rng.uniform(0.8, 0.995)
    if percent:
        value = min(value, 100.0)
    if not percent and (low is None or low >= 1):
        value = round(value)
    return Decimal(str(round(max(value, 0), 2))).quantize(Decimal("0.01")), previous


@dataclass
class _Story:
    """Who is diligent, what is hard, and when each assignment gets done (drawn once, in order)."""

    diligence: dict[str, float]  # unit code -> 0.3..1
    hard_targets: set[int]  # target ids that not every unit meets
    finish: dict[int, int]  # assignment id -> index of the period it is done in (len = never)


def _story(
    assignments: list[Assignment],
    targets: dict[int, list[Target]],
    periods: list[ReportingPeriod],
    rng: random.Random,
) -> _Story:
    unit_codes = sorted({a.unit.code for a in assignments})
    diligence = {code: min(1.0, max(0.3, rng.gauss(0.8, 0.15))) for code in unit_codes}
    for code in rng.sample(unit_codes, k=max(1, len(unit_codes) // 12)):
        diligence[code] = rng.uniform(0.3, 0.5)  # a few units lag behind
    node_ids = sorted({a.node_id for a in assignments})
    difficulty = {n: rng.uniform(0.0, 0.35) for n in node_ids}
    all_targets = [t.pk for ts in targets.values() for t in ts]
    hard_targets = set(rng.sample(all_targets, k=len(all_targets) // 3))  # the rest: all units meet

    finish: dict[int, int] = {}
    for a in assignments:
        skill = diligence[a.unit.code] - difficulty[a.node_id]
        roll = rng.random()
        cumulative = [0.2 + 0.25 * skill, 0.45 + 0.3 * skill, 0.6 + 0.35 * skill, 0.7 + 0.3 * skill]
        finish[a.pk] = next((i for i, p in enumerate(cumulative) if roll < p), len(periods))
    return _Story(diligence, hard_targets, finish)


def _sent_share(period: ReportingPeriod, as_of: dt.date) -> float:
    """The share of reports sent so far: all once the period is due, else by elapsed time."""
    if period.due_date < as_of:
        return 1.0
    elapsed = (as_of - period.start).days / max((period.due_date - period.start).days, 1)
    return min(0.9, max(0.1, elapsed))


def _report(
    a: Assignment,
    index: int,
    period: ReportingPeriod,
    story: _Story,
    rng: random.Random,
    as_of: dt.date,
) -> tuple[Report, dt.date | None]:
    """The unit's report on one assignment in one period, and the day it was sent (None: draft)."""
    due = period.due_date < as_of
    care = story.diligence[a.unit.code]
    done_at = story.finish[a.pk]
    if index >= done_at:
        status = Status.DONE
    elif index == done_at - 1 or (index > 0 and rng.random() < 0.6):
        status = Status.IN_PROGRESS
    else:
        status = Status.NOT_STARTED
    if period.code == "Y" and status != Status.DONE and due and rng.random() < 0.5:
        status = Status.NOT_DONE
    draft = rng.random() < 0.04
    late = not draft and due and rng.random() < (0.08 if care > 0.6 else 0.35)
    if draft:
        sent_on = None
    elif late:
        sent_on = min(period.due_date + dt.timedelta(days=rng.randint(1, 12)), as_of)
    else:
        sent_on = min(period.due_date - dt.timedelta(days=rng.randint(0, 10)), as_of)
    report = Report(
        assignment=a,
        period=period,
        status=status,
        workflow=Workflow.DRAFT if draft else Workflow.SUBMITTED,
        narrative=rng.choice(NARRATIVES[status]),
        difficulties=rng.choice(DIFFICULTIES) if status != Status.DONE else "",
        no_evidence_reason="" if status == Status.DONE else "Chưa có văn bản kết quả.",
        late=bool(late),
        first_submitted_at=_at(sent_on, rng) if sent_on else None,
        submitted_at=_at(sent_on, rng) if sent_on else None,
    )
    return report, sent_on


def _review(
    report: Report, sent_on: dt.date, due: bool, rng: random.Random, as_of: dt.date
) -> list[ReportEvent]:
    """The sent report's history: sent, then perhaps returned with a comment or accepted."""
    sent_at = report.submitted_at
    assert sent_at is not None  # called for sent reports only
    events = [ReportEvent(action=ReportEvent.Action.SUBMITTED, at=sent_at, user_name="Dữ liệu mẫu")]
    review = rng.random()
    reviewed_on = min(sent_on + dt.timedelta(days=rng.randint(1, 6)), as_of)
    if review < (0.07 if due else 0.04):
        report.workflow = Workflow.RETURNED
        report.review_comment = rng.choice(RETURN_COMMENTS)
        report.reviewed_at = _at(reviewed_on, rng)
        events.append(
            ReportEvent(
                action=ReportEvent.Action.RETURNED,
                at=report.reviewed_at,
                user_name="Dữ liệu mẫu",
                comment=report.review_comment,
            )
        )
    elif review < (0.8 if due else 0.3):
        report.workflow = Workflow.ACCEPTED
        report.reviewed_at = _at(reviewed_on, rng)
        events.append(
            ReportEvent(
                action=ReportEvent.Action.ACCEPTED, at=report.reviewed_at, user_name="Dữ liệu mẫu"
            )
        )
    return events


def _unit_figures(
    targets: list[Target], story: _Story, care: float, rng: random.Random
) -> list[TargetFigure]:
    """The unit's figures against the criterion's targets (a few left blank)."""
    figures = []
    for t in targets:
        if t.aggregation == Target.Aggregation.PROVINCE or rng.random() < 0.1:
            continue
        value, previous = _figure(t, rng, care, hard=t.pk in story.hard_targets)
        figures.append(
            TargetFigure(
                target=t,
                value=value,
                previous_value=previous,
                result=evaluate(t.op, t.value, t.value_max, value, previous=previous),
            )
        )
    return figures


def _fill(
    plan: Plan, periods: list[ReportingPeriod], rng: random.Random, as_of: dt.date
) -> tuple[int, int]:
    assignments = list(
        Assignment.objects.filter(node__plan=plan)
        .select_related("unit")
        .order_by("node__order", "node_id", "unit__code")
    )
    targets: dict[int, list[Target]] = {}
    for t in Target.objects.filter(node__plan=plan).order_by("node_id", "order", "pk"):
        targets.setdefault(t.node_id, []).append(t)
    story = _story(assignments, targets, periods, rng)

    reports: list[Report] = []
    figures: list[TargetFigure] = []
    events: list[ReportEvent] = []
    for index, period in enumerate(periods):
        if period.start > as_of:
            continue
        sent_share = _sent_share(period, as_of)
        for a in assignments:
            care = story.diligence[a.unit.code]
            if rng.random() > (0.97 if care > 0.6 else 0.85) * sent_share:
                continue  # never sent (or not yet): no report, or a draft
            report, sent_on = _report(a, index, period, story, rng, as_of)
            due = period.due_date < as_of
            report_events = _review(report, sent_on, due, rng, as_of) if sent_on else []
            report_figures = _unit_figures(targets.get(a.node_id, []), story, care, rng)
            for figure in report_figures:
                figure.report = report
            for event in report_events:
                event.report = report
            reports.append(report)
            figures += report_figures
            events += report_events
    Report.objects.bulk_create(reports, batch_size=1000)  # figures and events take their ids
    TargetFigure.objects.bulk_create(figures, batch_size=1000)
    ReportEvent.objects.bulk_create(events, batch_size=1000)
    _province_figures(plan, periods, targets, rng, as_of)
    return len(reports), len(figures)


def _province_figures(
    plan: Plan,
    periods: list[ReportingPeriod],
    targets: dict[int, list[Target]],
    rng: random.Random,
    as_of: dt.date,
) -> None:
    """The leads' province-wide figures for targets aggregated 'province', in due periods."""
    rows = []
    for period in periods:
        if period.due_date >= as_of:
            continue
        for node_targets in targets.values():
            for t in node_targets:
                if t.aggregation != Target.Aggregation.PROVINCE:
                    continue
                value, previous = _figure(t, rng, 0.85, hard=True)  # leads miss some too
                rows.append(
                    ProvinceFigure(
                        target=t,
                        period=period,
                        value=value,
                        previous_value=previous,
                        note="Số liệu mẫu do cơ quan chủ trì tổng hợp",
                    )
                )
    ProvinceFigure.objects.bulk_create(rows, batch_size=500)


def criteria_count(plan: Plan) -> int:
    return Node.objects.filter(plan=plan, level=Node.Level.CRITERION).count()
