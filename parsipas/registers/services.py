"""The only code that changes the registers.

Every action asks `accounts.policy` first (PermissionDenied otherwise), runs in one transaction,
and reaches the audit trail through `audit.tracking.track` (the Excel import adds one summary
event). A refusal is a `RegisterError` with Vietnamese messages, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.lib.text import fold
from parsipas.plans.models import Node
from parsipas.registers.models import (
    ConclusionNotice,
    Finding,
    GovernmentTask,
    Initiative,
    Inspection,
    InspectionPlanItem,
    LinkedProcedure,
    StoredFile,
)
from parsipas.reporting import documents

# The criteria each register serves: whoever leads one of them in the year's plan keeps it.
INSPECTION_KEYS = ("PAR:1.3", "PAR:1.4", "PAR:4.8", "PAR:4.9")
INITIATIVE_KEYS = ("PAR:1.6",)
TASK_KEYS = ("PAR:1.8",)
PROCEDURE_KEYS = ("PAR:3.7",)


def lead_unit_ids(node_keys: tuple[str, ...], year: int) -> list[int]:
    """The units the year's plan names as leads of these criteria: a register's keepers."""
    wanted = Q(pk__in=[])
    for key in node_keys:
        index, code = key.split(":", 1)
        wanted |= Q(index=index, code=code)
    leads = Node.objects.filter(wanted, plan__year=year, lead_units__isnull=False)
    return list(leads.values_list("lead_units", flat=True))


class RegisterError(Exception):
    def __init__(self, messages: list[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


def _allow(allowed: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def remediation_plan_days() -> int:
    return int(getattr(settings, "REGISTERS_REMEDIATION_PLAN_WORKING_DAYS", 15))


# --- files ------------------------------------------------------------------------------------


def store_file(
    stream: Any,
    filename: str,
    user: Any,
    meta: documents.Meta | None = None,
    *,
    known: bool = False,
) -> StoredFile:
    """Check the file like a report's evidence (type, size) and keep it once per content, with
    the document it is (`meta`, blanks read from the file name; refused when impossible, or,
    `known`, taken as the register's own checked number and date)."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    from parsipas.reporting import evidence as files

    try:
        checked = files.check(stream, filename)
        prepare = documents.prepare_known if known else documents.prepare
        prepared = prepare(meta or documents.Meta(), files.safe_name(filename))
    except (files.EvidenceError, documents.MetaError) as exc:
        raise RegisterError(str(exc)) from exc
    name = files.storage_name(checked.sha256)
    if not default_storage.exists(name):
        stream.seek(0)
        name = default_storage.save(name, File(stream, name=checked.sha256))
    item = StoredFile(
        original_name=filename[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    documents.apply(item, prepared)
    item.file.name = name
    item.save()
    return item


# --- inspections --------------------------------------------------------------------------------


def can_manage_inspections(user: Any, year: int) -> bool:
    return policy.can_manage_register(user, lead_unit_ids(INSPECTION_KEYS, year))


def save_plan_item(user: Any, item: InspectionPlanItem) -> InspectionPlanItem:
    _allow(can_manage_inspections(user, item.year), "Chỉ cơ quan chủ trì kiểm tra lập kế hoạch.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError as exc:
            raise RegisterError(
                f"{item.unit.name} đã có trong kế hoạch kiểm tra năm {item.year} "
                f"({item.get_kind_display().lower()})."
            ) from exc
    return item


def record_inspection(
    user: Any, inspection: Inspection, findings: list[tuple[str, dt.date]]
) -> Inspection:
    """A new inspection of a unit, with the findings the team recorded (may be none yet)."""
    _allow(
        can_manage_inspections(user, inspection.year), "Chỉ đoàn kiểm tra ghi được cuộc kiểm tra."
    )
    problems = []
    if inspection.end_date < inspection.start_date:
        problems.append("Ngày kết thúc kiểm tra không được trước ngày bắt đầu.")
    if inspection.start_date.year != inspection.year:
        problems.append(f"Ngày bắt đầu kiểm tra phải thuộc năm {inspection.year}.")
    for number, (_text, due) in enumerate(findings, start=1):
        if due < inspection.end_date:
            problems.append(f"Vấn đề {number}: hạn khắc phục phải sau ngày kết thúc kiểm tra.")
    if problems:
        raise RegisterError(problems)
    with transaction.atomic():
        inspection.created_by = user
        if inspection.plan_item_id is None:
            inspection.plan_item = InspectionPlanItem.objects.filter(
                year=inspection.year, unit=inspection.unit, kind=inspection.kind
            ).first()
        inspection.save()
        for order, (text, due) in enumerate(findings):
            Finding.objects.create(inspection=inspection, order=order, text=text, due_date=due)
    return inspection


def add_finding(user: Any, inspection: Inspection, text: str, due: dt.date) -> Finding:
    _allow(can_manage_inspections(user, inspection.year), "Chỉ đoàn kiểm tra ghi được vấn đề.")
    if not text.strip():
        raise RegisterError("Hãy ghi nội dung vấn đề phát hiện.")
    if due < inspection.end_date:
        raise RegisterError("Hạn khắc phục phải sau ngày kết thúc kiểm tra.")
    with transaction.atomic():
        order = inspection.findings.count()
        return Finding.objects.create(
            inspection=inspection, order=order, text=text.strip(), due_date=due
        )


def _notice_key(number: str, date: dt.date) -> str:
    return f"{date.year}:{fold(number).replace(' ', '')}"


def issue_notice(
    user: Any, inspection: Inspection, number: str, date: dt.date, stream: Any, filename: str
) -> ConclusionNotice:
    """Attach the signed conclusion notice. One notice belongs to one unit (criterion 1.4):
    a number or a file already used for another inspection is refused."""
    _allow(can_manage_inspections(user, inspection.year), "Chỉ đoàn kiểm tra ban hành thông báo.")
    number = number.strip()
    if not number:
        raise RegisterError("Hãy ghi số thông báo kết luận.")
    if date < inspection.end_date:
        raise RegisterError("Ngày thông báo kết luận không được trước ngày kết thúc kiểm tra.")
    if inspection.notice_id:
        raise RegisterError("Cuộc kiểm tra này đã có thông báo kết luận.")
    key = _notice_key(number, date)
    with transaction.atomic():
        used = ConclusionNotice.objects.filter(number_key=key).select_related("unit").first()
        if used is not None:
            raise RegisterError(
                f"Thông báo số {number} đã dùng cho {used.unit.name}: mỗi đơn vị được kiểm tra "
                "phải có thông báo kết luận riêng."
            )
        meta = documents.Meta(
            doc_number=number,
            doc_date=date,
            doc_issuer=getattr(inspection.team_unit, "name", "")[:200],
            doc_kind=documents.DocumentKind.THONG_BAO_KET_LUAN,
            doc_title=f"Kết luận kiểm tra {inspection.unit.name}"[:300],
        )
        stored = store_file(stream, filename, user, meta, known=True)
        same_file = (
            ConclusionNotice.objects.filter(file__sha256=stored.sha256)
            .select_related("unit")
            .first()
        )
        if same_file is not None:
            raise RegisterError(
                f"Tệp '{filename}' là thông báo kết luận đã dùng cho {same_file.unit.name} "
                f"(số {same_file.number}): không dùng một văn bản cho nhiều đơn vị."
            )
        notice = ConclusionNotice.objects.create(
            unit=inspection.unit, number=number, number_key=key, date=date, file=stored
        )
        from parsipas.workcalendar.service import calendar

        inspection.notice = notice
        inspection.remediation_plan_due = calendar().add_working_days(date, remediation_plan_days())
        inspection.save(update_fields=["notice", "remediation_plan_due"])
    return notice


def file_remediation_plan(
    user: Any, inspection: Inspection, number: str, date: dt.date, stream: Any, filename: str
) -> Inspection:
    """The inspected unit's remediation plan (kế hoạch khắc phục)."""
    _allow(
        policy.can_act_on_register_row(user, inspection.unit),
        "Chỉ đơn vị được kiểm tra nộp kế hoạch khắc phục.",
    )
    if date < inspection.end_date:
        raise RegisterError("Ngày kế hoạch khắc phục không được trước ngày kết thúc kiểm tra.")
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        meta = documents.Meta(
            doc_number=number.strip(),
            doc_date=date,
            doc_issuer=inspection.unit.name[:200],
            doc_kind=documents.DocumentKind.KE_HOACH,
            doc_title="Kế hoạch khắc phục sau kiểm tra",
        )
        inspection.remediation_plan_file = store_file(stream, filename, user, meta, known=True)
        inspection.remediation_plan_number = number.strip()[:100]
        inspection.remediation_plan_date = date
        inspection.save(
            update_fields=[
                "remediation_plan_file",
                "remediation_plan_number",
                "remediation_plan_date",
            ]
        )
    return inspection


def report_remediation(
    user: Any,
    finding: Finding,
    text: str,
    date: dt.date,
    stream: Any | None,
    filename: str = "",
    meta: documents.Meta | None = None,
) -> Finding:
    """The unit reports one finding remediated, with its evidence (refused without)."""
    inspection = finding.inspection
    _allow(
        policy.can_act_on_register_row(user, inspection.unit),
        "Chỉ đơn vị được kiểm tra báo cáo khắc phục.",
    )
    problems = []
    if not inspection.has_remediation_plan:
        problems.append("Hãy nộp kế hoạch khắc phục trước khi báo cáo từng vấn đề.")
    if stream is None:
        problems.append("Báo cáo đã khắc phục phải kèm tài liệu kiểm chứng.")
    if not text.strip():
        problems.append("Hãy ghi kết quả khắc phục.")
    if date > timezone.localdate():
        problems.append("Ngày khắc phục không được sau hôm nay.")
    if problems:
        raise RegisterError(problems)
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        if finding.status == Finding.Status.ACCEPTED:
            raise RegisterError("Vấn đề này đã được đoàn kiểm tra xác nhận khắc phục.")
        finding.evidence = store_file(stream, filename, user, meta)
        finding.remediation = text.strip()
        finding.remediated_on = date
        finding.remediated_by = user
        finding.status = Finding.Status.REMEDIATED
        finding.save()
    return finding


def review_finding(user: Any, finding: Finding, accept: bool, comment: str = "") -> Finding:
    """The team accepts the remediation, or reopens the finding with a comment."""
    _allow(
        can_manage_inspections(user, finding.inspection.year),
        "Chỉ đoàn kiểm tra xác nhận kết quả khắc phục.",
    )
    if not accept and not comment.strip():
        raise RegisterError("Khi yêu cầu khắc phục lại, hãy ghi rõ lý do.")
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        if finding.status != Finding.Status.REMEDIATED:
            raise RegisterError("Chỉ xét được vấn đề đơn vị đã báo cáo khắc phục.")
        finding.status = Finding.Status.ACCEPTED if accept else Finding.Status.REOPENED
        finding.review_comment = comment.strip()
        finding.reviewed_by = user
        finding.reviewed_at = timezone.now()
        finding.save()
    return finding


# --- initiatives --------------------------------------------------------------------------------


def can_manage_initiatives(user: Any, year: int) -> bool:
    return policy.can_manage_register(user, lead_unit_ids(INITIATIVE_KEYS, year))


def propose_initiative(user: Any, initiative: Initiative) -> Initiative:
    """A unit proposes (or corrects its proposal while it is still a proposal)."""
    _allow(
        policy.can_act_on_register_row(user, initiative.unit)
        or can_manage_initiatives(user, initiative.year),
        "Bạn chỉ đề xuất được sáng kiến của đơn vị mình.",
    )
    if (
        initiative.pk
        and initiative.status != Initiative.Status.PROPOSED
        and not (can_manage_initiatives(user, initiative.year))
    ):
        raise RegisterError("Sáng kiến đã được xét, đơn vị không sửa được nữa.")
    with transaction.atomic():
        if initiative.pk is None:
            initiative.created_by = user
        initiative.save()
    return initiative


def decide_initiative(
    user: Any,
    initiative: Initiative,
    status: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    central_body: str = "",
    replicated_from: dt.date | None = None,
) -> Initiative:
    """Sở Nội vụ records the decision: recognised (UBND tỉnh decision), piloted (central body),
    rejected; and whether it is replicated province-wide, from when."""
    _allow(can_manage_initiatives(user, initiative.year), "Chỉ cơ quan chủ trì xét sáng kiến.")
    problems = []
    if status in Initiative.COUNTED and not (decision_number.strip() and decision_date):
        problems.append("Công nhận hoặc cho thí điểm cần số và ngày quyết định.")
    if status == Initiative.Status.PILOTED and not central_body.strip():
        problems.append("Hãy ghi cơ quan Trung ương cho phép thí điểm.")
    if decision_date and decision_date < initiative.proposed_on:
        problems.append("Ngày quyết định không được trước ngày đề xuất.")
    if replicated_from and status not in Initiative.COUNTED:
        problems.append("Chỉ nhân rộng được sáng kiến đã được công nhận hoặc cho thí điểm.")
    if problems:
        raise RegisterError(problems)
    with transaction.atomic():
        initiative.status = status
        initiative.decision_number = decision_number.strip()
        initiative.decision_date = decision_date
        initiative.central_body = central_body.strip()
        initiative.replicated = replicated_from is not None
        initiative.replicated_from = replicated_from
        initiative.save()
    return initiative


# --- Government-assigned tasks ------------------------------------------------------------------


def can_manage_tasks(user: Any, year: int) -> bool:
    return policy.can_manage_register(user, lead_unit_ids(TASK_KEYS, year))


def task_problems(task: GovernmentTask, units: list[Any]) -> list[str]:
    problems = []
    if not units:
        problems.append("Hãy chọn ít nhất một đơn vị được giao.")
    if task.due_date and task.doc_date and task.due_date < task.doc_date:
        problems.append("Hạn hoàn thành không được trước ngày văn bản giao.")
    if task.completed_on and task.doc_date and task.completed_on < task.doc_date:
        problems.append("Ngày hoàn thành không được trước ngày văn bản giao.")
    if task.status == GovernmentTask.Status.DONE and not task.completed_on:
        problems.append("Nhiệm vụ đã hoàn thành cần ngày hoàn thành.")
    return problems


def save_task(user: Any, task: GovernmentTask, units: list[Any]) -> GovernmentTask:
    _allow(can_manage_tasks(user, task.year), "Chỉ Văn phòng UBND tỉnh quản lý nhiệm vụ được giao.")
    problems = task_problems(task, units)
    if problems:
        raise RegisterError(problems)
    with transaction.atomic():
        if task.pk is None:
            task.created_by = user
        task.save()
        task.units.set(units)
    return task


def report_task_done(
    user: Any,
    task: GovernmentTask,
    completed_on: dt.date,
    result: str,
    stream: Any | None,
    filename: str = "",
    meta: documents.Meta | None = None,
) -> GovernmentTask:
    """An assigned unit (or the owner) reports the task completed, with evidence."""
    units = list(task.units.all())
    _allow(
        can_manage_tasks(user, task.year)
        or any(policy.can_act_on_register_row(user, u) for u in units),
        "Chỉ đơn vị được giao báo cáo kết quả nhiệm vụ.",
    )
    problems = []
    if stream is None:
        problems.append("Báo cáo hoàn thành phải kèm tài liệu kiểm chứng.")
    if completed_on < task.doc_date:
        problems.append("Ngày hoàn thành không được trước ngày văn bản giao.")
    if completed_on > timezone.localdate():
        problems.append("Ngày hoàn thành không được sau hôm nay.")
    if not result.strip():
        problems.append("Hãy ghi kết quả thực hiện.")
    if problems:
        raise RegisterError(problems)
    with transaction.atomic():
        task.evidence = store_file(stream, filename, user, meta)
        task.completed_on = completed_on
        task.result = result.strip()
        task.status = GovernmentTask.Status.DONE
        task.save()
    return task


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


def import_tasks(user: Any, rows: list[Any], year: int) -> ImportResult:
    """Write the parsed rows of the national task tracker (see tracker.py): all or nothing."""
    _allow(can_manage_tasks(user, year), "Chỉ Văn phòng UBND tỉnh nhập nhiệm vụ được giao.")
    from parsipas.audit.tracking import record_event

    result = ImportResult()
    with transaction.atomic():
        for row in rows:
            task = None
            if row.tracker_id:
                task = GovernmentTask.objects.filter(year=year, tracker_id=row.tracker_id).first()
            created = task is None
            task = task or GovernmentTask(year=year, tracker_id=row.tracker_id, created_by=user)
            for name in (
                "doc_number",
                "doc_date",
                "issuer",
                "content",
                "due_date",
                "status",
                "completed_on",
            ):
                setattr(task, name, getattr(row, name))
            task.save()
            task.units.set(row.units)
            if created:
                result.created += 1
            else:
                result.updated += 1
        record_event(
            f"Nhập {result.created + result.updated} nhiệm vụ Chính phủ giao năm {year} từ tệp "
            f"({result.created} mới, {result.updated} cập nhật).",
        )
    return result


# --- inter-linked procedures ---------------------------------------------------------------------


def can_manage_procedures(user: Any, year: int) -> bool:
    return policy.can_manage_register(user, lead_unit_ids(PROCEDURE_KEYS, year))


def save_procedure(user: Any, procedure: LinkedProcedure) -> LinkedProcedure:
    _allow(
        can_manage_procedures(user, procedure.decision_date.year),
        "Chỉ Văn phòng UBND tỉnh quản lý danh mục TTHC liên thông.",
    )
    with transaction.atomic():
        if procedure.pk is None:
            procedure.created_by = user
        procedure.save()
    return procedure


def delete_procedure(user: Any, procedure: LinkedProcedure) -> None:
    _allow(
        can_manage_procedures(user, procedure.decision_date.year),
        "Chỉ Văn phòng UBND tỉnh quản lý danh mục TTHC liên thông.",
    )
    with transaction.atomic():
        procedure.delete()
