"""The internal index's workflow: self-assessment, appraisal, one answer, finalisation, ranking.

    draft --submit--> submitted --appraise--> appraised --answer (once)--> answered
                                                   \\--------finalise--------/--> finalised
    publish (per framework): ranks the finalised assessments, agencies and communes apart
    (each framework holds one kind of unit), and shows each unit its own result and rank.

Every step checks its precondition here and raises WorkflowError with a Vietnamese message;
views only ask `policy` who may try.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from parsipas.audit.tracking import record_event
from parsipas.lib.bounds import plain
from parsipas.par.models import (
    Criterion,
    CriterionAssessment,
    Evidence,
    Framework,
    Scope,
    UnitAssessment,
)
from parsipas.par.scoring import (
    NOT_APPLICABLE,
    ScoringError,
    TreeScore,
    competition_ranks,
    method_points,
    score_tree,
)
from parsipas.reporting import documents
from parsipas.reporting import evidence as evidence_files
from parsipas.units.models import COMMUNE_KINDS, Unit, UnitKind

Status = UnitAssessment.Status


class WorkflowError(ValueError):
    def __init__(self, errors: list[str] | str) -> None:
        self.errors = [errors] if isinstance(errors, str) else errors
        super().__init__("\n".join(self.errors))


def unit_scope(unit: Unit) -> str | None:
    """Which internal index a unit belongs to (agencies and communes are ranked apart)."""
    if unit.kind == UnitKind.AGENCY:
        return Scope.AGENCY
    if unit.kind in COMMUNE_KINDS:
        return Scope.COMMUNE
    return None


def units_in_scope(framework: Framework) -> Any:
    units = Unit.objects.active()
    return units.agencies() if framework.scope == Scope.AGENCY else units.communes()


def leaves(framework: Framework) -> list[Criterion]:
    kind = framework.scope
    return [
        c
        for c in framework.criteria.select_related("parent").order_by("order", "pk")
        if not c.is_group and c.applies_to in ("all", kind)
    ]


@transaction.atomic
def start(framework: Framework, unit: Unit) -> UnitAssessment:
    """The unit's assessment, with one entry per applicable leaf (created on first use)."""
    if unit_scope(unit) != framework.scope:
        raise WorkflowError(f"{unit} không thuộc phạm vi của {framework}.")
    assessment, _ = UnitAssessment.objects.get_or_create(framework=framework, unit=unit)
    have = set(assessment.entries.values_list("criterion_id", flat=True))
    CriterionAssessment.objects.bulk_create(
        [
            CriterionAssessment(assessment=assessment, criterion=c)
            for c in leaves(framework)
            if c.pk not in have
        ]
    )
    return assessment


def entries(assessment: UnitAssessment) -> list[CriterionAssessment]:
    return list(
        assessment.entries.select_related("criterion", "criterion__parent")
        .prefetch_related("evidence")
        .order_by("criterion__order")
    )


