"""The admin's reporting periods: create a year's four periods, edit dates, open/close/lock."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.audit.tracking import record_event
from parsipas.reporting.forms import CreatePeriodsForm, PeriodForm, WorkingYearForm
from parsipas.reporting.models import Report, ReportingPeriod, WorkingYear


@policy.admin_required
def period_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    ReportingPeriod.sync_states()
    periods = ReportingPeriod.objects.annotate(
        sent=Count("reports", filter=~Q(reports__workflow=Report.Workflow.DRAFT)),
        waiting=Count("reports", filter=Q(reports__workflow=Report.Workflow.SUBMITTED)),
    ).order_by("-year", "due_date")
    return render(
        request,
        "reporting/period_list.html",
        {
            "periods": periods,
            "create_form": CreatePeriodsForm(initial={"year": timezone.localdate().year + 1}),
            "working_year": WorkingYear.get(),
            "year_form": WorkingYearForm(initial={"year": WorkingYear.get()}),
        },
    )


@require_POST
@policy.admin_required
def period_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CreatePeriodsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Năm không hợp lệ.")
        return redirect("period_list")
    year = form.cleaned_data["year"]
    created, existing = ReportingPeriod.create_defaults(year)
    if created:
        record_event(f"Tạo {len(created)} kỳ báo cáo năm {year} với ngày mặc định")
        messages.success(
            request, f"Đã tạo {len(created)} kỳ báo cáo năm {year}. Hãy kiểm tra lại các ngày."
        )
    else:
        messages.info(request, f"Các kỳ báo cáo năm {year} đã có sẵn.")
    return redirect("period_list")


@policy.admin_required
def period_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=pk)
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Đã lưu {period}.")
        return redirect("period_list")
    return render(request, "reporting/period_form.html", {"form": form, "period": period})


@require_POST
@policy.admin_required
def working_year(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Switch the year every page shows by default (the new year's plan and periods do not take
    over by themselves)."""
    form = WorkingYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Năm không hợp lệ.")
        return redirect("period_list")
    year = form.cleaned_data["year"]
    if not ReportingPeriod.objects.filter(year=year).exists():
        messages.error(request, f"Chưa có kỳ báo cáo năm {year}: hãy tạo các kỳ trước.")
        return redirect("period_list")
    WorkingYear.switch(year, request.user)
    record_event(f"Chuyển năm hiển thị trên các trang sang năm {year}")
    messages.success(request, f"Từ nay các trang hiển thị năm {year}.")
    return redirect("period_list")
