"""The self-assessment dossier pages (the reform office): the criteria tree with scores, sources,
evidence and what is missing; edits; freezing versions; ZIP exports with a progress page."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.par.dossier import access, assembly, service
from parsipas.par.dossier.service import DossierError
from parsipas.par.models import (
    Criterion,
    Dossier,
    DossierExport,
    DossierFile,
    DossierVersion,
    Framework,
    Scope,
)

DOWNLOAD_VIEWS = {
    "report": "evidence_download",
    "register": "registers_file",
    "upload": "par_dossier_file",
}


def _office(request: AuthenticatedHttpRequest) -> None:
    policy.require(
        policy.can_assemble_par_dossier(request.user),
        "Chỉ Văn phòng UBND tỉnh, Sở Nội vụ (bộ phận CCHC) lập hồ sơ tự đánh giá.",
    )


def _framework(year: int) -> Framework:
    framework = Framework.objects.filter(year=year, scope=Scope.PROVINCE).first()
    if framework is None:
        raise Http404(f"Chưa có bộ tiêu chí Chỉ số CCHC của tỉnh năm {year}.")
    return framework


def _page(year: int) -> str:
    return reverse("par_dossier", args=[year])


@policy.login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    _office(request)
    years = list(
        Framework.objects.filter(scope=Scope.PROVINCE, criteria__isnull=False)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)
    )
    if years:
        return redirect("par_dossier", years[0])
    return render(
        request,
        "par/no_framework.html",
        {"title": "Hồ sơ tự đánh giá", "can_manage": policy.can_manage_par(request.user)},
    )


@policy.login_required
def dossier_page(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    _office(request)
    framework = _framework(year)
    try:
        dossier = service.dossier_for(framework)
    except DossierError as exc:
        return render(
            request,
            "par/dossier/refused.html",
            {"framework": framework, "error": str(exc)},
            status=400,
        )
    snapshot = assembly.assemble(framework, dossier).snapshot
    leaves = assembly.leaves(snapshot)
    for row in snapshot["criteria"]:
        row["indent"] = row["depth"] * 1.2
        for item in row["evidence"]:
            view = DOWNLOAD_VIEWS.get(item["kind"])
            if item.get("has_file") and view:
                args = [year, item["id"]] if item["kind"] == "upload" else [item["id"]]
                item["url"] = reverse(view, args=args)
    show = request.GET.get("thieu", "")
    if show in ("tai-lieu", "diem"):
        wanted = {
            r["code"]
            for r in leaves
            if (r["missing_evidence"] if show == "tai-lieu" else r["missing_score"])
        }
        keep = set(wanted)
        for r in snapshot["criteria"]:
            if r["code"] in wanted:
                parent = r["parent"]
                while parent:
                    keep.add(parent)
                    parent = next(
                        (x["parent"] for x in snapshot["criteria"] if x["code"] == parent), ""
                    )
        snapshot["criteria"] = [r for r in snapshot["criteria"] if r["code"] in keep]
    points, maximum = assembly.total(snapshot)
    return render(
        request,
        "par/dossier/page.html",
        {
            "framework": framework,
            "dossier": dossier,
            "snapshot": snapshot,
            "points": points,
            "maximum": maximum,
            "n_leaves": len(leaves),
            "n_missing_evidence": sum(1 for r in leaves if r["missing_evidence"]),
            "n_missing_score": sum(1 for r in leaves if r["missing_score"]),
            "show": show,
            "versions": dossier.versions.select_related("frozen_by").order_by("-number"),
            "exports": dossier.exports.filter(requested_by=request.user).order_by("-pk")[:5],
            "pickable": _pickable(request, year),
        },
    )


def _pickable(request: AuthenticatedHttpRequest, year: int) -> list[tuple[int, str]]:
    """The year's report evidence this person may download, to pick for a criterion."""
    from parsipas.reporting.models import Evidence

    rows = (
        Evidence.objects.filter(report__period__year=year, report__workflow__in=assembly.SENT)
        .select_related("report__assignment__node", "report__assignment__unit", "report__period")
        .order_by("report__assignment__node__order", "pk")[:500]
    )
    rights = access.may_download_reports(request.user, list(rows))
    return [
        (
            e.pk,
            f"{e.report.assignment.node.code} · {e.report.assignment.unit.name} · {e.doc_number or e.original_name}",
        )
        for e in rows
        if rights[e.pk]
    ]


def _criterion(framework: Framework, cid: int) -> Criterion:
    return get_object_or_404(Criterion, pk=cid, framework=framework)


def _back(year: int, criterion: Criterion | None = None) -> HttpResponse:
    anchor = f"#tc-{criterion.pk}" if criterion is not None else ""
    return redirect(_page(year) + anchor)


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DossierError(f"Ngày văn bản “{text}” không đúng dạng ngày/tháng/năm.")


