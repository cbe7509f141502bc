"""Dialogues of the province's leaders with citizens and businesses (criterion 1.7)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.bounds import query_year
from parsipas.petitions import figures, handling, oversight
from parsipas.petitions.forms import DialogueForm, ProposalAnswerForm, ProposalForm
from parsipas.petitions.models import Dialogue, Proposal
from parsipas.units.models import Unit


def _owners() -> set[int]:
    return oversight.dialogue_owner_ids(timezone.localdate().year)


@policy.login_required
def dialogue_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_dialogues(request.user))
    year = query_year(request)
    owners = _owners()
    can_manage = policy.can_manage_dialogues(request.user, owners)
    reads_all = can_manage or policy.can_view_province(request.user)
    mine = None if reads_all else request.user.unit
    form = DialogueForm(request.POST or None)
    if request.method == "POST":
        policy.require(can_manage)
        if form.is_valid():
            try:
                d = handling.save_dialogue(form.save(commit=False), request.user)
            except handling.HandlingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã ghi nhận cuộc đối thoại.")
                return redirect("dialogue_detail", pk=d.pk)
    proposals = Proposal.objects.filter(dialogue__year=year).select_related("unit", "dialogue")
    if mine is not None:
        proposals = proposals.filter(unit=mine)
    return render(
        request,
        "petitions/staff/dialogues.html",
        {
            "year": year,
            "dialogues": Dialogue.objects.filter(year=year).prefetch_related("proposals"),
            "proposals": proposals if mine is not None else None,
            "figures": figures.dialogue_figures(year, mine),
            "can_manage": can_manage,
            "form": form,
            "today": timezone.localdate(),
        },
    )


@policy.login_required
def dialogue_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dialogue = get_object_or_404(Dialogue, pk=pk)
    owners = _owners()
    can_manage = policy.can_manage_dialogues(request.user, owners)
    if not (can_manage or policy.can_view_province(request.user)):
        if not dialogue.proposals.filter(unit=request.user.unit_id).exists():
            raise Http404()
    form = ProposalForm(request.POST or None)
    if request.method == "POST":
        policy.require(can_manage)
        if form.is_valid():
            proposal = form.save(commit=False)
            proposal.unit = get_object_or_404(Unit, pk=form.cleaned_data["unit"])
            try:
                handling.add_proposal(dialogue, proposal)
            except handling.HandlingError as exc:
                form.add_error("due_on", str(exc))
            else:
                messages.success(request, "Đã thêm đề xuất, kiến nghị và giao đơn vị trả lời.")
                return redirect("dialogue_detail", pk=pk)
    proposals = dialogue.proposals.select_related("unit")
    if not (can_manage or policy.can_view_province(request.user)):
        proposals = proposals.filter(unit=request.user.unit_id)
    return render(
        request,
        "petitions/staff/dialogue_detail.html",
        {
            "d": dialogue,
            "proposals": proposals,
            "can_manage": can_manage,
            "form": form,
            "today": timezone.localdate(),
            "answerable": {
                p.pk for p in proposals if policy.can_answer_proposal(request.user, p, owners)
            },
        },
    )


@policy.login_required
def proposal_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("dialogue", "unit"), pk=pk)
    owners = _owners()
    if not (
        policy.can_answer_proposal(request.user, proposal, owners)
        or policy.can_view_province(request.user)
    ):
        raise Http404()
    policy.require(policy.can_answer_proposal(request.user, proposal, owners))
    form = ProposalAnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            handling.answer_proposal(proposal, d["text"], d["doc_number"], d["answered_on"])
        except handling.HandlingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã ghi nhận trả lời.")
            return redirect("dialogue_detail", pk=proposal.dialogue_id)
    return render(request, "petitions/staff/proposal_answer.html", {"p": proposal, "form": form})
