"""The unit's desk: all its assignments for one period, several filled at once, the Excel round trip."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.tabular import ImportRefused
from parsipas.reporting import computed, excel, todo
from parsipas.reporting.forms import ExcelUploadForm, ReportForm
from parsipas.reporting.models import Report, ReportingPeriod
from parsipas.reporting.queries import DeskRow, desk_rows, plan_for
from parsipas.reporting.views.common import desk_unit, get_period, period_choices
from parsipas.reporting.workflow import (
    ReportError,
    VersionConflict,
    differs,
    save_report,
    submission_problems,
    submit,
)
from parsipas.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@policy.login_required
def report_desk(request: AuthenticatedHttpRequest) -> HttpResponse:
    period = ReportingPeriod.current()
    if period is None:
        return render(request, "reporting/desk.html", {"period": None, "periods": []})
    url = reverse("report_desk_period", args=[period.year, period.code])
    if request.GET.get("don-vi"):
        url += "?don-vi=" + request.GET["don-vi"]
    return redirect(url)


def _desk_context(
    request: AuthenticatedHttpRequest, period: ReportingPeriod
) -> tuple[Unit | None, list[DeskRow], Any]:
    unit = desk_unit(request)
    plan = plan_for(period)
    if unit is None or plan is None:
        return unit, [], plan
    rows = desk_rows(unit.pk, period, plan)
    for row in rows:
        row.editable = policy.can_edit_report(request.user, row.report)
        for t in row.targets:
            t.node = row.assignment.node
    found = computed.for_unit(
        computed.Window.of_period(period),
        unit.pk,
        [t for r in rows if r.editable for t in r.targets],
    )
    for row in rows:
        row.computed = {t.pk: found[t.pk] for t in row.targets if t.pk in found}
    return unit, rows, plan


def _bind(rows: list[DeskRow], data: QueryDict | None) -> None:
    """A form for each editable row; on POST only for the rows the page sent (a tab shows some)."""
    for row in rows:
        prefix = f"r{row.assignment.pk}"
        row.form = None
        if row.editable and (data is None or f"{prefix}-version" in data):
            row.form = ReportForm(
                data,
                report=row.report,
                targets=row.targets,
                figures=row.figures,
                compact=True,
                prefix=prefix,
                computed=row.computed,
            )


def _sendable(row: DeskRow) -> bool:
    """What 'Gửi tất cả' sends: saved, complete, and not a returned report left unchanged."""
    return (
        row.editable
        and row.report.pk is not None
        and not submission_problems(row.report, row.evidence_count)
        and not todo.returned_unchanged(row.report)
    )


def _preview(rows: list[DeskRow]) -> dict[str, list[DeskRow]]:
    editable = [r for r in rows if r.editable]
    return {
        "send": [r for r in editable if _sendable(r)],
        "unchanged": [r for r in editable if todo.returned_unchanged(r.report)],
        "incomplete": [
            r for r in editable if not _sendable(r) and not todo.returned_unchanged(r.report)
        ],
    }


@policy.login_required
def report_desk_period(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    period = get_period(year, code)
    unit, rows, plan = _desk_context(request, period)
    if unit is None and not policy.can_view_all_reports(request.user):
        raise Http404("Tài khoản của bạn chưa gắn với đơn vị nào.")
    can_act = unit is not None and policy.can_act_for_unit(request.user, unit)
    tab = todo.tab_of(request.GET.get("tab"))
    if request.method == "POST":
        policy.require(can_act, "Bạn không báo cáo thay đơn vị này được.")
        response = _save_desk(request, period, rows)
        if response is not None:
            return response
        unit, rows, plan = _desk_context(request, period)
        _rebind_after_problems(request, rows)
    else:
        _bind(rows, None)
    today = timezone.localdate()
    workflows = [r.report.workflow if r.report.pk else None for r in rows]
    tab_counts = todo.counts(workflows)
    summary = {
        "total": len(rows),
        "sent": tab_counts[todo.SENT],
        "returned": tab_counts[todo.RETURNED],
        "accepted": sum(1 for w in workflows if w == "accepted"),
        "open": tab_counts[todo.TODO],
    }
    preview = _preview(rows) if request.GET.get("xem-truoc") and can_act else None
    shown = [r for r in rows if todo.in_tab(tab, r.report.workflow if r.report.pk else None)]
    units = (
        Unit.objects.filter(assignments__node__plan=plan).distinct().order_by("kind", "name")
        if plan is not None and policy.can_view_all_reports(request.user)
        else []
    )
    for row in shown:
        row.inputs = row.form.plain() if row.form is not None else None  # type: ignore[attr-defined]
    unit_query = f"don-vi={unit.code}" if unit and request.GET.get("don-vi") else ""
    return render(
        request,
        "reporting/desk.html",
        {
            "period": period,
            "periods": period_choices(period),
            "unit": unit,
            "rows": shown,
            "all_rows": len(rows),
            "plan": plan,
            "can_act": can_act,
            "summary": summary,
            "tab": tab,
            "tabs": [
                {"key": key, "label": label, "count": tab_counts[key], "current": key == tab}
                for key, label in todo.TABS
            ],
            "preview": preview,
            "days_left": period.days_left(today),
            "any_editable": any(r.editable for r in shown),
            "units": units,
            "unit_query": f"?{unit_query}" if unit_query else "",
            "unit_param": f"&{unit_query}" if unit_query else "",
            "upload_form": ExcelUploadForm(),
            "status_choices": Report.Status.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


def _save_desk(
    request: AuthenticatedHttpRequest, period: ReportingPeriod, rows: list[DeskRow]
) -> HttpResponse | None:
    """Save every changed row the page sent; then action=preview shows what 'Gửi tất cả' would
    send, and action=submit sends the chosen rows (`gui`, from the preview) or every sendable
    one. Returns the redirect when all went well; otherwise leaves the problems on the request
    for the page to show."""
    _bind(rows, request.POST)
    bound = [r for r in rows if r.form is not None]
    invalid = [r for r in bound if not r.form.is_valid()]
    request.desk_problems = {}  # type: ignore[attr-defined]
    if invalid:
        for r in invalid:
            request.desk_problems[r.assignment.pk] = "Có ô nhập chưa đúng, xem bên dưới."  # type: ignore[attr-defined]
        messages.error(
            request,
            f"Chưa lưu gì: {len(invalid)} nhiệm vụ có ô nhập chưa đúng (đánh dấu đỏ bên dưới).",
        )
        return None
    saved, conflicts = 0, []
    for r in bound:
        data = r.form.to_input()
        if not differs(r.report, r.figures, data):
            continue
        try:
            save_report(r.report, data, request.user, r.targets, r.form.cleaned_data["version"])
            saved += 1
        except VersionConflict as exc:
            conflicts.append(r)
            request.desk_problems[r.assignment.pk] = exc.messages[0]  # type: ignore[attr-defined]
        except ReportError as exc:
            conflicts.append(r)
            request.desk_problems[r.assignment.pk] = " ".join(exc.messages)  # type: ignore[attr-defined]
    if saved:
        messages.success(request, f"Đã lưu nháp {saved} báo cáo.")
    action = request.POST.get("action")
    if conflicts:
        messages.error(
            request,
            f"{len(conflicts)} báo cáo chưa được lưu vì người khác vừa sửa hoặc báo cáo không còn sửa được — xem các dòng đánh dấu đỏ.",
        )
        return None
    if action == "preview":
        separator = "&" if "?" in request.get_full_path() else "?"
        return redirect(request.get_full_path() + separator + "xem-truoc=1#xem-truoc")
    if action == "submit":
        _send(request, rows)
    elif not saved:
        messages.info(request, "Không có thay đổi nào để lưu.")
    return redirect(request.get_full_path())


def _send(request: AuthenticatedHttpRequest, rows: list[DeskRow]) -> None:
    chosen = {int(pk) for pk in request.POST.getlist("gui") if pk.isdigit()}
    candidates = [
        r for r in rows if r.editable and r.report.pk and (not chosen or r.assignment.pk in chosen)
    ]
    sent, skipped, unchanged = 0, [], 0
    for r in candidates:
        if todo.returned_unchanged(r.report):
            unchanged += 1
            continue
        try:
            with transaction.atomic():
                submit(r.report, request.user)
            sent += 1
        except ReportError as exc:
            skipped.append(f"{r.node.code}: {' '.join(exc.messages)}")
    if sent:
        messages.success(request, f"Đã gửi {sent} báo cáo đến cơ quan chủ trì.")
    if unchanged:
        messages.info(
            request,
            f"{unchanged} báo cáo bị trả lại chưa được sửa nên không gửi lại: "
            "hãy sửa theo ý kiến của cơ quan chủ trì trước.",
        )
    if skipped:
        messages.warning(request, "Chưa gửi được: " + " · ".join(skipped))
    elif not sent and not unchanged:
        messages.info(request, "Không có báo cáo nào để gửi: hãy nhập nội dung và lưu trước.")


def _rebind_after_problems(request: AuthenticatedHttpRequest, rows: list[DeskRow]) -> None:
    """Fresh forms for saved rows; the person's typing kept (with the latest version, so that a
    second click knowingly replaces the other person's text) for rows that were not saved."""
    problems: dict[int, str] = getattr(request, "desk_problems", {})
    for row in rows:
        row.problem = problems.get(row.assignment.pk, "")
        if not row.editable:
            continue
        data = None
        if row.problem:
            data = request.POST.copy()
            data[f"r{row.assignment.pk}-version"] = str(row.report.version)
        row.form = ReportForm(
            data,
            report=row.report,
            targets=row.targets,
            figures=row.figures,
            compact=True,
            prefix=f"r{row.assignment.pk}",
            computed=row.computed,
        )
        if data is not None:
            row.form.is_valid()


