"""One report: fill it, attach evidence, send it, review it, reopen it; download its evidence."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.reporting import computed, documents
from parsipas.reporting import evidence as files
from parsipas.reporting.forms import (
    DocumentMetaForm,
    EvidenceForm,
    ReopenForm,
    ReportForm,
    ReviewForm,
)
from parsipas.reporting.models import Evidence, Report, TargetFigure
from parsipas.reporting.queries import next_waiting, targets_by_node
from parsipas.reporting.views.common import get_period, get_plan, viewable_report
from parsipas.reporting.views.review import queue_filters
from parsipas.reporting.workflow import (
    ReportError,
    VersionConflict,
    add_evidence,
    differs,
    remove_evidence,
    reopen,
    report_url,
    review,
    save_report,
    submission_problems,
    submit,
    update_evidence_meta,
    withdraw,
)


def _evidence_rows(user: Any, report: Report) -> list[tuple[Evidence, DocumentMetaForm | None]]:
    """Each file with, for its own unit while the report is editable, the form that corrects
    its document's metadata (prefixed by the file, so several forms share one page)."""
    if not report.pk:
        return []
    rows: list[tuple[Evidence, DocumentMetaForm | None]] = []
    for item in report.evidence.select_related("uploaded_by"):
        item.report = report
        editable = policy.can_edit_evidence_meta(user, item)
        rows.append(
            (item, DocumentMetaForm.for_item(item, prefix=f"e{item.pk}") if editable else None)
        )
    return rows


def _figures(report: Report) -> dict[int, TargetFigure]:
    return {f.target_id: f for f in report.figures.all()} if report.pk else {}


def _render(
    request: AuthenticatedHttpRequest,
    report: Report,
    form: ReportForm | None = None,
    *,
    conflict: Report | None = None,
    unsaved: dict[str, str] | None = None,
    review_form: ReviewForm | None = None,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    targets = targets_by_node([report.assignment.node_id]).get(report.assignment.node_id, [])
    figures = _figures(report)
    editable = policy.can_edit_report(user, report)
    found = computed.for_report(report, targets) if editable else {}
    if editable and form is None:
        form = ReportForm(report=report, targets=targets, figures=figures, computed=found)
    evidence_rows = _evidence_rows(user, report)
    evidence = [item for item, _form in evidence_rows]
    events = list(report.events.all()) if report.pk else []
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "node": report.assignment.node,
            "unit": report.assignment.unit,
            "period": report.period,
            "targets": targets,
            "figures": figures,
            "figure_rows": [(t, figures.get(t.pk)) for t in targets],
            "form": form if editable else None,
            "editable": editable,
            "can_withdraw": policy.can_withdraw_report(user, report),
            "can_review": policy.can_review_report(user, report),
            "self_review_note": policy.self_review_note(report)
            if report.workflow == "submitted"
            and policy.is_own_unit_report(user, report)
            and policy.leads_node(user, report.assignment.node)
            and not policy.is_admin(user)
            else "",
            "show_queue_link": policy.can_review_report(user, report)
            or (report.workflow == "submitted" and policy.can_review_any(user)),
            "can_reopen": policy.can_reopen_report(user, report),
            "review_form": review_form or ReviewForm(),
            "reopen_form": ReopenForm(),
            "evidence_form": evidence_form or EvidenceForm(),
            "evidence": evidence,
            "evidence_rows": evidence_rows,
            "events": events,
            "conflict": conflict,
            "unsaved": unsaved,
            "problems": submission_problems(report, len(evidence))
            if editable and report.pk
            else [],
            "computed_notes": computed.untargeted_for_report(report),
            "accepted_types": files.ACCEPTED_TEXT,
            "evidence_labels": files.LABELS,
            "inline_types": files.INLINE,
            "queue_filters": queue_filters(request.GET) if request.GET.get("tu") else None,
        },
        status=status,
    )


def _sent_meanwhile(request: AuthenticatedHttpRequest, report: Report) -> bool:
    """The user's own unit's report, posted from a version that is no longer the current one."""
    posted = request.POST.get("version", "")
    return (
        report.pk is not None
        and policy.is_own_unit_report(request.user, report)
        and posted.isdigit()
        and int(posted) != report.version
    )


