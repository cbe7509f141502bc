"""A unit's reports: read them, write status and figures, step the workflow; province roll-ups.

Writes go through ``reporting.workflow`` exactly as the web form does, after ``policy``.
"""

from dataclasses import asdict
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from parsipas.accounts import policy
from parsipas.api.models import Scope
from parsipas.api.problems import ApiProblem, forbidden, not_found
from parsipas.api.schemas import (
    ActionIn,
    ReportIn,
    ReportList,
    ReportOut,
    ReportPeriodCode,
    RollupOut,
)
from parsipas.api.views.common import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    call,
    decode_cursor,
    local,
    page,
    reporting_period,
    respond,
    token_of,
    unit_for,
)
from parsipas.plans.models import Assignment, Plan
from parsipas.reporting import rollups
from parsipas.reporting.models import Report, ReportingPeriod
from parsipas.reporting.queries import plan_for, targets_by_node
from parsipas.reporting.workflow import (
    FigureInput,
    ReportError,
    ReportInput,
    VersionConflict,
    report_for,
    review,
    save_report,
    submit,
    withdraw,
)

router = Router(tags=["Báo cáo định kỳ"])


def _visible_assignments(user: Any) -> Q:
    """The assignments whose reports ``policy.can_view_report`` lets the token read, as SQL."""
    if policy.can_view_all_reports(user):
        return Q()
    visible = Q(unit_id=user.unit_id)
    if policy.led_unit_id(user):
        visible |= Q(node__lead_units=user.unit_id)
    return visible


def _report_dict(
    assignment: Assignment,
    period: ReportingPeriod,
    report: Report | None,
) -> dict[str, Any]:
    saved = report if report is not None and report.pk is not None else None
    figures = list(saved.figures.all()) if saved else []
    evidence = list(saved.evidence.all()) if saved else []
    events = list(saved.events.all()) if saved else []
    return {
        "id": saved.pk if saved else None,
        "assignment_id": assignment.pk,
        "criterion": assignment.node.code,
        "index": assignment.node.index,
        "unit": assignment.unit.code,
        "year": period.year,
        "period": period.code,
        "status": saved.status if saved else Report.Status.NOT_STARTED,
        "workflow": saved.workflow if saved else Report.Workflow.DRAFT,
        "version": saved.version if saved else 0,
        "narrative": saved.narrative if saved else "",
        "difficulties": saved.difficulties if saved else "",
        "proposals": saved.proposals if saved else "",
        "no_evidence_reason": saved.no_evidence_reason if saved else "",
        "submitted_at": local(saved.submitted_at) if saved else None,
        "late": saved.late if saved else False,
        "reviewed_at": local(saved.reviewed_at) if saved else None,
        "review_comment": saved.review_comment if saved else "",
        "updated_at": local(saved.updated_at) if saved else None,
        "figures": [
            {
                "target_id": f.target_id,
                "value": f.value,
                "previous_value": f.previous_value,
                "note": f.note,
                "result": f.result,
            }
            for f in figures
        ],
        "evidence": [
            {
                "id": e.pk,
                "name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "sha256": e.sha256,
                "doc_number": e.doc_number,
                "doc_date": e.doc_date,
                "uploaded_at": local(e.uploaded_at),
            }
            for e in evidence
        ],
        "events": [
            {"action": ev.action, "at": local(ev.at), "by": ev.user_name, "comment": ev.comment}
            for ev in events
        ],
    }


def _plan_of(period: ReportingPeriod) -> Plan:
    plan = plan_for(period)
    if plan is None:
        raise not_found(f"Chưa có kế hoạch đã ban hành cho năm {period.year}.", field="year")
    return plan


