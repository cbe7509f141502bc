"""The public survey: no login, one form per unit, opened from a link, a desk's QR code or a kiosk."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from parsipas.sipas import conf, integrity, recording
from parsipas.sipas.integrity import Flag
from parsipas.sipas.models import AgeGroup, Channel, Desk, RespondentType, Response, Sex
from parsipas.sipas.survey import Filled, Layout, current_layout, read_filled
from parsipas.units.models import Unit, UnitKind

log = logging.getLogger(__name__)


def choose_unit(request: HttpRequest) -> HttpResponse:
    """Pick the agency or commune whose service you used (for links without a unit)."""
    q = request.GET.get("q", "").strip()
    units = Unit.objects.active().order_by("kind", "name")
    if q:
        units = units.search(q)
    groups = [(label, [u for u in units if u.kind == kind]) for kind, label in UnitKind.choices]
    return render(
        request, "sipas/public/choose_unit.html", {"groups": [g for g in groups if g[1]], "q": q}
    )


@never_cache
def survey_form(request: HttpRequest, code: str) -> HttpResponse:
    return _survey(request, code, kiosk=False)


@never_cache
def kiosk_form(request: HttpRequest, code: str) -> HttpResponse:
    return _survey(request, code, kiosk=True)


def _survey(request: HttpRequest, code: str, kiosk: bool) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code, active=True)
    layout = current_layout()
    if layout is None:
        return render(request, "sipas/public/closed.html", {"unit": unit}, status=503)
    if request.method == "POST":
        return _submit(request, unit, layout, kiosk)
    desk = _desk(unit, request.GET.get("quay", ""))
    return _render_form(request, unit, layout, kiosk, desk)


def _desk(unit: Unit, code: str) -> Desk | None:
    if not code:
        return None
    return Desk.objects.filter(unit=unit, code=code, active=True).first()


def _render_form(
    request: HttpRequest,
    unit: Unit,
    layout: Layout,
    kiosk: bool,
    desk: Desk | None,
    filled: Filled | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    mode = "kiosk" if kiosk else ("qr" if desk else "web")
    device = integrity.read_kiosk(request, unit.code) if kiosk else None
    selected: dict[str, list[str]] = {}
    if filled is not None:
        for qid, values in filled.answers.items():
            selected[f"q{qid}"] = [str(v) for v in values]
    context: dict[str, Any] = {
        "unit": unit,
        "layout": layout,
        "kiosk": kiosk,
        "kiosk_device": device,
        "desk": desk,
        "token": integrity.issue_token(unit.code, mode, desk.code if desk else ""),
        "selected": selected,
        "respondent": filled.respondent if filled else {},
        "comment": filled.comment if filled else "",
        "errors": errors or [],
        "age_groups": AgeGroup.choices,
        "sexes": Sex.choices,
        "respondent_types": RespondentType.choices,
        "honeypot": integrity.HONEYPOT_FIELD,
        "idle_seconds": conf.kiosk_idle_seconds(),
        "action": reverse("sipas_kiosk" if kiosk else "sipas_form", args=[unit.code]),
    }
    if filled is None:
        # The questions are the same for every visitor: render them once per layout.
        context["questions_html"] = _blank_fragment(layout, context, "sipas/_questions.html")
        context["respondent_html"] = _blank_fragment(layout, context, "sipas/_respondent.html")
    return render(request, "sipas/public/form.html", context, status=status)


def _blank_fragment(layout: Layout, context: dict[str, Any], template: str) -> str:
    html = layout.fragments.get(template)
    if html is None:
        html = mark_safe(  # noqa: S308 (rendered from our own template, escaped there)
            render_to_string(template, context)
        )
        layout.fragments[template] = html
    return html


def _submit(request: HttpRequest, unit: Unit, layout: Layout, kiosk: bool) -> HttpResponse:
    thanks_url = reverse("sipas_thanks", args=[unit.code]) + ("?kiosk=1" if kiosk else "")
    if request.POST.get(integrity.HONEYPOT_FIELD, "").strip():
        log.warning("sipas: honeypot filled for %s, response dropped", unit.code)
        return redirect(thanks_url)
    filled = read_filled(layout, request.POST)
    try:
        token = integrity.read_token(request.POST.get("token", ""), unit.code)
    except integrity.BadToken:
        desk = _desk(unit, request.GET.get("quay", ""))
        return _render_form(
            request,
            unit,
            layout,
            kiosk,
            desk,
            filled,
            [
                "Phiếu đã mở quá lâu hoặc không hợp lệ. Các câu trả lời của Ông/Bà vẫn được giữ; xin bấm Gửi lại."
            ],
            status=400,
        )
    desk = _desk(unit, token.desk)
    if filled.errors:
        return _render_form(request, unit, layout, kiosk, desk, filled, filled.errors, status=400)
    if not integrity.claim_nonce(token.nonce):
        return redirect(thanks_url)  # the same form sent twice: it was already received

    now = timezone.now()
    ip = integrity.client_ip(request)
    client = integrity.client_hash(ip, timezone.localdate(now))
    device = integrity.read_kiosk(request, unit.code) if kiosk else None
    flags: list[str] = []
    if integrity.count_hit("all", client) > conf.global_limit() and device is None:
        return _too_many(request, unit)
    unit_hits = integrity.count_hit("unit", client, unit.code)
    if unit_hits > (conf.kiosk_limit() if device else conf.hard_limit()):
        return _too_many(request, unit)
    if device is None and unit_hits > conf.soft_limit():
        flags.append(Flag.BURST)
    if device is not None:
        # The unit's own kiosk: its answers wait for the reform office, and a burst says so.
        flags.append(Flag.OWN)
        if integrity.kiosk_burst(unit.code, device.desk):
            flags.append(Flag.BURST)
    elapsed = time.time() - token.rendered_at
    if elapsed < conf.min_fill_seconds():
        flags.append(Flag.FAST)
    day = timezone.localdate(now)
    about = tuple(f"{k}={v}" for k, v in sorted(filled.respondent.items()))
    fingerprint = integrity.fingerprint(unit.pk, day, client, filled.answers, about)
    if Response.objects.filter(fingerprint=fingerprint).exists():
        flags.append(Flag.DUPLICATE)
    channel = Channel.KIOSK if token.mode == "kiosk" else (Channel.QR if desk else Channel.WEB)
    recording.save(
        recording.NewResponse(
            unit=unit,
            instrument_id=layout.instrument_id,
            answers=filled.answers,
            channel=channel,
            submitted_at=now,
            flags=flags,
            respondent=filled.respondent,
            extra={
                "desk": desk,
                "comment": filled.comment,
                "fill_seconds": max(0, int(elapsed)),
                "client_hash": client,
                "fingerprint": fingerprint,
            },
        ),
        scored=layout.scored_ids,
    )
    return redirect(thanks_url)


def _too_many(request: HttpRequest, unit: Unit) -> HttpResponse:
    response = render(request, "sipas/public/too_many.html", {"unit": unit}, status=429)
    response["Retry-After"] = "3600"
    return response


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code, active=True)
    layout = current_layout()
    kiosk = request.GET.get("kiosk") == "1"
    return render(
        request,
        "sipas/public/thanks.html",
        {"unit": unit, "layout": layout, "kiosk": kiosk, "back_seconds": 8},
    )
