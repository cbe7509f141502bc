"""Saving, submitting and reviewing reports: the only place a report changes.

Views and the Excel import call these functions after asking `policy`; every function re-reads the
report under a row lock, checks the version the person was looking at, and records a dated,
signed `ReportEvent` for each workflow step. Field changes reach the audit trail through
`audit.tracking.track(Report)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.models import Role, User
from parsipas.plans.models import Assignment, Target
from parsipas.reporting import computed, documents
from parsipas.reporting.models import (
    Evidence,
    Notification,
    Report,
    ReportEvent,
    ReportingPeriod,
    TargetFigure,
)
from parsipas.reporting.targets import evaluate

Status = Report.Status
Workflow = Report.Workflow


class ReportError(Exception):
    """A step that cannot be done, with the reasons in Vietnamese."""

    def __init__(self, messages: list[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class VersionConflict(ReportError):
    """Someone saved the report after this person opened it."""

    def __init__(self, current: Report) -> None:
        self.current = current
        who = current.updated_by.display_name if current.updated_by else "một người khác"
        when = timezone.localtime(current.updated_at).strftime("%H:%M ngày %d/%m/%Y")
        super().__init__(
            f"Báo cáo tiêu chí {current.assignment.node.code} vừa được {who} cập nhật lúc {when}, "
            "sau khi bạn mở trang. Thay đổi của bạn CHƯA được lưu để không ghi đè lên bản của họ. "
            "Hãy xem bản mới nhất, rồi nhập lại phần của bạn nếu vẫn cần."
        )


@dataclass
class FigureInput:
    value: Decimal | None = None
    previous_value: Decimal | None = None
    note: str = ""
    override_reason: str = ""  # why a computed figure is replaced by another number


@dataclass
class ReportInput:
    """What a person typed for one report (form, desk row or Excel row)."""

    status: str
    narrative: str = ""
    difficulties: str = ""
    proposals: str = ""
    no_evidence_reason: str = ""
    figures: dict[int, FigureInput] = field(default_factory=dict)  # target id -> input


TEXT_FIELDS = ("status", "narrative", "difficulties", "proposals", "no_evidence_reason")
VERSION_KEY = "reporting:reports-version"


def reports_version() -> int:
    """A number that changes whenever any report changes here: pages built from every report
    (the province dashboard) cache under it, so they are stale for no longer than a commit."""
    return int(cache.get_or_set(VERSION_KEY, 1, None) or 1)


def _changed() -> None:
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def report_for(assignment: Assignment, period: ReportingPeriod) -> Report:
    """The saved report, or a new unsaved draft (nothing is written on reading)."""
    report = (
        Report.objects.select_related("updated_by", "reviewed_by")
        .filter(assignment=assignment, period=period)
        .first()
    )
    if report is None:
        report = Report(assignment=assignment, period=period, version=0)
    report.assignment = assignment
    report.period = period
    return report


def report_url(report: Report) -> str:
    return reverse(
        "report_detail", args=[report.period.year, report.period.code, report.assignment_id]
    )


def differs(report: Report, figures: dict[int, TargetFigure], data: ReportInput) -> bool:
    """Whether saving `data` would change anything (untouched desk rows are not saved)."""
    if any(getattr(report, name) != getattr(data, name) for name in TEXT_FIELDS):
        return True
    for target_id, new in data.figures.items():
        old = figures.get(target_id)
        before = (
            (old.value, old.previous_value, old.note, old.override_reason)
            if old
            else (None, None, "", "")
        )
        if before != (new.value, new.previous_value, new.note, new.override_reason):
            return True
    return False


def _locked(report: Report) -> Report | None:
    if report.pk is None:
        return (
            Report.objects.select_for_update(of=("self",))
            .filter(assignment_id=report.assignment_id, period_id=report.period_id)
            .first()
        )
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=report.pk)
    )


def _check_version(current: Report | None, expected_version: int | None) -> None:
    if expected_version is None:
        return
    current_version = current.version if current else 0
    if current_version != expected_version:
        if current is None:
            raise ReportError("Báo cáo không còn tồn tại. Hãy tải lại trang.")
        current.assignment = Assignment.objects.select_related("node", "unit").get(
            pk=current.assignment_id
        )
        raise VersionConflict(current)


def _refresh_into(report: Report, current: Report) -> None:
    for f in Report._meta.concrete_fields:
        setattr(report, f.attname, getattr(current, f.attname))


def save_report(
    report: Report,
    data: ReportInput,
    user: User,
    targets: Iterable[Target],
    expected_version: int | None,
) -> Report:
    """Write the unit's input; raises VersionConflict or ReportError (not editable, or a computed
    figure replaced by another number without a reason)."""
    if data.status not in Status.values:
        raise ReportError("Tình trạng không hợp lệ.")
    targets = list(targets)
    found = computed.for_report(report, targets)
    problems = _apply_computed(data, targets, found)
    if problems:
        raise ReportError(problems)
    with transaction.atomic():
        current = _locked(report)
        _check_version(current, expected_version)
        if current is not None:
            _refresh_into(report, current)
        if report.workflow not in (Workflow.DRAFT, Workflow.RETURNED):
            raise ReportError("Báo cáo đã gửi hoặc đã được chấp nhận, không sửa được nữa.")
        _require_open(report.period)
        for name in TEXT_FIELDS:
            setattr(report, name, getattr(data, name))
        report.version = (report.version or 0) + 1
        report.updated_by = user
        if report.pk is None:
            _insert_first(report, expected_version)
        else:
            report.save()
        _save_figures(report, data, targets, found)
        _changed()
    return report


def _insert_first(report: Report, expected_version: int | None) -> None:
    """The first save of a report. Two people saving it at once both find no row to lock; on
    PostgreSQL the second insert then waits on the unique key and fails: that is the same
    conflict as a stale version (409), never a crash."""
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        report.pk = None
        current = (
            Report.objects.select_related("updated_by")
            .filter(assignment_id=report.assignment_id, period_id=report.period_id)
            .first()
        )
        if current is None:
            raise
        current.assignment = Assignment.objects.select_related("node", "unit").get(
            pk=current.assignment_id
        )
        raise VersionConflict(current) from None


def _apply_computed(
    data: ReportInput, targets: list[Target], found: dict[int, computed.Computed]
) -> list[str]:
    """Fill computed figures the person left empty; list the ones replaced without a reason."""
    problems = []
    for target in targets:
        item = found.get(target.pk)
        if item is None:
            continue
        new = data.figures.setdefault(target.pk, FigureInput())
        new.override_reason = new.override_reason.strip()
        if new.value is None and not new.override_reason:
            new.value = item.value
        if computed.same(new.value, item.value):
            new.value, new.override_reason = item.value, ""
        problem = computed.override_problem(target, item, new.value, new.override_reason)
        if problem:
            problems.append(problem)
    return problems


def _save_figures(
    report: Report,
    data: ReportInput,
    targets: list[Target],
    found: dict[int, computed.Computed] | None = None,
) -> None:
    found = found or {}
    existing = {f.target_id: f for f in report.figures.all()} if report.pk else {}
    for target in targets:
        new = data.figures.get(target.pk)
        if new is None:
            continue
        fig = existing.get(target.pk) or TargetFigure(report=report, target=target)
        result = evaluate(
            target.op, target.value, target.value_max, new.value, previous=new.previous_value
        )
        item = found.get(target.pk)
        snapshot = (
            (item.value, item.text[:300], item.source[:200], item.url[:300])
            if item
            else (None, "", "", "")
        )
        values = (new.value, new.previous_value, new.note, result, new.override_reason, *snapshot)
        if fig.pk and values == (
            fig.value,
            fig.previous_value,
            fig.note,
            fig.result,
            fig.override_reason,
            fig.computed_value,
            fig.computed_text,
            fig.computed_source,
            fig.computed_url,
        ):
            continue
        (
            fig.value,
            fig.previous_value,
            fig.note,
            fig.result,
            fig.override_reason,
            fig.computed_value,
            fig.computed_text,
            fig.computed_source,
            fig.computed_url,
        ) = values
        fig.save()


# --- checks -------------------------------------------------------------------------------------


def _require_open(period: ReportingPeriod) -> None:
    if period.state == ReportingPeriod.State.PLANNED:
        raise ReportError(
            f"Kỳ {period.label_in_sentence} chưa mở: đơn vị báo cáo từ ngày "
            f"{period.start:%d/%m/%Y}."
        )


def submission_problems(report: Report, evidence_count: int) -> list[str]:
    """Why the report cannot be sent yet (empty when it can)."""
    problems = []
    if report.status != Status.NOT_STARTED and not report.narrative.strip():
        problems.append("Chưa nhập kết quả thực hiện.")
    if report.status == Status.NOT_DONE and not report.difficulties.strip():
        problems.append("Báo cáo 'Không hoàn thành' cần nêu khó khăn, vướng mắc (lý do).")
    if (
        report.status == Status.DONE
        and evidence_count == 0
        and not report.no_evidence_reason.strip()
    ):
        problems.append(
            "Báo cáo 'Hoàn thành' cần có tài liệu kiểm chứng, hoặc ghi rõ lý do không có tài liệu."
        )
    return problems


def missing_items(
    report: Report | None,
    targets: list[Target],
    figures: dict[int, TargetFigure],
    evidence_count: int,
) -> list[str]:
    """What the desk shows as 'còn thiếu' for one assignment."""
    if report is None or report.pk is None:
        return ["Chưa bắt đầu báo cáo"]
    if report.workflow not in (Workflow.DRAFT, Workflow.RETURNED):
        return []
    missing = submission_problems(report, evidence_count)
    if report.status != Status.NOT_STARTED:
        empty = [t for t in targets if figures.get(t.pk) is None or figures[t.pk].value is None]
        if empty:
            missing.append(f"Chưa nhập số liệu {len(empty)}/{len(targets)} chỉ tiêu.")
    return missing


def evidence_count(report: Report) -> int:
    return Evidence.objects.filter(report=report).count() if report.pk else 0


# --- workflow steps -------------------------------------------------------------------------------


def _event(report: Report, action: str, user: User | None, comment: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        action=action,
        user=user,
        user_name=(user.display_name if user else "hệ thống"),
        comment=comment,
    )


def submit(report: Report, user: User, expected_version: int | None = None) -> Report:
    """draft/returned -> submitted. The first submission fixes whether the report is late."""
    with transaction.atomic():
        current = _locked(report)
        if current is None:
            raise ReportError("Báo cáo chưa có nội dung: hãy nhập và lưu trước khi gửi.")
        _check_version(current, expected_version)
        _refresh_into(report, current)
        if report.workflow not in (Workflow.DRAFT, Workflow.RETURNED):
            raise ReportError("Báo cáo này đã được gửi.")
        if report.period.state == ReportingPeriod.State.LOCKED and not report.reopened:
            raise ReportError("Kỳ báo cáo đã khóa, không gửi được nữa.")
        _require_open(report.period)
        problems = submission_problems(report, evidence_count(report))
        if problems:
            raise ReportError(problems)
        now = timezone.now()
        resubmission = report.workflow == Workflow.RETURNED
        if report.first_submitted_at is None:
            report.first_submitted_at = now
            report.late = (
                report.period.state == ReportingPeriod.State.CLOSED
                or timezone.localdate(now) > report.period.due_date
            )
        report.submitted_at = now
        report.workflow = Workflow.SUBMITTED
        report.version += 1
        report.updated_by = user
        report.save()
        _event(
            report,
            ReportEvent.Action.RESUBMITTED if resubmission else ReportEvent.Action.SUBMITTED,
            user,
        )
        _changed()
        node = report.assignment.node
        unit = report.assignment.unit
        notify(
            lead_officers(node),
            Notification.Kind.REVIEW,
            f"{unit.name} đã {'gửi lại' if resubmission else 'gửi'} báo cáo tiêu chí {node.code} "
            f"({report.period.name} {report.period.year}) — chờ duyệt.",
            report_url(report),
        )
    return report


def withdraw(report: Report, user: User) -> Report:
    """submitted -> draft (before the lead has reviewed it), to correct a mistake."""
    with transaction.atomic():
        current = _locked(report)
        if current is None or current.workflow != Workflow.SUBMITTED:
            raise ReportError("Chỉ rút lại được báo cáo đã gửi và chưa được duyệt.")
        _refresh_into(report, current)
        report.workflow = Workflow.DRAFT
        report.version += 1
        report.updated_by = user
        report.save()
        _event(report, ReportEvent.Action.WITHDRAWN, user)
        _changed()
    return report


def review(report: Report, user: User, accept: bool, comment: str = "") -> Report:
    """submitted -> accepted (frozen) or returned (with the lead's comment)."""
    comment = comment.strip()
    if not accept and not comment:
        raise ReportError("Khi trả lại báo cáo, hãy ghi ý kiến để đơn vị biết cần sửa gì.")
    if not policy.is_admin(user) and policy.is_own_unit_report(user, report):
        raise ReportError(
            "Không duyệt được báo cáo của chính đơn vị mình. " + policy.self_review_note(report)
        )
    with transaction.atomic():
        current = _locked(report)
        if current is None or current.workflow != Workflow.SUBMITTED:
            raise ReportError(
                "Báo cáo này không ở trạng thái chờ duyệt (có thể đã được duyệt hoặc rút lại)."
            )
        _refresh_into(report, current)
        report.workflow = Workflow.ACCEPTED if accept else Workflow.RETURNED
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.review_comment = comment
        if accept:
            report.reopened = False
        report.version += 1
        report.updated_by = user
        report.save()
        _event(
            report,
            ReportEvent.Action.ACCEPTED if accept else ReportEvent.Action.RETURNED,
            user,
            comment,
        )
        _changed()
        node = report.assignment.node
        text = (
            f"Báo cáo tiêu chí {node.code} ({report.period.name} {report.period.year}) đã được chấp nhận."
            if accept
            else f"Báo cáo tiêu chí {node.code} ({report.period.name} {report.period.year}) bị trả lại: {comment}"
        )
        notify(
            unit_officers(report.assignment.unit_id),
            Notification.Kind.ACCEPTED if accept else Notification.Kind.RETURNED,
            text[:500],
            report_url(report),
        )
    return report


def reopen(report: Report, user: User, comment: str) -> Report:
    """The admin unfreezes one report (accepted, or in a locked period) so the unit can correct it."""
    comment = comment.strip()
    if not comment:
        raise ReportError("Hãy ghi lý do mở lại báo cáo.")
    with transaction.atomic():
        current = _locked(report)
        if current is None:
            raise ReportError("Báo cáo chưa tồn tại.")
        _refresh_into(report, current)
        report.reopened = True
        if report.workflow == Workflow.ACCEPTED:
            report.workflow = Workflow.RETURNED
            report.review_comment = comment
        report.version += 1
        report.updated_by = user
        report.save()
        _event(report, ReportEvent.Action.REOPENED, user, comment)
        _changed()
        notify(
            unit_officers(report.assignment.unit_id),
            Notification.Kind.REOPENED,
            f"Báo cáo tiêu chí {report.assignment.node.code} ({report.period.name} {report.period.year}) "
            f"được mở lại để sửa: {comment}"[:500],
            report_url(report),
        )
    return report


# --- recipients and notifications ---------------------------------------------------------------


def unit_officers(unit_id: int) -> list[User]:
    """The people who write a unit's reports (its unit officers and its lead officers)."""
    return list(
        User.objects.filter(is_active=True, unit_id=unit_id, role__in=(Role.UNIT, Role.LEAD))
    )


def lead_officers(node: Any) -> list[User]:
    """The lead officers of the units that lead `node`."""
    return list(
        User.objects.filter(
            is_active=True, role=Role.LEAD, unit__in=node.lead_units.all()
        ).distinct()
    )


def notify(users: Iterable[User], kind: str, text: str, url: str = "") -> None:
    Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, text=text[:500], url=url[:300]) for u in users]
    )


