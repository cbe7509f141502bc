from __future__ import annotations

import json

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.bounds import query_date, query_int
from parsipas.lib.tabular import ImportRefused
from parsipas.plans import importer, panels
from parsipas.plans.checks import publish_check
from parsipas.plans.export import plan_docx, plan_json, plan_xlsx
from parsipas.plans.forms import NodeEditForm, PlanUploadForm, TargetFormSet, unit_groups
from parsipas.plans.models import Assignment, Node, Plan, PlanImport
from parsipas.plans.parsing import MAX_FILE_BYTES
from parsipas.units.models import Unit


def _visible_plans(request: HttpRequest) -> QuerySet[Plan]:
    plans = Plan.objects.all()
    if not policy.can_manage_plan(request.user):
        plans = plans.filter(status=Plan.Status.PUBLISHED)  # drafts are the admin's business
    return plans


def _plan_for(request: HttpRequest) -> Plan | None:
    """The plan of ?year=, else the latest one the person may see."""
    plans = _visible_plans(request)
    wanted = query_int(request, "year", None, 2000, 2100)
    if wanted:
        return plans.filter(year=wanted).first()
    return plans.order_by("-year").first()


def _plan_of_year(request: HttpRequest, year: int) -> Plan:
    return get_object_or_404(_visible_plans(request), year=year)


