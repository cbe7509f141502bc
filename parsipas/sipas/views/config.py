"""Configuration by the admin: instruments (elements, questions, rule), answer scales, targets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as django_render
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib import related
from parsipas.sipas import links
from parsipas.sipas.forms import (
    ChoiceFormSet,
    ElementFormSet,
    InstrumentForm,
    QuestionFormSet,
    ScaleForm,
    TargetForm,
)
from parsipas.sipas.models import (
    DEFAULT_TARGET,
    Instrument,
    Question,
    Response,
    Scale,
    SipasTarget,
)


def render(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Every configuration page warns while SITE_URL is a local address (issue 17)."""
    return django_render(request, template, {**context, "local_site_url": links.local_site_url()})


@policy.admin_required
def instruments(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = Instrument.objects.annotate(
        n_questions=related.count_of(Question, "instrument"),
        n_responses=related.count_of(Response, "instrument"),
    )
    scales = Scale.objects.annotate(n_choices=Count("choices", distinct=True))
    return render(request, "sipas/instruments.html", {"instruments": items, "scales": scales})


@policy.admin_required
def instrument_edit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    instrument = get_object_or_404(Instrument, code=code) if code else None
    form = InstrumentForm(request.POST or None, instance=instrument)
    elements = ElementFormSet(
        request.POST or None, instance=instrument or Instrument(), prefix="el"
    )
    if request.method == "POST" and form.is_valid() and elements.is_valid():
        try:
            with transaction.atomic():
                if form.cleaned_data["is_current"]:
                    others = Instrument.objects.filter(is_current=True)
                    if instrument is not None:
                        others = others.exclude(pk=instrument.pk)
                    others.update(is_current=False)
                saved = form.save()
                elements.instance = saved
                elements.save()
        except IntegrityError:
            messages.error(
                request,
                "Không xóa được yếu tố đang có câu hỏi; hãy chuyển câu hỏi sang yếu tố khác trước.",
            )
        else:
            messages.success(request, f"Đã lưu bộ câu hỏi {saved.name}.")
            return redirect("sipas_instrument", saved.code)
    return render(
        request,
        "sipas/instrument_form.html",
        {"instrument": instrument, "form": form, "elements": elements},
    )


@policy.admin_required
def questions_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    instrument = get_object_or_404(Instrument, code=code)
    formset = QuestionFormSet(
        request.POST or None,
        instance=instrument,
        prefix="q",
        form_kwargs={"instrument": instrument},
        queryset=instrument.questions.select_related("element", "scale"),
    )
    if request.method == "POST" and formset.is_valid():
        answered = [
            f.instance
            for f in formset.deleted_forms
            if f.instance.pk and f.instance.answers.exists()
        ]
        if answered:
            messages.error(
                request,
                "Không xóa được câu hỏi đã có câu trả lời: "
                + ", ".join(q.code for q in answered)
                + ". Hãy bỏ chọn “đang hỏi” để ngừng hỏi câu đó.",
            )
        else:
            with transaction.atomic():
                formset.save()
            messages.success(request, "Đã lưu các câu hỏi.")
            return redirect("sipas_questions", instrument.code)
    return render(request, "sipas/questions.html", {"instrument": instrument, "formset": formset})


@policy.admin_required
def scale_edit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    scale = get_object_or_404(Scale, code=code) if code else None
    form = ScaleForm(request.POST or None, instance=scale)
    choices = ChoiceFormSet(request.POST or None, instance=scale or Scale(), prefix="c")
    if request.method == "POST" and form.is_valid() and choices.is_valid():
        with transaction.atomic():
            saved = form.save()
            choices.instance = saved
            choices.save()
        messages.success(request, f"Đã lưu thang đo {saved.name}.")
        return redirect("sipas_instruments")
    return render(
        request, "sipas/scale_form.html", {"scale": scale, "form": form, "choices": choices}
    )


@policy.admin_required
def targets(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    form = TargetForm(
        request.POST or None, initial={"year": year, "element": "SIPAS", "pct": DEFAULT_TARGET}
    )
    if request.method == "POST":
        delete = request.POST.get("delete")
        if delete:
            SipasTarget.objects.filter(pk=delete).delete()
            messages.success(request, "Đã xóa mục tiêu.")
            return redirect("sipas_targets")
        if form.is_valid():
            SipasTarget.objects.update_or_create(
                year=form.cleaned_data["year"],
                element=form.cleaned_data["element"].strip().upper(),
                defaults={"pct": form.cleaned_data["pct"], "note": form.cleaned_data["note"]},
            )
            messages.success(request, "Đã lưu mục tiêu.")
            return redirect("sipas_targets")
    return render(
        request,
        "sipas/targets.html",
        {"form": form, "targets": SipasTarget.objects.all(), "default": DEFAULT_TARGET},
    )
