"""The handling desk: the unit concerned handles, Văn phòng UBND tỉnh oversees, admins see all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.bounds import query_year
from parsipas.petitions import exports, figures, handling, importing, oversight, rules
from parsipas.petitions.forms import (
    AnswerForm,
    ClassifyForm,
    ForwardForm,
    ImportForm,
    ReasonForm,
    StaffPetitionForm,
)
from parsipas.petitions.models import OPEN_STATES, Attachment, Petition, State
from parsipas.units.models import Unit
from parsipas.workcalendar.service import calendar


def _overseers() -> set[int]:
    return oversight.overseer_unit_ids(timezone.localdate().year)


def visible_petitions(user: Any, overseers: set[int]) -> QuerySet[Petition]:
    qs = Petition.objects.select_related("unit")
    if policy.is_petition_overseer(user, overseers) or policy.has_role(user, "viewer"):
        return qs
    if user.unit_id:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


@policy.login_required
def petition_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    overseers = _overseers()
    year = query_year(request)
    qs = visible_petitions(request.user, overseers).filter(received_on__year=year)
    state = request.GET.get("tinh-trang", "")
    if state == "dang-xu-ly":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state in State.values:
        qs = qs.filter(state=state)
    cal, lim, today = calendar(), figures.limits(), timezone.localdate()
    rows = []
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    for p in page:
        d = rules.deadlines(figures.timeline(p), cal, lim)
        rows.append(
            {
                "p": p,
                "handle_by": d.handle,
                "overdue": rules.overdue_step(figures.timeline(p), cal, today, lim),
            }
        )
    unit = None if policy.is_petition_overseer(request.user, overseers) else request.user.unit
    per_unit, province = figures.petition_figures(
        figures.year_window(year),
        [unit] if unit is not None and not policy.has_role(request.user, "viewer") else None,
    )
    mine = per_unit[0] if unit is not None and per_unit else province
    return render(
        request,
        "petitions/staff/list.html",
        {
            "rows": rows,
            "page": page,
            "year": year,
            "state": state,
            "states": State.choices,
            "figures": mine,
            "can_record": request.user.unit_id is not None or policy.is_admin(request.user),
            "can_import": policy.can_import_petitions(request.user, overseers),
        },
    )


def _get_visible(request: HttpRequest, code: str, overseers: set[int]) -> Petition:
    petition = Petition.objects.select_related("unit").filter(code=code).first()
    if petition is None or not policy.can_view_petition(request.user, petition, overseers):
        raise Http404("Không có phản ánh này.")
    return petition


@policy.login_required
def petition_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    overseers = _overseers()
    petition = _get_visible(request, code, overseers)
    can_handle = policy.can_handle_petition(request.user, petition, overseers)
    t = figures.timeline(petition)
    cal, lim = calendar(), figures.limits()
    overdue = rules.overdue_step(t, cal, timezone.localdate(), lim)
    return render(
        request,
        "petitions/staff/detail.html",
        {
            "p": petition,
            "show_person": policy.can_see_petitioner(request.user, petition, overseers),
            "can_handle": can_handle and petition.is_open,
            "can_publish": can_handle and petition.state == State.HANDLED,
            "deadlines": rules.deadlines(t, cal, lim),
            "overdue": overdue,
            "overdue_label": rules.STEP_LABELS.get(overdue or "", ""),
            "on_time": rules.on_time(t, cal, timezone.localdate(), lim),
            "events": petition.events.select_related("user", "from_unit"),
            "attachments": petition.attachments.all(),
            "classify_form": ClassifyForm(),
            "reason_form": ReasonForm(),
            "forward_form": ForwardForm(),
            "answer_form": AnswerForm(),
            "limits": lim,
        },
    )


@policy.login_required
def petition_act(request: AuthenticatedHttpRequest, code: str, action: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("petition_detail", code=code)
    overseers = _overseers()
    petition = _get_visible(request, code, overseers)
    policy.require(policy.can_handle_petition(request.user, petition, overseers))
    user = request.user
    try:
        if action == "phan-loai":
            form: Any = ClassifyForm(request.POST)
            if form.is_valid():
                handling.classify(
                    petition, form.cleaned_data["subject"], form.cleaned_data["in_scope"], user
                )
        elif action in ("tu-choi", "bo-sung"):
            form = ReasonForm(request.POST)
            if form.is_valid():
                verb = handling.refuse if action == "tu-choi" else handling.request_info
                verb(petition, form.cleaned_data["text"], user)
        elif action == "chuyen":
            form = ForwardForm(request.POST)
            if form.is_valid():
                to = get_object_or_404(Unit, pk=form.cleaned_data["unit"], active=True)
                handling.forward(petition, to, user, form.cleaned_data["note"])
        elif action == "tra-loi":
            form = AnswerForm(request.POST, request.FILES)
            if form.is_valid():
                d = form.cleaned_data
                handling.answer(petition, d["text"], user, d["doc_number"], d["signed_file"])
        elif action == "cong-khai":
            form = None
            handling.publish(petition, user)
        else:
            raise Http404()
    except handling.HandlingError as exc:
        messages.error(request, str(exc))
        return redirect("petition_detail", code=code)
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("petition_detail", code=code)
    messages.success(request, "Đã cập nhật phản ánh.")
    petition.refresh_from_db()
    if not policy.can_view_petition(user, petition, overseers):  # forwarded away
        return redirect("petition_list")
    return redirect("petition_detail", code=code)


@policy.login_required
def petition_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    overseers = _overseers()
    form = StaffPetitionForm(
        request.POST or None, request.FILES or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = get_object_or_404(Unit, pk=d["unit"], active=True)
        policy.require(policy.can_record_petition(request.user, unit, overseers))
        try:
            p = handling.receive(
                unit=unit,
                channel=d["channel"],
                content=d["content"],
                procedure=d["procedure"],
                sender=handling.Sender(d["sender_name"], d["sender_phone"], d["sender_email"]),
                received_on=d["received_on"],
                files=d["files"],
                user=request.user,
            )
        except handling.HandlingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã ghi nhận phản ánh {p.code}.")
            return redirect("petition_detail", code=p.code)
    if request.method == "GET" and not (request.user.unit_id or policy.is_admin(request.user)):
        raise PermissionDenied("Chỉ cán bộ của đơn vị mới ghi nhận được phản ánh.")
    return render(request, "petitions/staff/create.html", {"form": form})


@policy.login_required
def petition_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_import_petitions(request.user, _overseers()))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = importing.import_petitions(upload, upload.name, request.user)
        except importing.ImportRefused as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Đã nhập {len(created)} phản ánh, kiến nghị.")
            return redirect("petition_list")
    status = 400 if errors else 200
    return render(
        request, "petitions/staff/import.html", {"form": form, "errors": errors}, status=status
    )


@policy.login_required
def petition_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    overseers = _overseers()
    year = query_year(request)
    qs = visible_petitions(request.user, overseers).filter(received_on__year=year)
    content = exports.petitions_xlsx(qs, calendar(), figures.limits(), timezone.localdate())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="phan-anh-kien-nghi-{year}.xlsx"'
    return response


@policy.login_required
def attachment_download(request: AuthenticatedHttpRequest, code: str, pk: int) -> FileResponse:
    overseers = _overseers()
    petition = _get_visible(request, code, overseers)
    policy.require(policy.can_see_petitioner(request.user, petition, overseers))
    attachment = get_object_or_404(Attachment, pk=pk, petition=petition)
    from parsipas.reporting.evidence import download_name

    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=download_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
    )


@policy.login_required
def figures_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(
        policy.can_view_province(request.user)
        or policy.is_petition_overseer(request.user, _overseers())
    )
    year = query_year(request)
    per_unit, province = figures.petition_figures(figures.year_window(year))
    return render(
        request,
        "petitions/staff/figures.html",
        {"year": year, "per_unit": per_unit, "province": province, "today": dt.date.today()},
    )
