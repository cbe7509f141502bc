"""The periodic report page: pick a period, edit the narrative (admin), download Word and Excel."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.dashboards import excel, periodic, word
from parsipas.dashboards.forms import LetterheadForm, NarrativeForm
from parsipas.dashboards.models import PeriodNarrative, ReportSettings
from parsipas.dashboards.views.common import period_and_plan, period_options
from parsipas.reporting.models import ReportingPeriod

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@policy.login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_periodic_report(request.user))
    period, plan = period_and_plan(request)
    narrative = PeriodNarrative.objects.filter(period=period).first() if period else None
    return render(
        request,
        "dashboards/periodic.html",
        {
            "period": period,
            "plan": plan,
            "periods": period_options(period),
            "narrative": narrative,
            "letterhead": ReportSettings.load(),
            "can_edit": policy.can_edit_periodic_report(request.user),
        },
    )


@policy.login_required
def narrative(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    policy.require(policy.can_edit_periodic_report(request.user))
    period = get_object_or_404(ReportingPeriod, year=year, code=code)
    instance = PeriodNarrative.objects.filter(period=period).first() or PeriodNarrative(
        period=period
    )
    form = NarrativeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.updated_by = request.user
        item.save()
        messages.success(request, f"Đã lưu nội dung báo cáo {period.label}.")
        return redirect(f"{reverse('periodic_report')}?ky={year}-{code}")
    return render(
        request,
        "dashboards/periodic_form.html",
        {
            "form": form,
            "period": period,
            "title": f"Nội dung báo cáo {period.label}",
        },
    )


@policy.login_required
def letterhead(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_edit_periodic_report(request.user))
    form = LetterheadForm(request.POST or None, instance=ReportSettings.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu thông tin văn bản báo cáo.")
        return redirect("periodic_report")
    return render(
        request,
        "dashboards/periodic_form.html",
        {"form": form, "title": "Thông tin văn bản báo cáo"},
    )


def _load(year: int, code: str) -> periodic.PeriodicReport:
    try:
        return periodic.load(year, code)
    except periodic.NoReportData as exc:
        raise Http404(str(exc)) from exc


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@policy.login_required
def docx(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    policy.require(policy.can_view_periodic_report(request.user))
    report = _load(year, code)
    return _file(word.build(report), DOCX, f"{report.filename_stem}.docx")


@policy.login_required
def xlsx(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    policy.require(policy.can_view_periodic_report(request.user))
    report = _load(year, code)
    return _file(excel.build(report), XLSX, f"phu-luc-tien-do-{year}-{code.lower()}.xlsx")
