"""Collection by staff: desks and their QR codes, kiosks, paper forms, imports, and review."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.tabular import ImportRefused
from parsipas.sipas import integrity, links, recording, review
from parsipas.sipas.forms import DeskForm, ImportForm, PaperMetaForm, ReasonForm
from parsipas.sipas.importing import import_responses
from parsipas.sipas.integrity import FLAG_LABELS
from parsipas.sipas.models import AgeGroup, Channel, Desk, RespondentType, Response, Sex, Status
from parsipas.sipas.qr import qr_bytes
from parsipas.sipas.survey import current_layout, read_filled
from parsipas.sipas.views.qrcodes import Sheet
from parsipas.units.models import Unit

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _collect_unit(request: AuthenticatedHttpRequest, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    policy.require(
        policy.can_collect_sipas_for_unit(request.user, unit),
        "Bạn chỉ thu thập phiếu cho đơn vị của mình.",
    )
    return unit


def public_url(request: AuthenticatedHttpRequest, unit: Unit, desk: Desk | None = None) -> str:
    base = links.site_url() or request.build_absolute_uri("/")
    return links.survey_url(unit.code, desk.code if desk else "", base=base)


# --- desks, QR codes, kiosks -----------------------------------------------------------------


@policy.login_required
def desks(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = _collect_unit(request, code)
    form = DeskForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        desk = form.save(commit=False)
        desk.unit = unit
        desk.save()
        messages.success(request, f"Đã thêm {desk.name}.")
        return redirect("sipas_desks", unit.code)
    all_desks = Desk.objects.filter(unit=unit)
    return render(
        request,
        "sipas/desks.html",
        {
            "unit": unit,
            "desks": [(d, public_url(request, unit, d)) for d in all_desks],
            "form": form,
            "unit_url": public_url(request, unit),
            "kiosk": integrity.read_kiosk(request, unit.code),
            "local_site_url": links.local_site_url(),
        },
    )


@policy.login_required
def desk_edit(request: AuthenticatedHttpRequest, code: str, desk: str) -> HttpResponse:
    unit = _collect_unit(request, code)
    instance = get_object_or_404(Desk, unit=unit, code=desk)
    form = DeskForm(request.POST or None, instance=instance, unit=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu.")
        return redirect("sipas_desks", unit.code)
    return render(request, "sipas/desk_form.html", {"unit": unit, "desk": instance, "form": form})


@policy.login_required
def desk_print(request: AuthenticatedHttpRequest, code: str, desk: str) -> HttpResponse:
    unit = _collect_unit(request, code)
    instance = get_object_or_404(Desk, unit=unit, code=desk)
    return render(
        request,
        "sipas/qr_sheets.html",
        {
            "sheets": [Sheet(unit, instance, public_url(request, unit, instance))],
            "single_unit": unit,
            "local_site_url": links.local_site_url(),
        },
    )


@policy.login_required
def qr_image(
    request: AuthenticatedHttpRequest, code: str, fmt: str, desk: str | None = None
) -> HttpResponse:
    unit = _collect_unit(request, code)
    instance = get_object_or_404(Desk, unit=unit, code=desk) if desk else None
    if fmt not in {"svg", "png"}:
        raise Http404
    content, content_type = qr_bytes(public_url(request, unit, instance), fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    name = f"qr-{unit.code}{'-' + instance.code if instance else ''}.{fmt}"
    if request.GET.get("tai") == "1":
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@policy.login_required
def kiosk_enrol(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Register this browser as the unit's kiosk (a signed cookie), or unregister it."""
    unit = _collect_unit(request, code)
    if request.POST.get("action") == "off":
        response = redirect("sipas_desks", unit.code)
        response.delete_cookie(integrity.KIOSK_COOKIE)
        messages.success(request, "Thiết bị này không còn là kiosk của đơn vị.")
        return response
    desk = Desk.objects.filter(unit=unit, code=request.POST.get("desk", ""), active=True).first()
    response = redirect("sipas_kiosk", unit.code)
    response.set_cookie(
        integrity.KIOSK_COOKIE,
        integrity.kiosk_cookie(unit.code, desk.code if desk else ""),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# --- paper forms and imports -----------------------------------------------------------------


@policy.login_required
def paper_entry(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = _collect_unit(request, code)
    layout = current_layout()
    if layout is None:
        messages.error(request, "Chưa có bộ câu hỏi đang dùng.")
        return redirect("sipas_unit", unit.code)
    meta = PaperMetaForm(
        request.POST or None, unit=unit, initial={"answered_on": timezone.localdate()}
    )
    filled = None
    errors: list[str] = []
    if request.method == "POST":
        filled = read_filled(layout, request.POST)
        errors = filled.errors
        if meta.is_valid() and not errors:
            day = meta.cleaned_data["answered_on"]
            submitted_at = timezone.make_aware(datetime.combine(day, time(12, 0)))
            response = recording.save(
                recording.NewResponse(
                    unit=unit,
                    instrument_id=layout.instrument_id,
                    answers=filled.answers,
                    channel=Channel.PAPER,
                    submitted_at=submitted_at,
                    flags=integrity.own_collection_flags(request.user, unit),
                    respondent=filled.respondent,
                    extra={
                        "desk": meta.cleaned_data["desk"],
                        "comment": filled.comment,
                        "paper_number": meta.cleaned_data["paper_number"],
                        "entered_by": request.user,
                    },
                ),
                scored=layout.scored_ids,
            )
            messages.success(
                request, f"Đã nhập phiếu giấy số {response.paper_number}. Nhập phiếu tiếp theo."
            )
            return redirect("sipas_paper", unit.code)
    selected = {
        f"q{qid}": [str(v) for v in values]
        for qid, values in (filled.answers.items() if filled else [])
    }
    recent = Response.objects.filter(unit=unit, channel=Channel.PAPER).select_related("entered_by")[
        :10
    ]
    return render(
        request,
        "sipas/paper.html",
        {
            "unit": unit,
            "layout": layout,
            "meta": meta,
            "errors": errors,
            "selected": selected,
            "respondent": filled.respondent if filled else {},
            "comment": filled.comment if filled else "",
            "age_groups": AgeGroup.choices,
            "sexes": Sex.choices,
            "respondent_types": RespondentType.choices,
            "recent": recent,
        },
    )


@policy.login_required
def import_responses_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if policy.can_manage_sipas(user):
        allowed = None
    else:
        unit = user.unit
        policy.require(unit is not None and policy.can_collect_sipas_for_unit(user, unit))
        assert unit is not None  # policy.require raised otherwise
        allowed = {unit.pk}
    layout = current_layout()
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if layout is None:
            errors = ["Chưa có bộ câu hỏi đang dùng."]
        elif upload.size > MAX_IMPORT_BYTES:
            errors = [f"Tệp '{upload.name}' quá lớn (tối đa 20 MB)."]
        else:
            try:
                result = import_responses(
                    upload.file, upload.name, layout, user, allowed, form.cleaned_data["source"]
                )
            except ImportRefused as exc:
                errors = exc.errors
        if not errors:
            messages.success(request, f"Đã nhập {result.created} phiếu của {result.units} đơn vị.")
            return redirect("sipas_dashboard" if allowed is None else "sipas_my_unit")
    codes = [q.code for s in layout.sections for q in s.questions] if layout else []
    return render(
        request,
        "sipas/import.html",
        {"form": form, "errors": errors, "codes": codes},
        status=400 if errors or (request.method == "POST" and not form.is_valid()) else 200,
    )


# --- review ----------------------------------------------------------------------------------


@policy.admin_required
def responses(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = Response.objects.select_related("unit", "desk").order_by("-submitted_at")
    status = request.GET.get("status", "flagged")
    unit_code = request.GET.get("don_vi", "")
    channel = request.GET.get("kenh", "")
    if status in Status.values:
        items = items.filter(status=status)
    if unit_code:
        items = items.filter(unit__code=unit_code)
    if channel in Channel.values:
        items = items.filter(channel=channel)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        chosen = list(Response.objects.filter(pk__in=ids, status=Status.FLAGGED))
        done = review.accept_many(chosen, request.user, request.POST.get("note", ""))
        messages.success(request, f"Đã chấp nhận {done} phiếu.")
        return redirect(request.get_full_path())
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "sipas/responses.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "channels": Channel.choices,
            "channel": channel,
            "unit_code": unit_code,
            "flag_labels": FLAG_LABELS,
            "units": Unit.objects.filter(sipas_responses__isnull=False).distinct().order_by("name"),
        },
    )


@policy.login_required
def response_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(
        Response.objects.select_related("unit", "desk", "instrument", "entered_by", "reviewed_by"),
        pk=pk,
    )
    policy.require(
        policy.can_review_sipas(request.user)
        or policy.can_collect_sipas_for_unit(request.user, response.unit),
        "Bạn không xem được phiếu này.",
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        policy.require(
            policy.can_review_sipas(request.user), "Chỉ Sở Nội vụ được xem xét, loại phiếu."
        )
        action = request.POST.get("action")
        try:
            if action == "accept":
                review.accept(response, request.user, request.POST.get("reason", ""))
                messages.success(request, "Đã chấp nhận phiếu; phiếu được tính vào chỉ số.")
            elif action in {"exclude", "restore"} and form.is_valid():
                reason = form.cleaned_data["reason"]
                if action == "exclude":
                    review.exclude(response, reason, request.user)
                else:
                    review.restore(response, request.user, reason)
                messages.success(
                    request, "Đã loại phiếu." if action == "exclude" else "Đã khôi phục phiếu."
                )
            else:
                raise review.ReviewError("Phải ghi rõ lý do.")
        except review.ReviewError as exc:
            messages.error(request, str(exc))
        return redirect("sipas_response", response.pk)
    answers = response.answers.select_related("question", "question__element").order_by(
        "question__order", "value"
    )
    labels: dict[tuple[int, int], str] = {}
    for a in answers:
        labels[(a.question_id, a.value)] = next(
            (c.label for c in a.question.scale.choices.all() if c.value == a.value), str(a.value)
        )
    rows = [(a, labels[(a.question_id, a.value)]) for a in answers]
    return render(
        request,
        "sipas/response_detail.html",
        {
            "r": response,
            "rows": rows,
            "form": form,
            "flag_labels": [FLAG_LABELS.get(f, f) for f in response.flag_list],
            "can_review": policy.can_review_sipas(request.user),
        },
    )
