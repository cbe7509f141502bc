"""The inspection register: the year's plan, each inspection with its notice and findings, the
unit's remediation, the team's review, and the list of findings behind 1.4 and 4.9."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.registers import forms, services
from parsipas.registers.models import Finding, Inspection, InspectionKind, InspectionPlanItem
from parsipas.registers.services import RegisterError
from parsipas.registers.views.common import scoped, wants_xlsx, xlsx_response, year_of
from parsipas.units.models import COMMUNE_KINDS, Unit, UnitKind


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("loai", "")
    return kind if kind in InspectionKind.values else ""


def coverage(year: int) -> dict[str, Any]:
    """Agencies and communes planned and inspected against the ≥ 30% of 1.3."""
    units = dict(
        Unit.objects.filter(active=True, kind__in=(UnitKind.AGENCY, *COMMUNE_KINDS)).values_list(
            "pk", "kind"
        )
    )
    planned = set(
        InspectionPlanItem.objects.filter(year=year, kind=InspectionKind.CCHC).values_list(
            "unit_id", flat=True
        )
    )
    done = set(
        Inspection.objects.filter(year=year, kind=InspectionKind.CCHC).values_list(
            "unit_id", flat=True
        )
    )
    rows = []
    for label, kinds in (
        ("Cơ quan cấp tỉnh", (UnitKind.AGENCY,)),
        ("Xã, phường", COMMUNE_KINDS),
    ):
        members = {u for u, k in units.items() if k in kinds}
        total = len(members) or 1
        rows.append(
            {
                "label": label,
                "total": len(members),
                "planned": len(planned & members),
                "done": len(done & members),
                "planned_pct": round(100 * len(planned & members) / total, 1),
                "done_pct": round(100 * len(done & members) / total, 1),
            }
        )
    return {"rows": rows, "target": 30}


@policy.login_required
def inspection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_registers(request.user))
    year = year_of(request)
    kind = _kind(request)
    rows = (
        Inspection.objects.filter(year=year)
        .select_related("unit", "team_unit", "notice", "notice__file")
        .annotate(
            n_findings=Count("findings"),
            n_done=Count("findings", filter=Q(findings__status__in=Finding.DONE)),
        )
    )
    if kind:
        rows = rows.filter(kind=kind)
    rows, unit = scoped(request, rows, "unit")
    if wants_xlsx(request):
        return xlsx_response(
            f"kiem-tra-{year}",
            "Kiểm tra CCHC",
            ["Đơn vị", "Loại kiểm tra", "Cơ quan kiểm tra", "Từ ngày", "Đến ngày",
             "Số thông báo kết luận", "Ngày thông báo", "Vấn đề phát hiện", "Đã khắc phục",
             "Kế hoạch khắc phục"],
            [
                [i.unit.name, i.get_kind_display(), i.team_unit.name, i.start_date, i.end_date,
                 i.notice.number if i.notice else "", i.notice.date if i.notice else None,
                 i.n_findings, i.n_done,
                 i.remediation_plan_number or ("Đã nộp" if i.has_remediation_plan else "Chưa nộp")]
                for i in rows
            ],
        )  # fmt: skip
    can_manage = services.can_manage_inspections(request.user, year)
    return render(
        request,
        "registers/inspections.html",
        {
            "year": year,
            "kind": kind,
            "kinds": InspectionKind.choices,
            "unit": unit,
            "rows": rows,
            "can_manage": can_manage,
            "coverage": coverage(year) if policy.can_view_all_register_rows(request.user) else None,
            "overdue": _overdue(request, year),
        },
    )


def _overdue(request: HttpRequest, year: int) -> dict[str, Any]:
    today = timezone.localdate()
    findings = Finding.objects.filter(inspection__year=year, due_date__lt=today).exclude(
        status__in=Finding.DONE
    )
    findings, _ = scoped(request, findings, "inspection__unit")
    no_plan = Inspection.objects.filter(
        year=year, remediation_plan_file__isnull=True, remediation_plan_due__lt=today
    ).select_related("unit")
    no_plan, _ = scoped(request, no_plan, "unit")
    return {"findings": findings.count(), "no_plan": list(no_plan)}


@policy.login_required
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_registers(request.user))
    year = year_of(request)
    can_manage = services.can_manage_inspections(request.user, year)
    form = forms.PlanItemForm(request.POST or None)
    if request.method == "POST":
        policy.require(can_manage, "Chỉ cơ quan chủ trì kiểm tra lập kế hoạch.")
        if form.is_valid():
            item = form.save(commit=False)
            item.year = year
            try:
                services.save_plan_item(request.user, item)
            except RegisterError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, f"Đã thêm {item.unit.name} vào kế hoạch kiểm tra.")
                return redirect(f"{reverse('registers_plan')}?nam={year}")
    rows = InspectionPlanItem.objects.filter(year=year).select_related("unit", "team_unit")
    rows, unit = scoped(request, rows, "unit")
    done = set(Inspection.objects.filter(year=year).values_list("unit_id", "kind"))
    if wants_xlsx(request):
        return xlsx_response(
            f"ke-hoach-kiem-tra-{year}",
            "Kế hoạch kiểm tra",
            ["Đơn vị", "Loại kiểm tra", "Cơ quan kiểm tra", "Tháng dự kiến", "Đã kiểm tra", "Ghi chú"],
            [[r.unit.name, r.get_kind_display(), r.team_unit.name, r.planned_month,
              "Có" if (r.unit_id, r.kind) in done else "Chưa", r.note] for r in rows],
        )  # fmt: skip
    return render(
        request,
        "registers/plan.html",
        {
            "year": year,
            "rows": [(r, (r.unit_id, r.kind) in done) for r in rows],
            "form": form if can_manage else None,
            "coverage": coverage(year) if policy.can_view_all_register_rows(request.user) else None,
        },
    )


@policy.login_required
def inspection_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = year_of(request)
    policy.require(
        services.can_manage_inspections(request.user, year), "Chỉ đoàn kiểm tra ghi cuộc kiểm tra."
    )
    form = forms.InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inspection = form.save(commit=False)
        inspection.year = year
        due = form.cleaned_data["findings_due"]  # required by clean() when findings are given
        try:
            services.record_inspection(
                request.user, inspection, [(t, due) for t in form.finding_texts()]
            )
        except RegisterError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, f"Đã ghi cuộc kiểm tra {inspection.unit.name}.")
            return redirect("registers_inspection", pk=inspection.pk)
    return render(
        request,
        "registers/form.html",
        {
            "title": f"Ghi cuộc kiểm tra năm {year}",
            "form": form,
            "back": f"{reverse('registers_inspections')}?nam={year}",
            "submit": "Ghi cuộc kiểm tra",
        },
    )


def _viewable(request: HttpRequest, pk: int) -> Inspection:
    inspection = get_object_or_404(
        Inspection.objects.select_related("unit", "team_unit", "notice", "notice__file"), pk=pk
    )
    if not policy.can_view_register_row(request.user, inspection.unit):
        raise Http404("Không tìm thấy cuộc kiểm tra.")
    return inspection


ACTIONS = ("notice", "finding", "plan", "remediate", "review")


@policy.login_required
def inspection_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inspection = _viewable(request, pk)
    user = request.user
    can_manage = services.can_manage_inspections(user, inspection.year)
    is_unit = policy.can_act_on_register_row(user, inspection.unit)
    bound: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404("Thao tác không có.")
        try:
            done = _act(request, inspection, action, bound)
        except RegisterError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if done:
                messages.success(request, done)
                return redirect("registers_inspection", pk=inspection.pk)
    findings = list(inspection.findings.select_related("evidence"))
    today = timezone.localdate()
    return render(
        request,
        "registers/inspection_detail.html",
        {
            "inspection": inspection,
            "findings": [
                {
                    "finding": f,
                    "overdue": f.is_overdue(today),
                    "can_remediate": is_unit and f.status != Finding.Status.ACCEPTED,
                    "can_review": can_manage and f.status == Finding.Status.REMEDIATED,
                    "form": bound.get(f"remediate-{f.pk}")
                    or forms.RemediationForm(prefix=f"f{f.pk}"),
                    "review_form": forms.ReviewFindingForm(prefix=f"r{f.pk}"),
                }
                for f in findings
            ],
            "done": sum(1 for f in findings if f.is_done),
            "can_manage": can_manage,
            "is_unit": is_unit,
            "notice_form": bound.get("notice") or forms.NoticeForm(),
            "finding_form": bound.get("finding") or forms.FindingForm(),
            "plan_form": bound.get("plan") or forms.RemediationPlanForm(),
        },
    )


def _finding(inspection: Inspection, request: HttpRequest) -> Finding:
    try:
        return inspection.findings.get(pk=int(request.POST.get("finding", "")))
    except (ValueError, Finding.DoesNotExist) as exc:
        raise Http404("Không tìm thấy vấn đề.") from exc


def _act(
    request: AuthenticatedHttpRequest, inspection: Inspection, action: str, bound: dict[str, Any]
) -> str:
    """Run one POSTed action; returns the success message, or '' when the form is invalid."""
    user = request.user
    form: BaseForm
    if action == "notice":
        form = forms.NoticeForm(request.POST, request.FILES)
        bound["notice"] = form
        if not form.is_valid():
            return ""
        data = form.cleaned_data
        upload = data["file"]  # a required field of the form
        services.issue_notice(
            user, inspection, data["number"], data["date"], upload.file, upload.name
        )
        return "Đã lưu thông báo kết luận kiểm tra."
    if action == "finding":
        form = forms.FindingForm(request.POST)
        bound["finding"] = form
        if not form.is_valid():
            return ""
        services.add_finding(
            user, inspection, form.cleaned_data["text"], form.cleaned_data["due_date"]
        )
        return "Đã thêm vấn đề phát hiện."
    if action == "plan":
        form = forms.RemediationPlanForm(request.POST, request.FILES)
        bound["plan"] = form
        if not form.is_valid():
            return ""
        data = form.cleaned_data
        upload = data["file"]  # a required field of the form
        services.file_remediation_plan(
            user, inspection, data["number"], data["date"], upload.file, upload.name
        )
        return "Đã nộp kế hoạch khắc phục."
    finding = _finding(inspection, request)
    if action == "remediate":
        remediation = forms.RemediationForm(request.POST, request.FILES, prefix=f"f{finding.pk}")
        bound[f"remediate-{finding.pk}"] = remediation
        if not remediation.is_valid():
            return ""
        data = remediation.cleaned_data
        evidence = request.FILES.get(f"f{finding.pk}-file")
        services.report_remediation(
            user,
            finding,
            data["remediation"],
            data["date"],
            evidence.file if evidence else None,
            (evidence.name or "") if evidence else "",
            remediation.meta(),
        )
        return "Đã báo cáo khắc phục vấn đề."
    form = forms.ReviewFindingForm(request.POST, prefix=f"r{finding.pk}")
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    services.review_finding(user, finding, accept, form.cleaned_data.get("comment", ""))
    return "Đã xác nhận kết quả khắc phục." if accept else "Đã yêu cầu đơn vị khắc phục lại."


@policy.login_required
def finding_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_registers(request.user))
    year = year_of(request)
    kind = _kind(request)
    rows = Finding.objects.filter(inspection__year=year).select_related(
        "inspection", "inspection__unit", "evidence"
    )
    if kind:
        rows = rows.filter(inspection__kind=kind)
    rows, unit = scoped(request, rows, "inspection__unit")
    today = timezone.localdate()
    overdue_only = request.GET.get("qua-han") == "1"
    if overdue_only:
        rows = rows.filter(due_date__lt=today).exclude(status__in=Finding.DONE)
    rows = rows.order_by("inspection__unit__name", "inspection_id", "order")
    if wants_xlsx(request):
        return xlsx_response(
            f"van-de-kiem-tra-{year}",
            "Vấn đề phát hiện",
            ["Đơn vị", "Loại kiểm tra", "Vấn đề", "Hạn khắc phục", "Tình trạng", "Ngày khắc phục", "Kết quả khắc phục"],
            [[f.inspection.unit.name, f.inspection.get_kind_display(), f.text, f.due_date,
              f.get_status_display(), f.remediated_on, f.remediation] for f in rows],
        )  # fmt: skip
    found = list(rows)
    return render(
        request,
        "registers/findings.html",
        {
            "year": year,
            "kind": kind,
            "kinds": InspectionKind.choices,
            "unit": unit,
            "rows": [(f, f.is_overdue(today)) for f in found],
            "done": sum(1 for f in found if f.is_done),
            "overdue_only": overdue_only,
        },
    )