def self_score(criterion: Criterion, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return method_points(criterion.method, criterion.params or {}, criterion.max_points, value)


def can_edit_self(assessment: UnitAssessment) -> bool:
    return assessment.status == Status.DRAFT and assessment.framework.accepts_self_assessment()


@dataclass
class EntryInput:
    not_applicable: bool = False
    value: Decimal | None = None
    explanation: str = ""
    evidence_link: str = ""
    report_evidence_ids: list[int] | None = None  # None: leave as it is


@dataclass(frozen=True)
class FiledEvidence:
    """A file the unit already sent with a periodic report on a linked plan criterion."""

    id: int
    name: str
    where: str  # "Báo cáo Quý I · tiêu chí 1.1"
    document: str = ""  # "Kế hoạch số 12/KH-STP ngày 3/2/2026 của Sở Tư pháp — …"


def filed_evidence(assessment: UnitAssessment) -> dict[int, list[FiledEvidence]]:
    """criterion id -> evidence the unit filed in that year's reports on the criterion's
    plan_codes. Empty when the reporting module is not there."""
    try:
        from parsipas.reporting.models import Evidence as ReportEvidence
    except ImportError:
        return {}
    framework = assessment.framework
    criteria = [c for c in leaves(framework) if c.plan_codes]
    keys = {key for c in criteria for key in c.plan_codes}
    if not keys:
        return {}
    rows = (
        ReportEvidence.objects.filter(
            report__assignment__unit=assessment.unit,
            report__period__year=framework.year,
            report__assignment__node__plan__year=framework.year,
        )
        .select_related("report__period", "report__assignment__node")
        .order_by("report__period__start", "pk")
    )
    by_key: dict[str, list[FiledEvidence]] = {}
    for ev in rows:
        node = ev.report.assignment.node
        if node.key in keys:
            by_key.setdefault(node.key, []).append(
                FiledEvidence(
                    ev.pk,
                    ev.original_name,
                    f"Báo cáo {ev.report.period.name} · tiêu chí {node.code}",
                    documents.describe(ev),
                )
            )
    found: dict[int, list[FiledEvidence]] = {}
    for c in criteria:
        items = [item for key in c.plan_codes for item in by_key.get(key, [])]
        if items:
            found[c.pk] = items
    return found


@transaction.atomic
def save_self(assessment: UnitAssessment, inputs: dict[int, EntryInput]) -> None:
    """Save the unit's values (by entry id); the self-score follows from the method."""
    if not can_edit_self(assessment):
        raise WorkflowError(_closed_message(assessment))
    errors = []
    offered = filed_evidence(assessment)
    for entry in assessment.entries.select_related("criterion"):
        item = inputs.get(entry.pk)
        if item is None:
            continue
        if item.report_evidence_ids is not None:
            allowed = {f.id for f in offered.get(entry.criterion_id, [])}
            entry.report_evidence_ids = sorted(set(item.report_evidence_ids) & allowed)
        entry.not_applicable = item.not_applicable
        entry.value = None if item.not_applicable else item.value
        entry.explanation = item.explanation.strip()
        entry.evidence_link = item.evidence_link.strip()
        try:
            entry.self_score = (
                None if entry.not_applicable else self_score(entry.criterion, entry.value)
            )
        except ScoringError as exc:
            errors.append(f"Tiêu chí {entry.criterion.code}: {exc}")
            continue
        entry.save()
    if errors:
        raise WorkflowError(errors)


def _closed_message(assessment: UnitAssessment) -> str:
    if assessment.status != Status.DRAFT:
        return "Bản tự đánh giá đã gửi, không sửa được nữa."
    framework = assessment.framework
    if framework.is_published:
        return "Kết quả đã công bố."
    if not framework.window_open:
        return "Đợt tự đánh giá chưa mở hoặc đã đóng."
    return f"Đã quá hạn tự đánh giá ({framework.window_deadline:%d/%m/%Y})."


@transaction.atomic
def add_evidence(
    entry: CriterionAssessment, upload: Any, user: Any, meta: documents.Meta | None = None
) -> Evidence:
    """One file for the entry, with the document it is (`meta`; blanks read from its name)."""
    if not can_edit_self(entry.assessment):
        raise WorkflowError(_closed_message(entry.assessment))
    # The same checks as report evidence: size, and the type read from the content, not the name.
    try:
        checked = evidence_files.check(upload.file, upload.name)
        prepared = documents.prepare(
            meta or documents.Meta(), evidence_files.safe_name(upload.name)
        )
    except (evidence_files.EvidenceError, documents.MetaError) as exc:
        raise WorkflowError(str(exc)) from exc
    upload.file.seek(0)
    evidence = Evidence(
        entry=entry,
        name=evidence_files.safe_name(upload.name)[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    documents.apply(evidence, prepared)
    evidence.file.save(upload.name, ContentFile(upload.file.read()), save=False)
    evidence.save()
    record_event(
        f"Thêm tài liệu kiểm chứng '{evidence.name}' cho tiêu chí {entry.criterion.code}",
        entry.assessment,
    )
    return evidence


def remove_evidence(evidence: Evidence) -> None:
    if not can_edit_self(evidence.entry.assessment):
        raise WorkflowError(_closed_message(evidence.entry.assessment))
    record_event(f"Xóa tài liệu kiểm chứng '{evidence.name}'", evidence.entry.assessment)
    name = evidence.file.name
    evidence.delete()
    # Each PAR upload has a file of its own (stored under a unique name): it goes with its record,
    # once the deletion is committed.
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def submission_problems(assessment: UnitAssessment) -> list[str]:
    problems = []
    for entry in entries(assessment):
        c = entry.criterion
        if entry.not_applicable:
            if not entry.explanation:
                problems.append(
                    f"Tiêu chí {c.code}: cần giải trình vì sao không áp dụng với đơn vị."
                )
            continue
        if entry.value is None:
            problems.append(f"Tiêu chí {c.code}: chưa nhập giá trị tự đánh giá.")
        has_evidence = bool(entry.evidence_link or entry.report_evidence_ids) or bool(
            list(entry.evidence.all())
        )
        if c.evidence_required and not has_evidence and not entry.explanation:
            problems.append(
                f"Tiêu chí {c.code}: cần tài liệu kiểm chứng (tệp, tài liệu đã nộp kèm báo cáo hoặc liên kết), "
                "hoặc giải trình vì sao chưa có."
            )
    return problems


@transaction.atomic
def submit(assessment: UnitAssessment, user: Any) -> None:
    if not can_edit_self(assessment):
        raise WorkflowError(_closed_message(assessment))
    problems = submission_problems(assessment)
    if problems:
        raise WorkflowError(problems)
    assessment.status = Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.save()


@dataclass
class Appraisal:
    score: Decimal | None = None
    comment: str = ""
    not_applicable: bool = False


@transaction.atomic
def appraise(assessment: UnitAssessment, appraisals: dict[int, Appraisal], user: Any) -> None:
    """The team's score for every criterion (the unit's not-applicable claims may be refused)."""
    if assessment.status not in (Status.SUBMITTED, Status.APPRAISED):
        raise WorkflowError("Chỉ thẩm định được bản tự đánh giá đã gửi và chưa có phản hồi.")
    if assessment.framework.is_published:
        raise WorkflowError("Kết quả đã công bố.")
    errors = []
    for entry in assessment.entries.select_related("criterion"):
        item = appraisals.get(entry.pk)
        if item is None:
            errors.append(f"Tiêu chí {entry.criterion.code}: thiếu ý kiến thẩm định.")
            continue
        entry.not_applicable = item.not_applicable
        entry.appraisal_comment = item.comment.strip()
        if item.not_applicable:
            entry.appraised_score = None
        elif item.score is None:
            errors.append(f"Tiêu chí {entry.criterion.code}: chưa nhập điểm thẩm định.")
            continue
        elif not Decimal(0) <= item.score <= entry.criterion.max_points:
            errors.append(
                f"Tiêu chí {entry.criterion.code}: điểm thẩm định phải từ 0 đến {plain(entry.criterion.max_points)}."
            )
            continue
        else:
            entry.appraised_score = item.score
        entry.save()
    if errors:
        raise WorkflowError(errors)  # leaving the atomic block undoes the entries saved above
    assessment.status = Status.APPRAISED
    assessment.appraised_at = timezone.now()
    assessment.appraised_by = user
    assessment.save()


@transaction.atomic
def answer(assessment: UnitAssessment, general: str, per_entry: dict[int, str], user: Any) -> None:
    """The unit's one answer to the appraisal."""
    if assessment.status != Status.APPRAISED:
        if assessment.status in (Status.ANSWERED, Status.FINALISED):
            raise WorkflowError("Đơn vị chỉ được phản hồi một lần; đã phản hồi hoặc đã chốt.")
        raise WorkflowError("Chưa có kết quả thẩm định để phản hồi.")
    if not general.strip() and not any(t.strip() for t in per_entry.values()):
        raise WorkflowError("Hãy nhập ý kiến phản hồi (chung hoặc cho từng tiêu chí).")
    for entry in assessment.entries.all():
        text = per_entry.get(entry.pk, "").strip()
        if text:
            entry.answer = text
            entry.save(update_fields=["answer"])
    assessment.answer = general.strip()
    assessment.status = Status.ANSWERED
    assessment.answered_at = timezone.now()
    assessment.answered_by = user
    assessment.save()


def score_assessment(assessment: UnitAssessment) -> TreeScore:
    """The unit's score now: final, else appraised, else self scores; re-based."""
    framework = assessment.framework
    values: dict[str, Any] = {}
    given: dict[str, Decimal] = {}
    for entry in assessment.entries.select_related("criterion"):
        code = entry.criterion.code
        if entry.not_applicable:
            values[code] = NOT_APPLICABLE
        elif entry.score is not None:
            given[code] = entry.score
            values[code] = entry.value
    scoring = [
        c.as_scoring() for c in framework.criteria.select_related("parent").order_by("order", "pk")
    ]
    return score_tree(scoring, values, framework.scope, given_points=given)


@transaction.atomic
def finalise(
    assessment: UnitAssessment, finals: dict[int, tuple[Decimal | None, str]], user: Any
) -> None:
    """The team closes the assessment; a final score (optional) replaces the appraised one."""
    if assessment.status not in (Status.APPRAISED, Status.ANSWERED):
        raise WorkflowError("Chỉ chốt được bản đã thẩm định.")
    errors = []
    for entry in assessment.entries.select_related("criterion"):
        score, comment = finals.get(entry.pk, (None, ""))
        if score is not None and not Decimal(0) <= score <= entry.criterion.max_points:
            errors.append(
                f"Tiêu chí {entry.criterion.code}: điểm chốt phải từ 0 đến {plain(entry.criterion.max_points)}."
            )
            continue
        if score is not None or comment:
            entry.final_score = score
            entry.final_comment = comment.strip()
            entry.save(update_fields=["final_score", "final_comment"])
    if errors:
        raise WorkflowError(errors)  # leaving the atomic block undoes the entries saved above
    total = score_assessment(assessment)
    assessment.points = total.points
    assessment.max_points = total.max_points
    assessment.status = Status.FINALISED
    assessment.finalised_at = timezone.now()
    assessment.finalised_by = user
    assessment.save()


def ranking(framework: Framework) -> list[tuple[int | None, UnitAssessment]]:
    """Finalised assessments of the framework, best percent first, ties sharing a rank."""
    finalised = list(framework.assessments.filter(status=Status.FINALISED).select_related("unit"))
    return competition_ranks(finalised, key=lambda a: a.percent)


@transaction.atomic
def publish(framework: Framework) -> int:
    """Rank the finalised assessments and show each unit its result. Returns how many."""
    if not framework.is_internal:
        raise WorkflowError("Chỉ công bố được kết quả Chỉ số CCHC nội bộ.")
    ranked = ranking(framework)
    if not ranked:
        raise WorkflowError("Chưa có đơn vị nào được chốt kết quả.")
    for rank, assessment in ranked:
        assessment.rank = rank
        assessment.save(update_fields=["rank"])
    framework.window_open = False
    framework.published_at = timezone.now()
    framework.save()
    record_event(f"Công bố kết quả {framework}: {len(ranked)} đơn vị được xếp hạng.", framework)
    return len(ranked)


@transaction.atomic
def unpublish(framework: Framework) -> None:
    framework.published_at = None
    framework.save()
    framework.assessments.update(rank=None)
    record_event(f"Thu hồi công bố kết quả {framework}.", framework)
