"""The registers behind the criteria (``parsipas/registers``): inspections with their findings
and remediation, initiatives, Government-assigned tasks and inter-linked procedures.

Reads take the read scope and show a unit's rows as the web registers do
(``policy.can_view_register_row``). Writes take ``write:registers`` and go through
``registers.services``, which asks ``policy`` again (only the keepers of a register, the lead
agencies of its criteria in the year's plan, record inspections and tasks; the assigned units
report a task done), runs in one transaction and reaches the audit trail.
"""

import base64
import binascii
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router

from parsipas.accounts import policy
from parsipas.api.models import Scope
from parsipas.api.problems import ApiProblem, not_found
from parsipas.api.schemas import (
    InitiativeList,
    InspectionIn,
    InspectionList,
    InspectionOut,
    ProcedureList,
    TaskDoneIn,
    TaskIn,
    TaskList,
    TaskOut,
)
from parsipas.api.views.common import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    call,
    decode_cursor,
    page,
    respond,
    this_year,
    token_of,
    unit_for,
)
from parsipas.registers import services
from parsipas.registers.models import (
    Finding,
    GovernmentTask,
    Initiative,
    Inspection,
    LinkedProcedure,
    StoredFile,
)
from parsipas.units.models import Unit

router = Router(tags=["Sổ theo dõi"])

YEAR = Query(None, ge=2000, le=2100, description="Mặc định: năm nay")
UNIT = Query(
    None, max_length=60, pattern=r"^[^\x00]*$", description="Mặc định: đơn vị của mã truy cập"
)
CURSOR = Query(None, max_length=200)
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@contextmanager
def _refusals() -> Iterator[None]:
    """The write side's refusals as problems: policy → 403, the register's rules → 422."""
    try:
        yield
    except PermissionDenied as denied:
        raise ApiProblem(403, str(denied) or "Mã truy cập không được làm việc này.") from None
    except services.RegisterError as error:
        raise ApiProblem(422, " ".join(error.messages)) from None


def _file(stored: StoredFile | None) -> dict[str, Any] | None:
    if stored is None:
        return None
    return {
        "name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
    }


def _paged(
    rows: Any, cursor: str | None, limit: int, visible: Callable[[Any], bool]
) -> tuple[list[Any], str | None]:
    """Rows after the cursor in id order, those the token may see, one page of them."""
    found = list(rows.filter(pk__gt=decode_cursor(cursor)).order_by("pk")[: limit + 1])
    items, next_cursor = page(found, limit, lambda row: row.pk)
    return [row for row in items if visible(row)], next_cursor


# --- inspections ------------------------------------------------------------------------------


def _inspection(inspection: Inspection) -> dict[str, Any]:
    today = timezone.localdate()
    notice = inspection.notice
    return {
        "id": inspection.pk,
        "year": inspection.year,
        "unit": inspection.unit.code,
        "kind": inspection.kind,
        "team_unit": inspection.team_unit.code,
        "team": inspection.team,
        "start_date": inspection.start_date,
        "end_date": inspection.end_date,
        "notice_number": notice.number if notice else None,
        "notice_date": notice.date if notice else None,
        "remediation_plan_due": inspection.remediation_plan_due,
        "remediation_plan_number": inspection.remediation_plan_number,
        "remediation_plan_date": inspection.remediation_plan_date,
        "findings": [
            {
                "order": f.order,
                "text": f.text,
                "due_date": f.due_date,
                "status": f.status,
                "overdue": f.is_overdue(today),
                "remediation": f.remediation,
                "remediated_on": f.remediated_on,
                "evidence": _file(f.evidence),
                "review_comment": f.review_comment,
            }
            for f in inspection.findings.all()
        ],
    }


