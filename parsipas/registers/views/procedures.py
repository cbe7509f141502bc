"""The list of procedures handled inter-linked (3.7), kept by Văn phòng UBND tỉnh."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.registers import forms, services
from parsipas.registers.models import LinkedProcedure
from parsipas.registers.services import RegisterError
from parsipas.registers.views.common import wants_xlsx, xlsx_response


@policy.login_required
def procedure_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_registers(request.user))
    rows = LinkedProcedure.objects.select_related("lead_unit")
    level = request.GET.get("cap", "")
    if level in LinkedProcedure.Level.values:
        rows = rows.filter(level=level)
    if wants_xlsx(request):
        return xlsx_response(
            "tthc-lien-thong",
            "TTHC liên thông",
            ["Tên TTHC, nhóm TTHC", "Mã TTHC", "Hình thức", "Cơ quan chủ trì", "Số quyết định", "Ngày quyết định"],
            [[p.name, p.procedure_codes, p.get_level_display(), p.lead_unit.name if p.lead_unit else "",
              p.decision_number, p.decision_date] for p in rows],
        )  # fmt: skip
    year = timezone.localdate().year
    per_level = dict(
        LinkedProcedure.objects.values("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
        .order_by()
    )
    counts = [(label, per_level.get(value, 0)) for value, label in LinkedProcedure.Level.choices]
    return render(
        request,
        "registers/procedures.html",
        {
            "rows": rows,
            "level": level,
            "levels": LinkedProcedure.Level.choices,
            "counts": counts,
            "can_manage": services.can_manage_procedures(request.user, year),
        },
    )


@policy.login_required
def procedure_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    procedure = get_object_or_404(LinkedProcedure, pk=pk) if pk else None
    year = procedure.decision_date.year if procedure else timezone.localdate().year
    policy.require(
        services.can_manage_procedures(request.user, year),
        "Chỉ Văn phòng UBND tỉnh quản lý danh mục TTHC liên thông.",
    )
    form = forms.ProcedureForm(request.POST or None, instance=procedure)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete" and procedure is not None:
                services.delete_procedure(request.user, procedure)
                messages.success(request, "Đã xóa khỏi danh mục.")
                return redirect("registers_procedures")
            if form.is_valid():
                item = services.save_procedure(request.user, form.save(commit=False))
                messages.success(request, f"Đã lưu “{item.name}”.")
                return redirect("registers_procedures")
        except RegisterError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "registers/form.html",
        {
            "title": "Sửa TTHC liên thông" if procedure else "Thêm TTHC liên thông",
            "form": form,
            "back": reverse("registers_procedures"),
            "submit": "Lưu",
            "action": "save",
            "can_delete": procedure is not None,
        },
    )