def _meta(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    meta: dict[str, Any] = {
        k: request.POST.get(k, "")
        for k in ("doc_number", "doc_issuer", "doc_kind", "doc_title", "doc_section")
    }
    meta["doc_date"] = _date(request.POST.get("doc_date", ""))
    return meta


def _act(
    request: AuthenticatedHttpRequest, year: int, cid: int | None, action: Any
) -> HttpResponse:
    _office(request)
    framework = _framework(year)
    criterion = _criterion(framework, cid) if cid is not None else None
    try:
        dossier = service.dossier_for(framework)
        done = action(dossier, criterion)
    except DossierError as exc:
        messages.error(request, str(exc))
        return _back(year, criterion)
    if isinstance(done, HttpResponse):
        return done
    if done:
        messages.success(request, done)
    return _back(year, criterion)


@require_POST
@policy.login_required
def criterion_edit(request: AuthenticatedHttpRequest, year: int, cid: int) -> HttpResponse:
    def action(dossier: Dossier, criterion: Criterion) -> str:
        service.edit_criterion(
            dossier,
            criterion,
            request.user,
            request.POST.get("score", ""),
            request.POST.get("explanation", ""),
        )
        return f"Đã lưu tiêu chí {criterion.code}."

    return _act(request, year, cid, action)


@require_POST
@policy.login_required
def upload(request: AuthenticatedHttpRequest, year: int, cid: int) -> HttpResponse:
    def action(dossier: Dossier, criterion: Criterion) -> str:
        upload = request.FILES.get("file")
        if upload is None:
            raise DossierError(f"Tiêu chí {criterion.code}: chưa chọn tệp.")
        service.add_upload(
            dossier, criterion, request.user, upload, upload.name or "tai-lieu", _meta(request)
        )
        return f"Đã thêm tài liệu vào tiêu chí {criterion.code}."

    return _act(request, year, cid, action)


@require_POST
@policy.login_required
def pick(request: AuthenticatedHttpRequest, year: int, cid: int) -> HttpResponse:
    def action(dossier: Dossier, criterion: Criterion) -> str:
        raw = request.POST.get("evidence", "")
        if not raw.isdigit():
            raise DossierError(f"Tiêu chí {criterion.code}: chưa chọn tài liệu.")
        service.pick_evidence(dossier, criterion, request.user, int(raw), _meta(request))
        return f"Đã gắn tài liệu vào tiêu chí {criterion.code}."

    return _act(request, year, cid, action)


@require_POST
@policy.login_required
def exclude(request: AuthenticatedHttpRequest, year: int, cid: int) -> HttpResponse:
    def action(dossier: Dossier, criterion: Criterion) -> str:
        excluded = request.POST.get("excluded") == "1"
        service.set_excluded(
            dossier, criterion, request.user, request.POST.get("key", "")[:60], excluded
        )
        return "Đã bỏ tài liệu khỏi hồ sơ." if excluded else "Đã đưa tài liệu trở lại hồ sơ."

    return _act(request, year, cid, action)


@require_POST
@policy.login_required
def remove_file(request: AuthenticatedHttpRequest, year: int, fid: int) -> HttpResponse:
    def action(dossier: Dossier, criterion: None) -> str:
        service.remove_hand_file(dossier, request.user, fid)
        return "Đã gỡ tài liệu bổ sung."

    return _act(request, year, None, action)


@require_POST
@policy.login_required
def recommendations(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    def action(dossier: Dossier, criterion: None) -> str:
        service.edit_recommendations(dossier, request.user, request.POST.get("recommendations", ""))
        return "Đã lưu kiến nghị, đề xuất."

    return _act(request, year, None, action)


@require_POST
@policy.login_required
def freeze(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    def action(dossier: Dossier, criterion: None) -> str:
        version = service.freeze(dossier, request.user, request.POST.get("note", ""))
        return f"Đã chốt phiên bản {version.number}. Các chỉnh sửa sau đây sẽ thuộc phiên bản mới."

    return _act(request, year, None, action)


@require_POST
@policy.login_required
def export_start(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    def action(dossier: Dossier, criterion: None) -> HttpResponse:
        job = service.start_export(dossier, request.user)
        return redirect("par_dossier_export", job.pk)

    return _act(request, year, None, action)


@policy.login_required
def version_download(request: AuthenticatedHttpRequest, year: int, number: int) -> HttpResponse:
    _office(request)
    framework = _framework(year)
    version = get_object_or_404(DossierVersion, dossier__framework=framework, number=number)
    if version.zip_file and service.version_servable_whole(version, request.user):
        return _zip_response(version.zip_file, f"ho-so-tu-danh-gia-{year}-phien-ban-{number}.zip")
    job = service.start_export(version.dossier, request.user, version)
    return redirect("par_dossier_export", job.pk)


def _served(response: FileResponse) -> HttpResponse:
    """A file response where the view decorators (typed for HttpResponse) expect one."""
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


def _zip_response(field: Any, name: str) -> HttpResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type="application/zip"
    )
    return _served(response)


def _job(request: AuthenticatedHttpRequest, pk: int) -> DossierExport:
    _office(request)
    job = get_object_or_404(
        DossierExport.objects.select_related("dossier__framework", "version"), pk=pk
    )
    if job.requested_by_id != request.user.pk:
        raise Http404("Không tìm thấy tệp.")
    return job


@policy.login_required
def export_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "state": job.state,
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "error": job.error,
            }
        )
    return render(
        request, "par/dossier/export.html", {"job": job, "year": job.dossier.framework.year}
    )


@require_POST
@policy.login_required
def export_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = service.run_export(_job(request, pk))
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"state": job.state, "done": job.done, "total": job.total})
    return redirect("par_dossier_export", job.pk)


@policy.login_required
def export_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.state != DossierExport.State.READY or not job.zip_file:
        return redirect("par_dossier_export", job.pk)
    suffix = f"-phien-ban-{job.version.number}" if job.version else ""
    return _zip_response(
        job.zip_file, f"ho-so-tu-danh-gia-{job.dossier.framework.year}{suffix}.zip"
    )


@policy.login_required
def hand_file(request: AuthenticatedHttpRequest, year: int, fid: int) -> HttpResponse:
    """A document the office uploaded into the dossier."""
    from parsipas.reporting.evidence import download_name

    _office(request)
    item = get_object_or_404(
        DossierFile, pk=fid, entry__dossier__framework__year=year, picked_evidence__isnull=True
    )
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(item.original_name, item.content_type),
        content_type=item.content_type,
    )
    return _served(response)