@policy.login_required
def report_detail(
    request: AuthenticatedHttpRequest, year: int, code: str, assignment_id: int
) -> HttpResponse:
    """Show the report; on POST save what was typed and, in the same request, store any evidence
    files chosen (action=upload, or with save/submit), so uploading never loses typing.
    action=autosave (from the page's script, Accept: application/json) saves the draft quietly."""
    report = viewable_report(request, get_period(year, code), assignment_id)
    if request.method != "POST":
        return _render(request, report)
    action = request.POST.get("action", "save")
    as_json = "application/json" in request.headers.get("Accept", "")
    if not policy.can_edit_report(request.user, report) and _sent_meanwhile(request, report):
        # A colleague sent it (or a lead decided) between this page's opening and its save:
        # say so and give the typing back, rather than a bare 403 that loses it.
        text = (
            "Chưa lưu: trong lúc bạn nhập, báo cáo đã được gửi hoặc duyệt nên không sửa được "
            "nữa. Nội dung bạn vừa nhập ở bên dưới để sao lại nếu cần."
        )
        if as_json:
            return _json(request, report, text, status=409)
        messages.error(request, text)
        unsaved = {k: request.POST.get(k, "") for k in ("narrative", "difficulties", "proposals")}
        return _render(request, report, unsaved=unsaved, status=409)
    policy.require(
        policy.can_edit_report(request.user, report),
        "Báo cáo này không sửa được (đã gửi, đã được chấp nhận hoặc kỳ đã khóa).",
    )
    uploads = request.FILES.getlist("file")
    targets = targets_by_node([report.assignment.node_id]).get(report.assignment.node_id, [])
    figures = _figures(report)
    form = ReportForm(
        request.POST,
        report=report,
        targets=targets,
        figures=figures,
        computed=computed.for_report(report, targets),
    )
    evidence_form = EvidenceForm(request.POST, request.FILES, file_required=action == "upload")
    if not form.is_valid() or not evidence_form.is_valid():
        text = (
            "Chưa lưu: có ô nhập chưa đúng, xem bên dưới."
            if not form.is_valid()
            else "Chưa tải lên: hãy chọn tệp và kiểm tra số, ngày văn bản."
        )
        if as_json:
            return _json(
                request, report, text, status=400, errors=form.errors | evidence_form.errors
            )
        messages.error(request, text)
        return _render(request, report, form, evidence_form=evidence_form, status=400)
    data = form.to_input()
    try:
        if differs(report, figures, data) or (report.pk is None and action != "autosave"):
            save_report(report, data, request.user, targets, form.cleaned_data["version"])
    except VersionConflict as exc:
        if as_json:
            return _json(request, report, exc.messages[0], status=409)
        messages.error(request, exc.messages[0])
        fresh = viewable_report(request, report.period, assignment_id)
        return _render(
            request, fresh, _rebound(request, fresh, targets), conflict=fresh, status=409
        )
    except ReportError as exc:
        if as_json:
            return _json(request, report, " ".join(exc.messages), status=400)
        messages.error(request, " ".join(exc.messages))
        return _render(request, report, form, status=400)
    errors = _store_uploads(request, report, uploads, evidence_form)
    if errors:
        if as_json:
            return _json(request, report, " ".join(errors), status=400)
        messages.error(request, " ".join(errors))
        # The typing was saved; keep showing it bound to the new version.
        return _render(
            request,
            report,
            _rebound(request, report, targets),
            evidence_form=evidence_form,
            status=400,
        )
    if as_json:
        text = f"Đã tải lên {len(uploads)} tài liệu." if uploads else "Đã tự động lưu nháp."
        return _json(request, report, text)
    if uploads:
        messages.success(request, "Đã lưu nháp và tải lên tài liệu kiểm chứng.")
    if action == "submit":
        try:
            submit(report, request.user)
        except ReportError as exc:
            messages.warning(request, "Đã lưu nháp nhưng chưa gửi được: " + " ".join(exc.messages))
            return redirect(report_url(report))
        messages.success(request, "Đã gửi báo cáo đến cơ quan chủ trì.")
    elif not uploads:
        messages.success(request, "Đã lưu nháp báo cáo.")
    return redirect(report_url(report) + ("#evidence" if uploads else ""))


