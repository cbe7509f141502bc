"""The citizen's side: send a petition (no login), follow it by its code, rate the handling."""

from __future__ import annotations

from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from parsipas.audit.middleware import client_ip
from parsipas.lib import formguard
from parsipas.petitions import figures, handling
from parsipas.petitions.forms import PublicPetitionForm, RatingForm
from parsipas.petitions.models import Channel, Event, Petition
from parsipas.units.models import Unit

SALT = "parsipas.petitions.form"
NAMESPACE = "petitions"
TOKEN_MAX_AGE = 4 * 3600


def _conf(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def sender_key(code: str) -> str:
    """The secret part of the sender's own link (a signature of the code)."""
    return Signer(salt="parsipas.petitions.sender").sign(code).rsplit(":", 1)[1]


def _check_key(code: str, key: str) -> bool:
    try:
        Signer(salt="parsipas.petitions.sender").unsign(f"{code}:{key}")
    except BadSignature:
        return False
    return True


def _year_counts() -> figures.PetitionFigures:
    _, province = figures.petition_figures(figures.year_window(timezone.localdate().year))
    return province


def _procedure_names() -> list[str]:
    """The province's procedure catalogue, offered as suggestions (free text stays allowed)."""
    from parsipas.dossiers.models import Procedure

    return list(Procedure.objects.order_by("name").values_list("name", flat=True).distinct()[:3000])


def _render_form(
    request: HttpRequest,
    form: PublicPetitionForm,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "petitions/public/form.html",
        {
            "form": form,
            "token": formguard.issue(SALT, "public"),
            "honeypot": formguard.HONEYPOT_FIELD,
            "errors": errors or [],
            "counts": _year_counts(),
            "procedures": _procedure_names(),
        },
        status=status,
    )


@never_cache
def petition_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        initial = {}
        unit_code = request.GET.get("don-vi", "")
        if unit_code:
            unit = Unit.objects.filter(code=unit_code, active=True).first()
            if unit:
                initial["unit"] = unit.pk
        return _render_form(request, PublicPetitionForm(initial=initial))
    return _submit(request)


def _submit(request: HttpRequest) -> HttpResponse:
    form = PublicPetitionForm(request.POST, request.FILES)
    if request.POST.get(formguard.HONEYPOT_FIELD):
        return render(request, "petitions/public/thanks.html", {"petition": None})
    try:
        token = formguard.read(SALT, request.POST.get("token", ""), "public", TOKEN_MAX_AGE)
    except formguard.BadToken:
        return _render_form(
            request, form, ["Phiên làm việc đã hết hạn. Vui lòng kiểm tra và gửi lại."], 400
        )
    ip = client_ip(request) or "unknown"
    client = formguard.client_hash("parsipas.petitions.client", ip, timezone.localdate())
    if formguard.count_hit(NAMESPACE, client) > _conf("PETITION_HOURLY_LIMIT", 5):
        return render(request, "petitions/public/too_many.html", status=429)
    if formguard.filled_too_fast(token, _conf("PETITION_MIN_FILL_SECONDS", 5)):
        return _render_form(
            request, form, ["Bạn gửi quá nhanh. Vui lòng đọc lại nội dung rồi gửi lại."], 400
        )
    if not form.is_valid():
        return _render_form(request, form, status=400)
    if not formguard.claim_once(NAMESPACE, token.nonce, TOKEN_MAX_AGE + 60):
        return _render_form(request, PublicPetitionForm(), ["Phản ánh này đã được gửi."], 409)
    data = form.cleaned_data
    unit = get_object_or_404(Unit, pk=data["unit"], active=True)
    try:
        petition = handling.receive(
            unit=unit,
            channel=Channel.WEB,
            content=data["content"],
            procedure=data["procedure"],
            sender=handling.Sender(data["sender_name"], data["sender_phone"], data["sender_email"]),
            files=data["files"],
            client_hash=client,
        )
    except handling.HandlingError as exc:
        return _render_form(request, form, [str(exc)], 400)
    link = reverse("petition_sender", args=[petition.code, sender_key(petition.code)])
    return render(
        request,
        "petitions/public/thanks.html",
        {"petition": petition, "link": request.build_absolute_uri(link), "path": link},
    )


def _public_context(petition: Petition) -> dict[str, object]:
    from parsipas.petitions.rules import deadlines
    from parsipas.workcalendar.service import calendar

    d = deadlines(figures.timeline(petition), calendar(), figures.limits())
    return {
        "petition": petition,
        "handle_by": d.handle,
        "events": petition.events.exclude(action=Event.Action.ERASED).select_related("from_unit"),
    }


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """Anyone with a code sees the status and dates — nothing personal, not the content."""
    code = request.GET.get("ma", "").strip().upper()[:20]
    petition = Petition.objects.select_related("unit").filter(code=code).first() if code else None
    context: dict[str, object] = {"code": code, "not_found": bool(code) and petition is None}
    if petition is not None:
        context.update(_public_context(petition))
    return render(request, "petitions/public/lookup.html", context)


@never_cache
def sender_view(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """The sender's own page (the link given after sending): the content, the answer, the rating."""
    if not _check_key(code, key):
        return redirect(f"{reverse('petition_lookup')}?ma={code}")
    petition = get_object_or_404(Petition.objects.select_related("unit"), code=code)
    form = RatingForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            handling.rate(petition, form.cleaned_data["satisfied"], form.cleaned_data["comment"])
            return redirect(request.path)
        except handling.HandlingError as exc:
            error = str(exc)
    context = _public_context(petition)
    context.update(
        {"sender": True, "form": form, "error": error, "attachments": petition.attachments.all()}
    )
    return render(request, "petitions/public/lookup.html", context)