# --- evidence -------------------------------------------------------------------------------------


def add_evidence(
    report: Report,
    stream: Any,
    filename: str,
    user: User,
    doc_number: str = "",
    doc_date: Any = None,
    *,
    meta: documents.Meta | None = None,
) -> Evidence:
    """Check and store one file for `report` (the caller has checked `can_edit_report`).

    The document's metadata is checked (a future date or an impossible number is refused with
    documents.MetaError, nothing stored) and its blank fields are read from the file name."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    from parsipas.reporting import evidence as files

    checked = files.check(stream, filename)
    shown_name = files.safe_name(filename)[:255]
    meta = meta or documents.Meta(doc_number=doc_number.strip(), doc_date=doc_date or None)
    prepared = documents.prepare(meta, shown_name)
    name = files.storage_name(checked.sha256)
    item = Evidence(
        report=report,
        original_name=shown_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    documents.apply(item, prepared)
    with transaction.atomic():
        _lock_content(checked.sha256)
        if not default_storage.exists(name):
            stream.seek(0)
            name = default_storage.save(name, File(stream, name=checked.sha256))
        item.file.name = name
        item.save()
        _changed()
    return item


def update_evidence_meta(item: Evidence, meta: documents.Meta) -> Evidence:
    """Correct the document's metadata of a stored file (the caller has checked
    `can_edit_evidence_meta`: the report's own unit, while the report is editable)."""
    prepared = documents.check(meta, filename=item.original_name)
    with transaction.atomic():
        documents.apply(item, prepared)
        item.save(update_fields=list(documents.META_FIELDS))
        _changed()
    return item