@router.get(
    "/registers/inspections",
    response=InspectionList,
    summary="Các cuộc kiểm tra CCHC của một đơn vị, với vấn đề phát hiện và kết quả khắc phục",
)
@call(Scope.READ)
def list_inspections(
    request: HttpRequest,
    year: int | None = YEAR,
    unit: str | None = UNIT,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    user = token_of(request).user
    target = unit_for(request, unit)
    rows = (
        Inspection.objects.filter(year=year or this_year(), unit=target)
        .select_related("unit", "team_unit", "notice")
        .prefetch_related(
            Prefetch("findings", Finding.objects.select_related("evidence").order_by("order"))
        )
    )
    items, next_cursor = _paged(
        rows, cursor, limit, lambda i: policy.can_view_register_row(user, i.unit)
    )
    data = {"items": [_inspection(i) for i in items], "next_cursor": next_cursor}
    return respond(request, InspectionList, data)


def _unit_named(code: str, field: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ApiProblem(422, f"Không có đơn vị mã '{code}'.", field=field)
    return unit


@router.post(
    "/registers/inspections",
    response={201: InspectionOut},
    summary="Ghi một cuộc kiểm tra và các vấn đề phát hiện",
)
@call(Scope.WRITE_REGISTERS, write=True)
def record_inspection(request: HttpRequest, body: InspectionIn) -> HttpResponse:
    """Chỉ cơ quan chủ trì các tiêu chí kiểm tra (1.3, 1.4, 4.8, 4.9) trong kế hoạch của năm."""
    token = token_of(request)
    inspection = Inspection(
        year=body.year,
        unit=_unit_named(body.unit, "unit"),
        kind=body.kind,
        team_unit=_unit_named(body.team_unit, "team_unit") if body.team_unit else token.unit,
        team=body.team,
        start_date=body.start_date,
        end_date=body.end_date,
    )
    findings = [(f.text.strip(), f.due_date) for f in body.findings]
    if any(not text for text, _due in findings):
        raise ApiProblem(422, "Hãy ghi nội dung vấn đề phát hiện.", field="findings")
    with _refusals():
        services.record_inspection(token.user, inspection, findings)
    return respond(request, InspectionOut, _inspection(inspection), status=201)


# --- initiatives ------------------------------------------------------------------------------


@router.get(
    "/registers/initiatives", response=InitiativeList, summary="Sáng kiến CCHC của một đơn vị"
)
@call(Scope.READ)
def list_initiatives(
    request: HttpRequest,
    year: int | None = YEAR,
    unit: str | None = UNIT,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    user = token_of(request).user
    target = unit_for(request, unit)
    rows = Initiative.objects.filter(year=year or this_year(), unit=target).select_related("unit")
    items, next_cursor = _paged(
        rows, cursor, limit, lambda i: policy.can_view_register_row(user, i.unit)
    )
    data = {
        "items": [
            {
                "id": i.pk,
                "year": i.year,
                "unit": i.unit.code,
                "title": i.title,
                "summary": i.summary,
                "proposed_on": i.proposed_on,
                "status": i.status,
                "decision_number": i.decision_number,
                "decision_date": i.decision_date,
                "central_body": i.central_body,
                "replicated": i.replicated,
                "replicated_from": i.replicated_from,
            }
            for i in items
        ],
        "next_cursor": next_cursor,
    }
    return respond(request, InitiativeList, data)


# --- Government-assigned tasks ----------------------------------------------------------------


def _task(task: GovernmentTask) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "id": task.pk,
        "year": task.year,
        "tracker_id": task.tracker_id,
        "doc_number": task.doc_number,
        "doc_date": task.doc_date,
        "issuer": task.issuer,
        "content": task.content,
        "units": sorted(u.code for u in task.units.all()),
        "due_date": task.due_date,
        "status": task.status,
        "overdue": task.status != GovernmentTask.Status.DONE and today > task.due_date,
        "completed_on": task.completed_on,
        "result": task.result,
        "evidence": _file(task.evidence),
    }


def _sees_task(user: Any, task: GovernmentTask) -> bool:
    return services.can_manage_tasks(user, task.year) or any(
        policy.can_view_register_row(user, u) for u in task.units.all()
    )


def _visible_task(request: HttpRequest, task_id: int) -> GovernmentTask:
    """A task the token may see, or 404 as if it did not exist."""
    task = (
        GovernmentTask.objects.filter(pk=task_id)
        .select_related("evidence")
        .prefetch_related("units")
        .first()
    )
    if task is None or not _sees_task(token_of(request).user, task):
        raise not_found(f"Không tìm thấy nhiệm vụ {task_id}.", field="task_id")
    return task


@router.get(
    "/registers/tasks",
    response=TaskList,
    summary="Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao cho một đơn vị",
)
@call(Scope.READ)
def list_tasks(
    request: HttpRequest,
    year: int | None = YEAR,
    unit: str | None = UNIT,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> HttpResponse:
    user = token_of(request).user
    target = unit_for(request, unit)
    rows = (
        GovernmentTask.objects.filter(year=year or this_year(), units=target)
        .select_related("evidence")
        .prefetch_related("units")
    )
    items, next_cursor = _paged(rows, cursor, limit, lambda t: _sees_task(user, t))
    return respond(
        request, TaskList, {"items": [_task(t) for t in items], "next_cursor": next_cursor}
    )


def _fill_task(task: GovernmentTask, body: TaskIn) -> list[Unit]:
    units = []
    for code in dict.fromkeys(body.units):
        units.append(_unit_named(code, "units"))
    task.year = body.year
    task.tracker_id = body.tracker_id.strip()
    task.doc_number = body.doc_number.strip()
    task.doc_date = body.doc_date
    task.issuer = body.issuer.strip()
    task.content = body.content.strip()
    task.due_date = body.due_date
    return units


@router.post("/registers/tasks", response={201: TaskOut}, summary="Ghi một nhiệm vụ Chính phủ giao")
@call(Scope.WRITE_REGISTERS, write=True)
def create_task(request: HttpRequest, body: TaskIn) -> HttpResponse:
    """Chỉ cơ quan chủ trì tiêu chí 1.8 (Văn phòng UBND tỉnh) trong kế hoạch của năm."""
    task = GovernmentTask()
    units = _fill_task(task, body)
    with _refusals():
        services.save_task(token_of(request).user, task, units)
    return respond(request, TaskOut, _task(task), status=201)


@router.put("/registers/tasks/{task_id}", response=TaskOut, summary="Sửa một nhiệm vụ")
@call(Scope.WRITE_REGISTERS, write=True)
def update_task(request: HttpRequest, task_id: int, body: TaskIn) -> HttpResponse:
    task = _visible_task(request, task_id)
    units = _fill_task(task, body)
    with _refusals():
        services.save_task(token_of(request).user, task, units)
    task = _visible_task(request, task_id)
    return respond(request, TaskOut, _task(task))


@router.post(
    "/registers/tasks/{task_id}/completion",
    response=TaskOut,
    summary="Báo cáo hoàn thành một nhiệm vụ, kèm tài liệu kiểm chứng",
)
@call(Scope.WRITE_REGISTERS, write=True)
def complete_task(request: HttpRequest, task_id: int, body: TaskDoneIn) -> HttpResponse:
    """Đơn vị được giao (hoặc cơ quan chủ trì) báo cáo; tệp kiểm chứng theo quy định như minh
    chứng của báo cáo (PDF, ảnh, văn bản; tối đa 20 MB)."""
    task = _visible_task(request, task_id)
    try:
        content = base64.b64decode(body.evidence.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ApiProblem(
            422, "Nội dung tệp kiểm chứng không phải base64 hợp lệ.", field="evidence"
        ) from None
    with _refusals():
        services.report_task_done(
            token_of(request).user,
            task,
            body.completed_on,
            body.result,
            io.BytesIO(content),
            body.evidence.filename,
        )
    return respond(request, TaskOut, _task(_visible_task(request, task_id)))


# --- inter-linked procedures ------------------------------------------------------------------


@router.get(
    "/registers/procedures",
    response=ProcedureList,
    summary="TTHC giải quyết theo hình thức liên thông (công bố trong năm)",
)
@call(Scope.READ)
def list_procedures(
    request: HttpRequest, year: int | None = YEAR, cursor: str | None = CURSOR, limit: int = LIMIT
) -> HttpResponse:
    """Danh mục đã công bố, như nhau với mọi mã truy cập."""
    rows = LinkedProcedure.objects.filter(decision_date__year=year or this_year()).select_related(
        "lead_unit"
    )
    items, next_cursor = _paged(rows, cursor, limit, lambda p: True)
    data = {
        "items": [
            {
                "id": p.pk,
                "name": p.name,
                "procedure_codes": p.procedure_codes,
                "level": p.level,
                "lead_unit": p.lead_unit.code if p.lead_unit else None,
                "decision_number": p.decision_number,
                "decision_date": p.decision_date,
            }
            for p in items
        ],
        "next_cursor": next_cursor,
    }
    return respond(request, ProcedureList, data)