def _rebound(request: HttpRequest, report: Report, targets: list[Any]) -> ReportForm:
    """The person's typing, bound to the report's latest version (a second save knowingly
    replaces what is stored)."""
    data = request.POST.copy()
    data["version"] = str(report.version)
    form = ReportForm(
        data,
        report=report,
        targets=targets,
        figures=_figures(report),
        computed=computed.for_report(report, targets),
    )
    form.is_valid()
    return form


def _store_uploads(
    request: AuthenticatedHttpRequest, report: Report, uploads: list[Any], form: EvidenceForm
) -> list[str]:
    errors = []
    for upload in uploads:
        try:
            add_evidence(report, upload.file, upload.name, request.user, meta=form.meta())
        except (files.EvidenceError, documents.MetaError) as exc:
            errors.append(str(exc))
    return errors


def _json(
    request: HttpRequest, report: Report, message: str, *, status: int = 200, errors: Any = None
) -> JsonResponse:
    """The answer to the page's script: the version to send next time and the fresh evidence
    list, so the page updates without reloading (and without losing what is typed)."""
    evidence_rows = _evidence_rows(request.user, report)
    evidence = [item for item, _form in evidence_rows]
    html = render_to_string(
        "reporting/_evidence_list.html",
        {
            "evidence": evidence,
            "evidence_rows": evidence_rows,
            "editable": True,
            "evidence_labels": files.LABELS,
            "inline_types": files.INLINE,
        },
        request=request,
    )
    return JsonResponse(
        {
            "ok": status == 200,
            "message": message,
            "version": report.version,
            "saved_at": timezone.localtime(report.updated_at).strftime("%H:%M")
            if report.updated_at
            else "",
            "evidence_html": html,
            "evidence_count": len(evidence),
            "errors": {k: [str(e) for e in v] for k, v in (errors or {}).items()},
        },
        status=status,
    )


@require_POST
@policy.login_required
def report_submit(
    request: AuthenticatedHttpRequest, year: int, code: str, assignment_id: int
) -> HttpResponse:
    report = viewable_report(request, get_period(year, code), assignment_id)
    policy.require(policy.can_edit_report(request.user, report), "Bạn không gửi được báo cáo này.")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        submit(report, request.user, expected_version=version)
    except ReportError as exc:
        messages.error(request, "Chưa gửi được: " + " ".join(exc.messages))
    else:
        messages.success(request, "Đã gửi báo cáo đến cơ quan chủ trì.")
    return redirect(report_url(report))


@require_POST
@policy.login_required
def report_withdraw(
    request: AuthenticatedHttpRequest, year: int, code: str, assignment_id: int
) -> HttpResponse:
    report = viewable_report(request, get_period(year, code), assignment_id)
    policy.require(
        policy.can_withdraw_report(request.user, report), "Không rút lại được báo cáo này."
    )
    try:
        withdraw(report, request.user)
    except ReportError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã rút lại báo cáo về bản nháp. Sửa xong hãy gửi lại.")
    return redirect(report_url(report))


@require_POST
@policy.login_required
def report_review(
    request: AuthenticatedHttpRequest, year: int, code: str, assignment_id: int
) -> HttpResponse:
    report = viewable_report(request, get_period(year, code), assignment_id)
    if policy.is_own_unit_report(request.user, report) and not policy.is_admin(request.user):
        policy.require(False, policy.self_review_note(report))
    policy.require(
        policy.is_reviewer_of(request.user, report),
        "Chỉ cơ quan chủ trì tiêu chí này mới duyệt được báo cáo.",
    )
    form = ReviewForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    try:
        policy.require(
            policy.can_review_report(request.user, report),
            "Báo cáo này không ở trạng thái chờ duyệt.",
        )
        review(report, request.user, accept, form.cleaned_data.get("comment", ""))
    except ReportError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render(request, report, review_form=form, status=400)
    messages.success(
        request,
        f"Đã chấp nhận báo cáo của {report.assignment.unit.name}."
        if accept
        else f"Đã trả lại báo cáo cho {report.assignment.unit.name}.",
    )
    if request.POST.get("tu") == "hang-cho":
        return _next_in_queue(request, report)
    if request.POST.get("next") == "queue":
        return redirect("review_queue")
    return redirect(report_url(report))


