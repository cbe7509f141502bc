"""The initiative register (1.6): a unit proposes; Sở Nội vụ records the decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.registers import forms, services
from parsipas.registers.models import Initiative
from parsipas.registers.services import RegisterError
from parsipas.registers.views.common import scoped, wants_xlsx, xlsx_response, year_of
from parsipas.units.models import Unit

STATUS_FILTERS = {"cong-nhan": Initiative.COUNTED, "de-xuat": (Initiative.Status.PROPOSED,)}


@policy.login_required
def initiative_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_registers(request.user))
    year = year_of(request)
    rows = Initiative.objects.filter(year=year).select_related("unit")
    status = request.GET.get("tinh-trang", "")
    if status in STATUS_FILTERS:
        rows = rows.filter(status__in=STATUS_FILTERS[status])
    rows, unit = scoped(request, rows, "unit")
    if wants_xlsx(request):
        return xlsx_response(
            f"sang-kien-{year}",
            "Sáng kiến CCHC",
            ["Tên sáng kiến", "Đơn vị đề xuất", "Ngày đề xuất", "Tình trạng", "Số quyết định",
             "Ngày quyết định", "Cơ quan TW cho thí điểm", "Nhân rộng toàn tỉnh", "Từ ngày"],
            [[i.title, i.unit.name, i.proposed_on, i.get_status_display(), i.decision_number,
              i.decision_date, i.central_body, "Có" if i.replicated else "Không", i.replicated_from]
             for i in rows],
        )  # fmt: skip
    user = request.user
    counted = sum(1 for i in rows if i.status in Initiative.COUNTED)
    return render(
        request,
        "registers/initiatives.html",
        {
            "year": year,
            "rows": rows,
            "unit": unit,
            "status": status,
            "counted": counted,
            "can_manage": services.can_manage_initiatives(user, year),
            "can_propose": bool(user.unit_id and policy.can_act_for_unit(user, user.unit))
            or services.can_manage_initiatives(user, year),
        },
    )


def _units_for(request: AuthenticatedHttpRequest, year: int) -> object:
    user = request.user
    if services.can_manage_initiatives(user, year):
        return Unit.objects.filter(active=True).order_by("kind", "name")
    return Unit.objects.filter(pk__in=[user.unit_id] if user.unit_id else [])


@policy.login_required
def initiative_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    initiative = get_object_or_404(Initiative.objects.select_related("unit"), pk=pk) if pk else None
    if initiative is not None and not policy.can_view_register_row(user, initiative.unit):
        raise Http404("Không tìm thấy sáng kiến.")
    year = initiative.year if initiative else year_of(request)
    can_manage = services.can_manage_initiatives(user, year)
    can_edit = can_manage or (
        (initiative is None and user.unit_id and policy.can_act_for_unit(user, user.unit))
        or (
            initiative is not None
            and policy.can_act_on_register_row(user, initiative.unit)
            and initiative.status == Initiative.Status.PROPOSED
        )
    )
    if initiative is None:
        policy.require(bool(can_edit), "Chỉ cán bộ của đơn vị mới đề xuất sáng kiến.")
    form = forms.InitiativeForm(
        request.POST or None,
        instance=initiative,
        units=_units_for(request, year),
        initial={"proposed_on": timezone.localdate()} if initiative is None else None,
    )
    decision = forms.DecisionForm(
        request.POST if request.POST.get("action") == "decide" else None,
        initial={
            "status": initiative.status,
            "decision_number": initiative.decision_number,
            "decision_date": initiative.decision_date,
            "central_body": initiative.central_body,
            "replicated_from": initiative.replicated_from,
        }
        if initiative
        else None,
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decide":
                policy.require(
                    can_manage and initiative is not None, "Chỉ cơ quan chủ trì xét sáng kiến."
                )
                if initiative is not None and decision.is_valid():  # required just above
                    data = decision.cleaned_data
                    services.decide_initiative(
                        user, initiative, data["status"], data["decision_number"],
                        data["decision_date"], data["central_body"], data["replicated_from"],
                    )  # fmt: skip
                    messages.success(request, "Đã ghi kết quả xét sáng kiến.")
                    return redirect("registers_initiative", pk=initiative.pk)
            else:
                policy.require(bool(can_edit), "Bạn không sửa được sáng kiến này.")
                if form.is_valid():
                    item = form.save(commit=False)
                    item.year = year
                    services.propose_initiative(user, item)
                    messages.success(request, "Đã lưu sáng kiến.")
                    return redirect("registers_initiative", pk=item.pk)
        except RegisterError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "registers/initiative.html",
        {
            "initiative": initiative,
            "year": year,
            "form": form if can_edit else None,
            "decision": decision if can_manage and initiative else None,
            "back": f"{reverse('registers_initiatives')}?nam={year}",
        },
    )