@policy.login_required
def plan_tree(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = _plan_for(request)
    if plan is None:
        return render(
            request, "plans/no_plan.html", {"can_manage": policy.can_manage_plan(request.user)}
        )
    q = request.GET.get("q", "").strip()
    lead = request.GET.get("lead", "")
    unit_code = request.GET.get("unit", "")
    due = request.GET.get("due", "").strip()
    criteria = plan.nodes.filter(level=Node.Level.CRITERION)
    if q:
        criteria = criteria.filter(Q(title__icontains=q) | Q(content__icontains=q) | Q(code=q))
    if lead:
        criteria = criteria.filter(lead_units__code=lead)
    if unit_code:
        criteria = criteria.filter(assignments__unit__code=unit_code)
    if due == "authority":
        criteria = criteria.filter(deadline_by_authority=True)
    elif due:
        criteria = criteria.filter(deadline__lte=query_date(request, "due"))
    criteria = (
        criteria.distinct()
        .annotate(assigned=Count("assignments", distinct=True))
        .prefetch_related("lead_units", "targets")
        .order_by("order")
    )
    by_parent: dict[int | None, list[Node]] = {}
    for node in criteria:
        by_parent.setdefault(node.parent_id, []).append(node)
    tops = list(
        plan.nodes.filter(level__in=[Node.Level.INDEX, Node.Level.FIELD])
        .prefetch_related("lead_units")
        .order_by("order")
    )
    sections = []
    for top in tops:
        children = by_parent.get(top.pk, [])
        if top.level == Node.Level.FIELD or children:
            sections.append({"node": top, "criteria": children})
    filtering = bool(q or lead or unit_code or due)
    return render(
        request,
        "plans/plan_tree.html",
        {
            "plan": plan,
            "sections": sections,
            "years": Plan.objects.values_list("year", flat=True),
            "agencies": Unit.objects.active().agencies().order_by("name"),
            "units": Unit.objects.active().order_by("kind", "name"),
            "f": {"q": q, "lead": lead, "unit": unit_code, "due": due},
            "filtering": filtering,
            "count": len(criteria),
            "can_manage": policy.can_manage_plan(request.user),
        },
    )


@policy.login_required
def criterion_detail(
    request: AuthenticatedHttpRequest, year: int, index: str, code: str
) -> HttpResponse:
    plan = _plan_of_year(request, year)
    node = get_object_or_404(
        plan.nodes.prefetch_related("lead_units", "targets"), index=index.upper(), code=code
    )
    assignments = node.assignments.select_related("unit").order_by("unit__kind", "unit__name")
    show_units = policy.can_view_province(request.user)
    own = None
    if not show_units:
        own = assignments.filter(unit=request.user.unit_id).first()
    return render(
        request,
        "plans/criterion_detail.html",
        {
            "plan": plan,
            "node": node,
            "field": node.parent,
            "assignments": assignments if show_units else [],
            "assigned_count": assignments.count(),
            "own_assignment": own,
            "show_units": show_units,
            "leads": policy.leads_node(request.user, node),
            "can_manage": policy.can_manage_plan(request.user),
            **panels.for_node(request.user, node),  # e.g. 3.9's 766 total (dossiers)
        },
    )


@policy.login_required
def unit_tasks(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    if not policy.can_view_unit(request.user, unit):
        raise Http404("Không tìm thấy đơn vị.")
    plan = _plan_of_year(request, year)
    assignments = (
        Assignment.objects.filter(node__plan=plan, unit=unit)
        .select_related("node", "node__parent")
        .prefetch_related(Prefetch("node__lead_units"), "node__targets")
        .order_by("node__order")
    )
    led = plan.nodes.filter(lead_units=unit, level=Node.Level.CRITERION).order_by("order")
    return render(
        request,
        "plans/unit_tasks.html",
        {
            "plan": plan,
            "unit": unit,
            "assignments": assignments,
            "led": led,
            "today": timezone.localdate(),
        },
    )


@policy.admin_required
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            error = (
                f"Tệp «{upload.name}» quá lớn ({upload.size / 1024 / 1024:.1f} MB; tối đa 10 MB)."
            )
        else:
            data = upload.read()
            try:
                preview = importer.preview(data, upload.name, form.cleaned_data.get("year"))
            except ImportRefused as exc:
                error = exc.message
            else:
                staged = PlanImport.objects.create(
                    filename=upload.name,
                    content=data,
                    sha256=preview.sha256,
                    year=preview.year,
                    report=preview.report(),
                    uploaded_by=request.user,
                )
                return redirect("plan_import_review", pk=staged.pk)
    status = 400 if request.method == "POST" and (error or not form.is_valid()) else 200
    recent = PlanImport.objects.select_related("uploaded_by")[:10]
    return render(
        request,
        "plans/import_upload.html",
        {"form": form, "error": error, "recent": recent},
        status=status,
    )


@policy.admin_required
def import_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staged = get_object_or_404(PlanImport, pk=pk)
    if request.method == "POST" and staged.state == PlanImport.State.PENDING:
        if request.POST.get("action") == "discard":
            staged.state = PlanImport.State.DISCARDED
            staged.save(update_fields=["state"])
            messages.info(request, "Đã hủy lần nhập này; kế hoạch không thay đổi.")
            return redirect("plan_import")
        try:
            preview = importer.preview(bytes(staged.content), staged.filename, staged.year)
            with transaction.atomic():
                result = importer.apply(
                    preview,
                    source_name=staged.filename,
                    allow_shrink=request.POST.get("confirm_shrink") == "1",
                )
                if request.POST.get("publish"):
                    importer.publish(result.plan)
                staged.state = PlanImport.State.APPLIED
                staged.applied_at = timezone.now()
                staged.save(update_fields=["state", "applied_at"])
        except ImportRefused as exc:
            messages.error(request, exc.message)
            return redirect("plan_import_review", pk=staged.pk)
        state = (
            "và ban hành"
            if result.plan.is_published
            else "(bản nháp — hãy ban hành khi đã kiểm tra xong)"
        )
        messages.success(request, f"Đã áp dụng kế hoạch năm {result.plan.year} {state}.")
        return redirect(f"/ke-hoach/?year={result.plan.year}")
    issues = staged.report.get("issues", [])
    return render(
        request,
        "plans/import_review.html",
        {
            "staged": staged,
            "report": staged.report,
            "doubts": [i for i in issues if i["severity"] == "doubt"],
            "repairs": [i for i in issues if i["severity"] == "repair"],
            "existing": Plan.objects.filter(year=staged.year).first(),
        },
    )


@policy.admin_required
def plan_publish(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """A confirmation page listing open doubts and criteria without a lead or without units;
    publishing needs the admin's explicit confirmation (`xac-nhan`)."""
    plan = get_object_or_404(Plan, year=year)
    if plan.is_published:
        messages.info(request, f"Kế hoạch năm {year} đã được ban hành.")
        return redirect(f"/ke-hoach/?year={year}")
    if request.method == "POST" and request.POST.get("xac-nhan") == "1":
        importer.publish(plan)
        messages.success(
            request, f"Đã ban hành kế hoạch năm {year}: các đơn vị đã thấy nhiệm vụ của mình."
        )
        return redirect(f"/ke-hoach/?year={year}")
    return render(
        request, "plans/publish_confirm.html", {"plan": plan, "check": publish_check(plan)}
    )


@policy.admin_required
def criterion_edit(
    request: AuthenticatedHttpRequest, year: int, index: str, code: str
) -> HttpResponse:
    plan = get_object_or_404(Plan, year=year)
    node = get_object_or_404(plan.nodes, index=index.upper(), code=code)
    form = NodeEditForm(request.POST or None, instance=node)
    targets = TargetFormSet(request.POST or None, instance=node, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        with transaction.atomic():
            node = form.save(commit=False)
            node.locked = True
            node.save()
            form.save_m2m()
            targets.save()
            wanted = {u.pk for u in form.cleaned_data["implementing_units"]}
            current = set(node.assignments.values_list("unit_id", flat=True))
            for unit_id in wanted - current:
                Assignment.objects.create(node=node, unit_id=unit_id)
            blocked = []
            for assignment in node.assignments.filter(unit_id__in=current - wanted).select_related(
                "unit"
            ):
                if hasattr(assignment, "reports") and assignment.reports.exists():
                    blocked.append(assignment.unit.name)
                else:
                    assignment.delete()
        if blocked:
            messages.warning(
                request, "Giữ lại phân công đã có báo cáo: " + ", ".join(blocked) + "."
            )
        messages.success(
            request,
            f"Đã lưu tiêu chí {node.code}. Lần nhập lại kế hoạch sau sẽ không ghi đè phần đã sửa tay.",
        )
        return redirect("plan_criterion", year=year, index=node.index.lower(), code=node.code)
    return render(
        request,
        "plans/criterion_edit.html",
        {
            "plan": plan,
            "node": node,
            "form": form,
            "targets": targets,
            "unit_groups": unit_groups(form),
        },
    )


@policy.login_required
def plan_export(request: AuthenticatedHttpRequest, year: int, fmt: str) -> HttpResponse:
    plan = _plan_of_year(request, year)
    if fmt == "json":
        body = json.dumps(plan_json(plan), ensure_ascii=False, indent=2).encode()
        content_type = "application/json"
    elif fmt == "xlsx":
        body = plan_xlsx(plan)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "docx":
        body = plan_docx(plan)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-{year}.{fmt}"'
    return response
