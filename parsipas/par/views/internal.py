"""The internal index: a unit self-assesses, the team appraises, the unit answers once, the team
finalises, the admin publishes the ranking; each unit sees its own result and rank."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib import numbers
from parsipas.par import assessments, system_figures
from parsipas.par.assessments import Appraisal, EntryInput, WorkflowError
from parsipas.par.models import Evidence, Framework, Scope, UnitAssessment
from parsipas.par.projection import depths
from parsipas.par.scoring import ScoringError, to_decimal
from parsipas.reporting import documents
from parsipas.reporting import evidence as evidence_files
from parsipas.reporting.forms import DocumentMetaForm
from parsipas.units.models import Unit

Status = UnitAssessment.Status


@policy.login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if policy.can_view_par_projection(request.user):
        return redirect("par_projection")
    return redirect("par_self_home")


def _number(text: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    return to_decimal(text)


def _tree_rows(
    framework: Framework, entries: list[Any], filed: dict[int, list[Any]] | None = None
) -> list[tuple[Any, int, Any, list[Any]]]:
    """(criterion, depth, entry or None, filed evidence) in framework order; groups as headings.

    Filed evidence: what the unit sent with its reports on the criterion's plan codes, each
    marked `chosen` when the entry points to it."""
    criteria = framework.ordered_criteria()
    depth = depths(criteria)
    by_criterion = {e.criterion_id: e for e in entries}
    rows = []
    for c in criteria:
        entry = by_criterion.get(c.pk)
        if c.is_group or entry is not None:
            chosen = set(entry.report_evidence_ids or []) if entry is not None else set()
            items = [(f, f.id in chosen) for f in (filed or {}).get(c.pk, [])]
            rows.append((c, depth[c.pk], entry, items))
    return rows


@policy.login_required
def self_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The unit's internal index, year by year: current window, results and rank once published."""
    unit = request.user.unit
    if unit is None or not policy.can_self_assess(request.user, unit):
        policy.require(
            policy.is_appraiser(request.user) or policy.can_view_province(request.user),
            "Trang này dành cho cán bộ của cơ quan, xã, phường.",
        )
        return redirect("par_appraisal_queue")
    scope = assessments.unit_scope(unit)
    items = []
    for framework in Framework.objects.filter(scope=scope).order_by("-year"):
        assessment = UnitAssessment.objects.filter(framework=framework, unit=unit).first()
        items.append(
            {
                "framework": framework,
                "assessment": assessment,
                "can_start": framework.accepts_self_assessment(),
                "ranked": framework.assessments.filter(rank__isnull=False).count()
                if framework.is_published
                else 0,
            }
        )
    return render(
        request,
        "par/self_home.html",
        {
            "unit": unit,
            "items": items,
            "scope": scope,
            "is_appraiser": policy.is_appraiser(request.user),
        },
    )


@policy.login_required
def self_assess(
    request: AuthenticatedHttpRequest, pk: int, unit_code: str | None = None
) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk, scope__in=[Scope.AGENCY, Scope.COMMUNE])
    unit = get_object_or_404(Unit, code=unit_code) if unit_code else request.user.unit
    if unit is None or not policy.can_view_assessment(request.user, unit):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    may_edit = policy.can_self_assess(request.user, unit)
    assessment = UnitAssessment.objects.filter(framework=framework, unit=unit).first()
    if assessment is None:
        if not (may_edit and framework.accepts_self_assessment()):
            return render(
                request,
                "par/self_assess.html",
                {"framework": framework, "unit": unit, "assessment": None},
            )
        try:
            assessment = assessments.start(framework, unit)
        except WorkflowError as exc:
            raise PermissionDenied(exc.errors[0]) from exc
    if request.method == "POST":
        policy.require(may_edit)
        if request.POST.get("action") == "answer":
            return _answer(request, assessment)
        if request.POST.get("remove_evidence"):
            evidence = get_object_or_404(
                Evidence, pk=request.POST["remove_evidence"], entry__assessment=assessment
            )
            try:
                assessments.remove_evidence(evidence)
                messages.success(request, f"Đã xóa tệp {evidence.name}.")
            except WorkflowError as exc:
                messages.error(request, exc.errors[0])
            return redirect(request.path)
        return _save_self(request, assessment)
    entries = assessments.entries(assessment)
    editable = may_edit and assessments.can_edit_self(assessment)
    system = _system_figures(request, assessment, entries)
    for entry in entries:
        if editable:
            entry.meta_form = DocumentMetaForm(prefix=f"e{entry.pk}")  # type: ignore[attr-defined]
        found = system.get(entry.pk)
        # The form starts from the system's figure where the unit has typed nothing yet.
        prefill = (
            editable and found is not None and entry.value is None and not entry.not_applicable
        )
        entry.prefill = (  # type: ignore[attr-defined]
            numbers.plain(found.figure.value) if prefill and found else ""
        )
    published = framework.is_published and assessment.rank is not None
    score = assessments.score_assessment(assessment)
    return render(
        request,
        "par/self_assess.html",
        {
            "framework": framework,
            "unit": unit,
            "assessment": assessment,
            "rows": _tree_rows(framework, entries, assessments.filed_evidence(assessment)),
            "score": score,
            "editable": editable,
            "may_answer": may_edit
            and assessment.status == Status.APPRAISED
            and not framework.is_published,
            "show_appraisal": assessment.status
            in (Status.APPRAISED, Status.ANSWERED, Status.FINALISED),
            "published": published,
            "ranked_count": framework.assessments.filter(rank__isnull=False).count()
            if published
            else 0,
            "problems": assessments.submission_problems(assessment)
            if assessment.status == Status.DRAFT
            else [],
        },
    )


