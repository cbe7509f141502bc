"""The register of tasks the Government and the Prime Minister assigned (1.8), kept by Văn phòng
UBND tỉnh: manual entry, the import of the national tracker's export, the assigned units' reports
of completion, and the list of late tasks for the Chairman."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.registers import forms, services, tracker
from parsipas.registers.models import GovernmentTask
from parsipas.registers.services import RegisterError
from parsipas.registers.views.common import scoped, wants_xlsx, xlsx_response, year_of


@policy.login_required
def task_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_registers(request.user))
    year = year_of(request)
    rows = GovernmentTask.objects.filter(year=year).prefetch_related("units")
    rows, unit = scoped(request, rows, "units")
    today = timezone.localdate()
    timing = request.GET.get("tien-do", "")
    items = [(t, tracker.task_timing(t, today)) for t in rows.distinct()]
    if timing == "cham":  # the Chairman's list: late or overdue
        items = [(t, k) for t, k in items if k in ("late", "overdue")]
    elif timing in tracker.TIMING_LABELS:
        items = [(t, k) for t, k in items if k == timing]
    if wants_xlsx(request):
        return xlsx_response(
            f"nhiem-vu-chinh-phu-giao-{year}",
            "Nhiệm vụ CP, TTg giao",
            ["Mã nhiệm vụ", "Số văn bản", "Ngày văn bản", "Cơ quan ban hành", "Nội dung",
             "Đơn vị được giao", "Hạn", "Tiến độ", "Ngày hoàn thành", "Kết quả"],
            [[t.tracker_id, t.doc_number, t.doc_date, t.issuer, t.content,
              "; ".join(u.name for u in t.units.all()), t.due_date,
              tracker.TIMING_LABELS[k][0], t.completed_on, t.result] for t, k in items],
        )  # fmt: skip
    counts = {k: 0 for k in tracker.TIMING_LABELS}
    for _, k in items:
        counts[k] += 1
    return render(
        request,
        "registers/tasks.html",
        {
            "year": year,
            "unit": unit,
            "rows": [(t, k, tracker.TIMING_LABELS[k]) for t, k in items],
            "timing": timing,
            "timings": tracker.TIMING_LABELS,
            "summary": [(label, counts[k]) for k, (label, _) in tracker.TIMING_LABELS.items()],
            "can_manage": services.can_manage_tasks(request.user, year),
        },
    )


def _viewable(request: HttpRequest, pk: int) -> GovernmentTask:
    task = get_object_or_404(GovernmentTask.objects.prefetch_related("units"), pk=pk)
    if not any(policy.can_view_register_row(request.user, u) for u in task.units.all()):
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


@policy.login_required
def task_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    task = _viewable(request, pk) if pk else None
    year = task.year if task else year_of(request)
    user = request.user
    can_manage = services.can_manage_tasks(user, year)
    can_report = task is not None and (
        can_manage or any(policy.can_act_on_register_row(user, u) for u in task.units.all())
    )
    if task is None:
        policy.require(can_manage, "Chỉ Văn phòng UBND tỉnh thêm nhiệm vụ được giao.")
    form = forms.TaskForm(
        request.POST if request.POST.get("action") == "save" else None, instance=task
    )
    done_form = forms.TaskDoneForm(
        request.POST if request.POST.get("action") == "done" else None,
        request.FILES or None,
        initial={"completed_on": timezone.localdate()},
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "done":
                policy.require(can_report, "Chỉ đơn vị được giao báo cáo kết quả.")
                if task is not None and done_form.is_valid():  # can_report needs a task
                    upload = request.FILES.get("file")
                    data = done_form.cleaned_data
                    services.report_task_done(
                        user, task, data["completed_on"], data["result"],
                        upload.file if upload else None, (upload.name or "") if upload else "",
                        done_form.meta(),
                    )  # fmt: skip
                    messages.success(request, "Đã báo cáo hoàn thành nhiệm vụ.")
                    return redirect("registers_task", pk=task.pk)
            else:
                policy.require(can_manage, "Chỉ Văn phòng UBND tỉnh sửa nhiệm vụ được giao.")
                if form.is_valid():
                    item = form.save(commit=False)
                    item.year = year
                    services.save_task(user, item, list(form.cleaned_data["units"]))
                    messages.success(request, "Đã lưu nhiệm vụ.")
                    return redirect("registers_task", pk=item.pk)
        except RegisterError as exc:
            messages.error(request, " ".join(exc.messages))
    timing = tracker.task_timing(task, timezone.localdate()) if task else ""
    return render(
        request,
        "registers/task.html",
        {
            "task": task,
            "year": year,
            "timing": tracker.TIMING_LABELS.get(timing),
            "form": form if can_manage else None,
            "done_form": done_form
            if can_report and task and task.status != GovernmentTask.Status.DONE
            else None,
            "back": f"{reverse('registers_tasks')}?nam={year}",
        },
    )


@policy.login_required
def task_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = year_of(request)
    policy.require(
        services.can_manage_tasks(request.user, year),
        "Chỉ Văn phòng UBND tỉnh nhập nhiệm vụ được giao.",
    )
    form = forms.TaskImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = tracker.read(upload.file, upload.name, year)
        problems = parsed.problems
        if not problems:
            result = services.import_tasks(request.user, parsed.rows, year)
            messages.success(
                request,
                f"Đã nhập {result.created + result.updated} nhiệm vụ "
                f"({result.created} mới, {result.updated} cập nhật).",
            )
            return redirect(f"{reverse('registers_tasks')}?nam={year}")
        messages.error(request, "Chưa nhập gì: tệp có lỗi, xem danh sách bên dưới.")
    context: dict[str, Any] = {
        "year": year,
        "form": form,
        "problems": problems,
        "columns": tracker.LABELS,
        "aliases": tracker.ALIASES,
    }
    return render(request, "registers/task_import.html", context, status=400 if problems else 200)
