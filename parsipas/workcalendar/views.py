"""The admin's page of the year's working days: statutory holidays and the Government's swaps."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.workdays import statutory_holidays
from parsipas.workcalendar import service
from parsipas.workcalendar.forms import ArrangementForm
from parsipas.workcalendar.models import DayArrangement

YEARS_SHOWN = range(2020, 2101)


@policy.admin_required
def arrangement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    if year not in YEARS_SHOWN:
        year = timezone.localdate().year
    form = ArrangementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = service.save_arrangement(data["date"], data["kind"], data["reason"], data["source"])
        messages.success(request, f"Đã lưu ngày {row.date:%d/%m/%Y}.")
        return redirect(f"{request.path}?nam={row.date.year}")
    rows = DayArrangement.objects.filter(date__year=year)
    calendar = service.calendar()
    working_days = sum(
        calendar.is_working_day(dt.date(year, 1, 1) + dt.timedelta(days=i))
        for i in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)
    )
    return render(
        request,
        "workcalendar/arrangement_list.html",
        {
            "year": year,
            "rows": rows,
            "holidays": sorted(statutory_holidays(year)),
            "working_days": working_days,
            "form": form,
        },
    )


@policy.admin_required
def arrangement_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(DayArrangement, pk=pk)
    if request.method == "POST":
        service.delete_arrangement(row)
        messages.success(request, f"Đã xóa ngày {row.date:%d/%m/%Y}.")
    return redirect(f"/lich-lam-viec/?nam={row.date.year}")