def _system_figures(
    request: AuthenticatedHttpRequest, assessment: UnitAssessment, entries: list[Any]
) -> dict[int, system_figures.Comparison]:
    """entry id -> the system's figure beside it; each entry also gets it as `entry.system`."""
    if not policy.can_see_system_figures(request.user, assessment.unit):
        return {}
    found = system_figures.comparisons(assessment.framework, assessment.unit, entries)
    for entry in entries:
        entry.system = found.get(entry.pk)
    return found


def _save_self(request: AuthenticatedHttpRequest, assessment: UnitAssessment) -> HttpResponse:
    inputs: dict[int, EntryInput] = {}
    errors: list[str] = []
    entries = assessments.entries(assessment)
    for entry in entries:
        prefix = f"e{entry.pk}-"
        if prefix + "value" not in request.POST and prefix + "na" not in request.POST:
            continue
        try:
            value = _number(request.POST.get(prefix + "value", ""))
        except ScoringError:
            errors.append(
                f"Tiêu chí {entry.criterion.code}: giá trị '{request.POST.get(prefix + 'value')}' không phải là số."
            )
            continue
        filed = [int(x) for x in request.POST.getlist(prefix + "filed") if x.isdigit()]
        inputs[entry.pk] = EntryInput(
            not_applicable=bool(request.POST.get(prefix + "na")),
            value=value,
            explanation=request.POST.get(prefix + "explanation", ""),
            evidence_link=request.POST.get(prefix + "link", ""),
            report_evidence_ids=filed if request.POST.get(prefix + "filed-shown") else None,
        )
    # The documents of the files chosen on each row, checked before anything is saved.
    metas: dict[int, documents.Meta] = {}
    for entry in entries:
        if not request.FILES.getlist(f"e{entry.pk}-files"):
            continue
        meta_form = DocumentMetaForm(request.POST, prefix=f"e{entry.pk}")
        if meta_form.is_valid():
            metas[entry.pk] = meta_form.meta()
        else:
            errors += [
                f"Tiêu chí {entry.criterion.code}: {e}"
                for es in meta_form.errors.values()
                for e in es
            ]
    try:
        if errors:
            raise WorkflowError(errors)
        assessments.save_self(assessment, inputs)
        for entry in entries:
            for upload in request.FILES.getlist(f"e{entry.pk}-files"):
                assessments.add_evidence(entry, upload, request.user, metas.get(entry.pk))
        if request.POST.get("action") == "submit":
            assessments.submit(assessment, request.user)
            messages.success(request, "Đã gửi bản tự đánh giá cho Tổ thẩm định.")
        else:
            messages.success(request, "Đã lưu bản tự đánh giá (chưa gửi).")
    except WorkflowError as exc:
        for error in exc.errors:
            messages.error(request, error)
    return redirect(request.path)


def _answer(request: AuthenticatedHttpRequest, assessment: UnitAssessment) -> HttpResponse:
    per_entry = {
        entry.pk: request.POST.get(f"e{entry.pk}-answer", "") for entry in assessment.entries.all()
    }
    try:
        assessments.answer(assessment, request.POST.get("answer", ""), per_entry, request.user)
        messages.success(request, "Đã gửi ý kiến phản hồi kết quả thẩm định.")
    except WorkflowError as exc:
        for error in exc.errors:
            messages.error(request, error)
    return redirect(request.path)


