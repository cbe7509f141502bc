"""Frameworks (bộ tiêu chí): import, view, edit, export; self-assessment windows; the team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.accounts.models import User
from parsipas.audit.tracking import record_event
from parsipas.lib.tabular import ImportRefused
from parsipas.par import assessments, frameworks
from parsipas.par.forms import (
    CriterionForm,
    FrameworkImportForm,
    FrameworkSettingsForm,
    TeamMemberForm,
    WindowForm,
)
from parsipas.par.framework_io import write_csv
from parsipas.par.models import Criterion, Framework, UnitAssessment
from parsipas.par.projection import depths

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@policy.admin_required
def framework_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = Framework.objects.order_by("-year", "scope")
    return render(
        request, "par/framework_list.html", {"frameworks": items, "form": FrameworkImportForm()}
    )


@policy.admin_required
def framework_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        year, scope = form.cleaned_data["year"], form.cleaned_data["scope"]
        if upload.size > MAX_IMPORT_BYTES:
            errors = [f"Tệp '{upload.name}' quá lớn (tối đa 5 MB)."]
        else:
            try:
                parsed = frameworks.read_file(upload.file, upload.name, year, scope)
                result = frameworks.save_framework(
                    parsed,
                    year,
                    scope,
                    source_name=upload.name,
                    title=form.cleaned_data["title"],
                    illustrative=form.cleaned_data["illustrative"],
                )
            except ImportRefused as exc:
                errors = exc.errors
        if not errors:
            messages.success(
                request,
                f"Đã nhập {result.framework}: {result.created} tiêu chí mới, {result.updated} cập nhật, "
                f"{result.deleted} bỏ.",
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("par_framework", pk=result.framework.pk)
    status = 400 if errors or (request.method == "POST" and not form.is_valid()) else 200
    return render(
        request, "par/framework_import.html", {"form": form, "errors": errors}, status=status
    )


@policy.admin_required
def framework_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    settings_form = FrameworkSettingsForm(request.POST or None, instance=framework)
    if request.method == "POST" and settings_form.is_valid():
        settings_form.save()
        messages.success(request, "Đã lưu thông tin bộ tiêu chí.")
        return redirect("par_framework", pk=pk)
    criteria = list(framework.criteria.select_related("parent").order_by("order", "pk"))
    depth = depths(criteria)
    rows = [(c, depth[c.pk]) for c in criteria]
    counts = {}
    if framework.is_internal:
        for status, label in UnitAssessment.Status.choices:
            counts[label] = framework.assessments.filter(status=status).count()
    return render(
        request,
        "par/framework_detail.html",
        {
            "framework": framework,
            "rows": rows,
            "settings_form": settings_form,
            "window_form": WindowForm(instance=framework),
            "counts": counts,
            "total": sum((c.max_points for c in criteria if c.parent_id is None), start=0),
            "units_in_scope": assessments.units_in_scope(framework).count()
            if framework.is_internal
            else 0,
        },
    )


@policy.admin_required
def framework_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    response = HttpResponse(
        write_csv(frameworks.rows_of(framework)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bo-tieu-chi-{framework.scope}-{framework.year}.csv"'
    )
    return response


@policy.admin_required
def criterion_edit(
    request: AuthenticatedHttpRequest, pk: int, cid: int | None = None
) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    criterion = (
        get_object_or_404(Criterion, pk=cid, framework=framework)
        if cid
        else Criterion(framework=framework)
    )
    form = CriterionForm(request.POST or None, instance=criterion, framework=framework)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            warnings = frameworks.save_criterion(form.save(commit=False))
        except ImportRefused as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Đã lưu tiêu chí {form.cleaned_data['code']}.")
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("par_framework", pk=pk)
    return render(
        request,
        "par/criterion_form.html",
        {
            "framework": framework,
            "criterion": criterion if cid else None,
            "form": form,
            "errors": errors,
        },
    )


@policy.admin_required
@require_POST
def criterion_delete(request: AuthenticatedHttpRequest, pk: int, cid: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion, pk=cid, framework_id=pk)
    code = criterion.code
    try:
        frameworks.delete_criterion(criterion)
    except ImportRefused as exc:
        for error in exc.errors:
            messages.error(request, error)
    else:
        messages.success(request, f"Đã xóa tiêu chí {code} (và các tiêu chí con).")
    return redirect("par_framework", pk=pk)


@policy.admin_required
@require_POST
def window_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    form = WindowForm(request.POST, instance=framework)
    if not framework.is_internal:
        messages.error(request, "Chỉ bộ tiêu chí nội bộ mới có đợt tự đánh giá.")
    elif framework.is_published:
        messages.error(
            request, "Kết quả đã công bố: hãy thu hồi công bố trước khi mở lại đợt tự đánh giá."
        )
    elif form.is_valid():
        form.save()
        state = "mở" if framework.window_open else "đóng"
        messages.success(request, f"Đã {state} đợt tự đánh giá {framework}.")
    else:
        messages.error(request, "Hạn tự đánh giá không hợp lệ.")
    return redirect("par_framework", pk=pk)


@policy.admin_required
@require_POST
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    try:
        if request.POST.get("action") == "unpublish":
            assessments.unpublish(framework)
            messages.success(request, "Đã thu hồi công bố kết quả.")
        else:
            count = assessments.publish(framework)
            messages.success(request, f"Đã công bố kết quả: {count} đơn vị được xếp hạng.")
    except assessments.WorkflowError as exc:
        for error in exc.errors:
            messages.error(request, error)
    return redirect("par_ranking", pk=pk)


@policy.admin_required
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Members of the appraisal team (Django group "Tổ thẩm định")."""
    group, _ = Group.objects.get_or_create(name=policy.APPRAISAL_GROUP)
    form = TeamMemberForm(request.POST or None)
    if request.method == "POST" and request.POST.get("remove"):
        user = get_object_or_404(User, pk=request.POST["remove"])
        user.groups.remove(group)
        record_event(f"Bỏ {user.username} khỏi {policy.APPRAISAL_GROUP}", user)
        messages.success(request, f"Đã bỏ {user.display_name} khỏi Tổ thẩm định.")
        return redirect("par_team")
    if request.method == "POST" and form.is_valid():
        member = User.objects.filter(
            username=form.cleaned_data["username"].strip(), is_active=True
        ).first()
        if member is None:
            form.add_error("username", "Không có người dùng đang hoạt động với tên đăng nhập này.")
        else:
            member.groups.add(group)
            record_event(f"Thêm {member.username} vào {policy.APPRAISAL_GROUP}", member)
            messages.success(request, f"Đã thêm {member.display_name} vào Tổ thẩm định.")
            return redirect("par_team")
    members = group.user_set.select_related("unit").order_by("username")
    candidates = (
        User.objects.filter(is_active=True, role__in=["lead", "admin"])
        .exclude(groups=group)
        .select_related("unit")
    )
    return render(
        request, "par/team.html", {"members": members, "form": form, "candidates": candidates}
    )