def _next_in_queue(request: HttpRequest, report: Report) -> HttpResponse:
    """After a decision taken from the queue: the next waiting report in the same filters."""
    filters = queue_filters(request.POST)
    plan = get_plan(report.period)
    following = next_waiting(
        request.user,
        report.period,
        plan,
        after=report,
        criterion=filters["tieu-chi"],
        unit_code=filters["don-vi"],
    )
    query = urlencode({"tu": "hang-cho", **filters})
    if following is None:
        messages.info(request, "Đã duyệt hết các báo cáo đang chờ trong bộ lọc này.")
        params = {"ky": f"{report.period.year}-{report.period.code}", **filters}
        return redirect(
            reverse("review_queue") + "?" + urlencode({k: v for k, v in params.items() if v})
        )
    following.period = report.period
    return redirect(report_url(following) + "?" + query)


@require_POST
@policy.login_required
def report_reopen(
    request: AuthenticatedHttpRequest, year: int, code: str, assignment_id: int
) -> HttpResponse:
    report = viewable_report(request, get_period(year, code), assignment_id)
    policy.require(
        policy.can_reopen_report(request.user, report),
        "Chỉ quản trị mở lại được báo cáo đã chấp nhận hoặc thuộc kỳ đã khóa.",
    )
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy ghi lý do mở lại báo cáo.")
        return redirect(report_url(report))
    reopen(report, request.user, form.cleaned_data["comment"])
    messages.success(request, "Đã mở lại báo cáo: đơn vị có thể sửa và gửi lại.")
    return redirect(report_url(report))


def _evidence(request: AuthenticatedHttpRequest, pk: int) -> Evidence:
    item = get_object_or_404(
        Evidence.objects.select_related(
            "report",
            "report__period",
            "report__assignment",
            "report__assignment__node",
            "report__assignment__unit",
        ),
        pk=pk,
    )
    if not policy.can_download_evidence(request.user, item):
        raise Http404("Không tìm thấy tài liệu.")
    return item


@policy.login_required
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    item = _evidence(request, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    inline = request.GET.get("xem") == "1" and item.content_type in files.INLINE
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=files.download_name(item.original_name, item.content_type),
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        # Shown in the report page's own frame only; no script may run in what is shown.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
        )
    return response


@require_POST
@policy.login_required
def evidence_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _evidence(request, pk)
    report = item.report
    policy.require(
        policy.can_edit_report(request.user, report), "Báo cáo này không xóa tài liệu được nữa."
    )
    name = item.original_name
    remove_evidence(item)
    messages.success(request, f"Đã xóa tài liệu '{name}'.")
    return redirect(report_url(report))


@require_POST
@policy.login_required
def evidence_meta(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct the document's number, date, issuer, kind, title or section of one file."""
    item = _evidence(request, pk)
    report = item.report
    policy.require(
        policy.can_edit_evidence_meta(request.user, item),
        "Chỉ đơn vị nộp báo cáo sửa được thông tin văn bản, khi báo cáo còn sửa được.",
    )
    form = DocumentMetaForm(request.POST, prefix=f"e{item.pk}")
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(
            request, f"Chưa lưu thông tin của '{item.original_name}': " + " ".join(problems)
        )
        return redirect(report_url(report) + "#evidence")
    try:
        update_evidence_meta(item, form.meta())
    except documents.MetaError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã lưu thông tin văn bản của '{item.original_name}'.")
    return redirect(report_url(report) + "#evidence")


@policy.login_required
def document_guess(request: AuthenticatedHttpRequest) -> JsonResponse:
    """What a file name says of its document, for the upload form's script to pre-fill the
    fields before sending (the same rules the server applies to blank fields on upload)."""
    policy.require(policy.can_read_document_names(request.user))
    name = files.safe_name(request.GET.get("ten", ""))[:255]
    guessed = documents.fill_from_name(documents.Meta(), name)
    try:
        guessed = documents.check(guessed)
    except documents.MetaError:
        guessed = documents.Meta()  # a name that reads as an impossible document fills nothing
    data = {k: v for k, v in vars(guessed).items() if v}
    if guessed.doc_date:
        data["doc_date"] = guessed.doc_date.isoformat()
    return JsonResponse(data)