@policy.login_required
def appraisal_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(
        policy.is_appraiser(request.user) or policy.can_view_province(request.user),
        "Trang này dành cho Tổ thẩm định.",
    )
    frameworks = []
    for framework in Framework.objects.filter(scope__in=[Scope.AGENCY, Scope.COMMUNE]).order_by(
        "-year", "scope"
    ):
        rows = list(framework.assessments.select_related("unit").order_by("status", "unit__name"))
        counts = {
            label: sum(1 for a in rows if a.status == status) for status, label in Status.choices
        }
        frameworks.append(
            {
                "framework": framework,
                "rows": rows,
                "counts": counts,
                "in_scope": assessments.units_in_scope(framework).count(),
            }
        )
    return render(
        request,
        "par/appraisal_queue.html",
        {"frameworks": frameworks, "is_appraiser": policy.is_appraiser(request.user)},
    )


@policy.login_required
def appraise(request: AuthenticatedHttpRequest, pk: int, unit_code: str) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    unit = get_object_or_404(Unit, code=unit_code)
    assessment = get_object_or_404(UnitAssessment, framework=framework, unit=unit)
    policy.require(policy.can_view_assessment(request.user, unit))
    may_appraise = policy.can_appraise(request.user, unit)
    entries = assessments.entries(assessment)
    system = _system_figures(request, assessment, entries) if request.method != "POST" else {}
    if request.method == "POST":
        policy.require(
            may_appraise, "Chỉ thành viên Tổ thẩm định (không thuộc đơn vị này) được thẩm định."
        )
        action = request.POST.get("action")
        try:
            if action == "finalise":
                finals = {}
                for entry in entries:
                    score = _number(request.POST.get(f"e{entry.pk}-final", ""))
                    finals[entry.pk] = (score, request.POST.get(f"e{entry.pk}-final_comment", ""))
                assessments.finalise(assessment, finals, request.user)
                messages.success(request, f"Đã chốt kết quả của {unit}.")
            else:
                appraisals = {}
                for entry in entries:
                    appraisals[entry.pk] = Appraisal(
                        score=_number(request.POST.get(f"e{entry.pk}-score", "")),
                        comment=request.POST.get(f"e{entry.pk}-comment", ""),
                        not_applicable=bool(request.POST.get(f"e{entry.pk}-na")),
                    )
                assessments.appraise(assessment, appraisals, request.user)
                messages.success(
                    request, f"Đã lưu kết quả thẩm định của {unit}. Đơn vị được phản hồi một lần."
                )
        except ScoringError as exc:
            messages.error(request, f"Điểm không hợp lệ: {exc}")
        except WorkflowError as exc:
            for error in exc.errors:
                messages.error(request, error)
        return redirect(request.path)
    can_appraise_now = (
        may_appraise
        and assessment.status in (Status.SUBMITTED, Status.APPRAISED)
        and not framework.is_published
    )
    can_finalise_now = (
        may_appraise
        and assessment.status in (Status.APPRAISED, Status.ANSWERED)
        and not framework.is_published
    )
    return render(
        request,
        "par/appraise.html",
        {
            "framework": framework,
            "unit": unit,
            "assessment": assessment,
            "rows": _tree_rows(framework, entries, assessments.filed_evidence(assessment)),
            "score": assessments.score_assessment(assessment),
            "can_appraise": can_appraise_now,
            "can_finalise": can_finalise_now,
            "system_differs": sum(1 for c in system.values() if c.matters),
        },
    )


@policy.login_required
def ranking(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The full ranking: the admin, the team and province readers. Units see only their own
    rank, on their self-assessment page."""
    framework = get_object_or_404(Framework, pk=pk, scope__in=[Scope.AGENCY, Scope.COMMUNE])
    policy.require(
        policy.can_view_province(request.user) or policy.is_appraiser(request.user),
        "Đơn vị xem kết quả và thứ hạng của mình tại trang Tự đánh giá.",
    )
    ranked = assessments.ranking(framework)
    others = (
        framework.assessments.exclude(status=Status.FINALISED)
        .select_related("unit")
        .order_by("unit__name")
    )
    missing = (
        assessments.units_in_scope(framework)
        .exclude(par_assessments__framework=framework)
        .order_by("name")
    )
    return render(
        request,
        "par/ranking.html",
        {
            "framework": framework,
            "ranked": ranked,
            "others": others,
            "missing": missing,
            "can_publish": policy.can_manage_par(request.user),
        },
    )


@policy.login_required
def evidence_download(request: AuthenticatedHttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("entry__assessment__unit"), pk=evidence_id
    )
    policy.require(policy.can_view_assessment(request.user, evidence.entry.assessment.unit))
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=True,
        filename=evidence_files.download_name(evidence.name, evidence.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