@policy.login_required
def report_excel(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    period = get_period(year, code)
    unit, rows, plan = _desk_context(request, period)
    if unit is None or plan is None:
        raise Http404("Không có nhiệm vụ nào để tải.")
    content = excel.build_template(rows, period, unit.name)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-{year}-{code}-{unit.code}.xlsx"'
    )
    return response


@policy.login_required
def report_excel_upload(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    period = get_period(year, code)
    unit, rows, plan = _desk_context(request, period)
    if unit is None or plan is None:
        raise Http404("Không có nhiệm vụ nào.")
    policy.require(
        policy.can_act_for_unit(request.user, unit), "Bạn không báo cáo thay đơn vị này được."
    )
    form = ExcelUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            changed = excel.apply_upload(upload.file, upload.name, rows, period, request.user)
        except ImportRefused as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                f"Đã nhập tệp '{upload.name}': cập nhật {changed} báo cáo (lưu nháp). "
                "Hãy kiểm tra, kèm tài liệu kiểm chứng rồi bấm 'Gửi'."
                if changed
                else f"Tệp '{upload.name}' không có thay đổi nào so với dữ liệu trên hệ thống.",
            )
            return redirect("report_desk_period", year, code)
    return render(
        request,
        "reporting/excel_upload.html",
        {"form": form, "errors": errors, "period": period, "unit": unit},
        status=400 if errors or (request.method == "POST" and not form.is_valid()) else 200,
    )