def remove_evidence(item: Evidence) -> None:
    """Delete the record; the stored file goes too unless another evidence shares its content."""
    from django.core.files.storage import default_storage

    name = item.file.name
    with transaction.atomic():
        _lock_content(item.sha256)
        item.delete()
        if name and not Evidence.objects.filter(file=name).exists():
            default_storage.delete(name)
        _changed()


def _lock_content(sha256: str) -> None:
    """Serialise every change to the records of one stored content until the transaction ends.

    Files are stored once by content, so "is this file still used?" and "the file is there, just
    add a record" must not interleave: a deletion that counted no other user and an upload that
    found the file would lose the upload's file. Both take this lock first, count the records
    under it and delete the file before they commit. PostgreSQL: a transaction-scoped advisory
    lock keyed by the hash; SQLite runs one writing transaction at a time (IMMEDIATE) anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(sha256[:15], 16)])


# --- computed figures -----------------------------------------------------------------------------


def refresh_computed_figures(period: ReportingPeriod) -> int:
    """Bring every saved figure of `period` whose target the system computes up to the current
    computed value (with its source), unless a person overrode it with a reason. Used after a
    register or dossier import changed what the reports should say. Returns the figures changed."""
    from parsipas.audit.tracking import record_event

    figures = list(
        TargetFigure.objects.filter(report__period=period, override_reason="").select_related(
            "target__node", "report__assignment"
        )
    )
    if not figures:
        return 0
    window = computed.Window.of_period(period)
    unit_ids = sorted({f.report.assignment.unit_id for f in figures})
    per_unit = computed.unit_figures(window, unit_ids)
    targets = {f.target_id: f.target for f in figures}
    matched = {
        unit_id: computed.match(items, targets.values()) for unit_id, items in per_unit.items()
    }
    changed = []
    for fig in figures:
        item = matched.get(fig.report.assignment.unit_id, {}).get(fig.target_id)
        if item is None:
            continue
        t = fig.target
        result = evaluate(t.op, t.value, t.value_max, item.value, previous=fig.previous_value)
        new = (item.value, result, item.value, item.text[:300], item.source[:200], item.url[:300])
        old = (
            fig.value,
            fig.result,
            fig.computed_value,
            fig.computed_text,
            fig.computed_source,
            fig.computed_url,
        )
        if new != old:
            (
                fig.value,
                fig.result,
                fig.computed_value,
                fig.computed_text,
                fig.computed_source,
                fig.computed_url,
            ) = new
            changed.append(fig)
    with transaction.atomic():
        TargetFigure.objects.bulk_update(
            changed,
            [
                "value",
                "result",
                "computed_value",
                "computed_text",
                "computed_source",
                "computed_url",
            ],
            batch_size=500,
        )
        if changed:
            record_event(
                f"Cập nhật {len(changed)} số liệu tự động của {period.label_in_sentence} "
                "theo sổ theo dõi và dữ liệu hồ sơ."
            )
    return len(changed)