@router.get("/reports", response=ReportList, summary="Báo cáo của một đơn vị trong một kỳ")
@call(Scope.READ)
def list_reports(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    period: ReportPeriodCode | None = Query(None, description="Mặc định: kỳ hiện tại"),
    unit: str | None = Query(None, max_length=60, description="Mặc định: đơn vị của mã truy cập"),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> HttpResponse:
    """Mỗi phân công của đơn vị một mục; phân công chưa có báo cáo hiện là bản nháp chưa lưu (id null)."""
    user = token_of(request).user
    target_unit = unit_for(request, unit)
    the_period = reporting_period(year, period)
    plan = _plan_of(the_period)
    found = list(
        Assignment.objects.filter(node__plan=plan, unit=target_unit, pk__gt=decode_cursor(cursor))
        .filter(_visible_assignments(user))
        .select_related("node", "unit")
        .distinct()
        .order_by("pk")[: limit + 1]
    )
    assignments, next_cursor = page(found, limit, lambda a: a.pk)
    reports = {
        r.assignment_id: r
        for r in Report.objects.filter(
            period=the_period, assignment__in=assignments
        ).prefetch_related("figures", "evidence", "events")
    }
    items = [_report_dict(a, the_period, reports.get(a.pk)) for a in assignments]
    return respond(request, ReportList, {"items": items, "next_cursor": next_cursor})


def _report(request: HttpRequest, year: int, period: str, assignment_id: int) -> Report:
    """The report the token may read, or 404 (another unit's report does not exist for it)."""
    the_period = reporting_period(year, period)
    assignment = (
        Assignment.objects.filter(pk=assignment_id, node__plan__year=the_period.year)
        .select_related("node", "unit")
        .first()
    )
    missing = not_found(
        f"Không tìm thấy phân công {assignment_id} trong kỳ {period} năm {year}.",
        field="assignment_id",
    )
    if assignment is None:
        raise missing
    report = report_for(assignment, the_period)
    if not policy.can_view_report(token_of(request).user, report):
        raise missing
    return report


def _answer(request: HttpRequest, report: Report) -> HttpResponse:
    fresh = report_for(report.assignment, report.period)
    return respond(request, ReportOut, _report_dict(report.assignment, report.period, fresh))


@router.get("/reports/{year}/{period}/{assignment_id}", response=ReportOut, summary="Một báo cáo")
@call(Scope.READ)
def get_report(
    request: HttpRequest, year: int, period: ReportPeriodCode, assignment_id: int
) -> HttpResponse:
    return _answer(request, _report(request, year, period, assignment_id))


@router.put(
    "/reports/{year}/{period}/{assignment_id}",
    response=ReportOut,
    summary="Ghi tình trạng, kết quả và số liệu của báo cáo",
)
@call(Scope.WRITE_FIGURES, write=True)
def put_report(
    request: HttpRequest, year: int, period: ReportPeriodCode, assignment_id: int, body: ReportIn
) -> HttpResponse:
    """Như khi đơn vị lưu nháp trên trang báo cáo; `version` chống ghi đè lên bản mới hơn (409)."""
    user = token_of(request).user
    report = _report(request, year, period, assignment_id)
    if not policy.can_act_for_unit(user, report.assignment.unit):
        raise forbidden("Mã truy cập chỉ ghi được báo cáo của đơn vị mình.")
    if not policy.can_edit_report(user, report):
        raise ApiProblem(
            409,
            "Báo cáo này không sửa được (đã gửi, đã được chấp nhận hoặc kỳ đã khóa).",
            field="workflow",
        )
    targets = targets_by_node([report.assignment.node_id]).get(report.assignment.node_id, [])
    known = {t.pk for t in targets}
    figures: dict[int, FigureInput] = {}
    for i, figure in enumerate(body.figures):
        if figure.target_id not in known:
            raise ApiProblem(
                422,
                f"Chỉ tiêu {figure.target_id} không thuộc tiêu chí {report.assignment.node.code}.",
                field=f"figures[{i}].target_id",
            )
        figures[figure.target_id] = FigureInput(figure.value, figure.previous_value, figure.note)
    data = ReportInput(
        status=body.status,
        narrative=body.narrative,
        difficulties=body.difficulties,
        proposals=body.proposals,
        no_evidence_reason=body.no_evidence_reason,
        figures=figures,
    )
    try:
        save_report(report, data, user, targets, body.version)
    except VersionConflict as conflict:
        raise ApiProblem(409, conflict.messages[0], field="version") from None
    except ReportError as error:
        raise ApiProblem(422, " ".join(error.messages)) from None
    return _answer(request, report)


@router.post(
    "/reports/{year}/{period}/{assignment_id}/actions",
    response=ReportOut,
    summary="Gửi, rút lại, chấp nhận hoặc trả lại báo cáo",
)
@call(Scope.WRITE_FIGURES, write=True)
def report_action(
    request: HttpRequest, year: int, period: ReportPeriodCode, assignment_id: int, body: ActionIn
) -> HttpResponse:
    """`submit` và `withdraw`: đơn vị của báo cáo. `accept` và `return`: cơ quan chủ trì tiêu chí
    — không bao giờ cho báo cáo của chính đơn vị mình."""
    user = token_of(request).user
    report = _report(request, year, period, assignment_id)
    try:
        if body.action == "submit":
            if not policy.can_act_for_unit(user, report.assignment.unit):
                raise forbidden("Mã truy cập chỉ gửi được báo cáo của đơn vị mình.")
            if not policy.can_edit_report(user, report):
                raise ApiProblem(409, "Báo cáo này không gửi được ở bước hiện tại.", field="action")
            submit(report, user, body.version)
        elif body.action == "withdraw":
            if not policy.can_withdraw_report(user, report):
                raise ApiProblem(
                    409 if policy.can_act_for_unit(user, report.assignment.unit) else 403,
                    "Chỉ đơn vị của báo cáo rút lại được báo cáo đã gửi và chưa được duyệt.",
                    field="action",
                )
            withdraw(report, user)
        else:
            if report.assignment.unit_id == user.unit_id:
                raise forbidden("Mã truy cập không được duyệt báo cáo của chính đơn vị mình.")
            if not policy.is_reviewer_of(user, report):
                raise forbidden("Chỉ cơ quan chủ trì tiêu chí duyệt được báo cáo này.")
            if not policy.can_api_review_report(user, report):
                raise ApiProblem(409, "Báo cáo không ở trạng thái chờ duyệt.", field="action")
            review(report, user, accept=body.action == "accept", comment=body.comment)
    except VersionConflict as conflict:
        raise ApiProblem(409, conflict.messages[0], field="version") from None
    except ReportError as error:
        raise ApiProblem(422, " ".join(error.messages), field="action") from None
    return _answer(request, report)


# --- roll-ups ----------------------------------------------------------------------------------


def _tally(item: rollups.Tally) -> dict[str, Any]:
    data = asdict(item)
    data["completion"] = item.completion
    data["timeliness"] = item.timeliness
    return data


@router.get("/rollups", response=RollupOut, summary="Tổng hợp toàn tỉnh của một kỳ")
@call(Scope.READ)
def province_rollups(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    period: ReportPeriodCode | None = Query(None),
) -> HttpResponse:
    """Toàn tỉnh, theo lĩnh vực, tiêu chí, đơn vị và chỉ tiêu: mã truy cập vai trò cơ quan chủ trì
    hoặc toàn tỉnh (viewer)."""
    if not policy.can_view_province(token_of(request).user):
        raise forbidden(
            "Chỉ mã truy cập của cơ quan chủ trì hoặc toàn tỉnh đọc được số liệu tổng hợp."
        )
    the_period = reporting_period(year, period)
    plan = _plan_of(the_period)
    criteria = rollups.criterion_rollup(plan, the_period)
    units = rollups.unit_rollup(plan, the_period)
    data = {
        "year": the_period.year,
        "period": the_period.code,
        "province": _tally(
            rollups.province_rollup(plan, the_period, criteria=criteria, units=units)
        ),
        "fields": [_tally(f) for f in rollups.field_rollup(plan, the_period, criteria=criteria)],
        "criteria": [_tally(c) for c in criteria],
        "units": [_tally(u) for u in units],
        "targets": [
            {
                "target_id": t.target_id,
                "criterion": t.node_code,
                "text": t.text,
                "aggregation": t.aggregation,
                "figure": t.figure,
                "result": t.result,
                "units_assigned": t.units_assigned,
                "units_reported": t.units_reported,
                "units_met": t.units_met,
            }
            for t in rollups.target_figures(plan, the_period)
        ],
    }
    return respond(request, RollupOut, data)
