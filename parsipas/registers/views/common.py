"""What every register page shares: the year, the unit filter that keeps a unit to its own rows,
the Excel download, and the checked download of a register's files."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.tabular import write_xlsx
from parsipas.registers.models import (
    ConclusionNotice,
    Finding,
    GovernmentTask,
    Inspection,
    StoredFile,
)
from parsipas.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_of(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def scoped(
    request: HttpRequest, rows: QuerySet[Any], unit_field: str
) -> tuple[QuerySet[Any], Unit | None]:
    """Rows a person may read, filtered by ?don-vi=<code>: a unit officer sees only its own unit."""
    user: Any = request.user
    code = request.GET.get("don-vi", "").strip()
    unit = Unit.objects.filter(code=code).first() if code else None
    if code and unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    if not policy.can_view_all_register_rows(user):
        if unit is not None and not policy.can_act_for_unit(user, unit):
            raise Http404("Không tìm thấy đơn vị.")
        unit = user.unit
        if unit is None:
            return rows.none(), None
    if unit is not None:
        rows = rows.filter(**{unit_field: unit})
    return rows, unit


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("xuat") == "xlsx"


def xlsx_response(name: str, title: str, headers: list[str], rows: list[list[Any]]) -> HttpResponse:
    response = HttpResponse(write_xlsx(title, headers, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _owner_unit(item: StoredFile) -> Any:
    """The unit whose row holds the file (None: nobody's row — not served)."""
    notice = ConclusionNotice.objects.filter(file=item).select_related("unit").first()
    if notice:
        return notice.unit
    inspection = (
        Inspection.objects.filter(remediation_plan_file=item).select_related("unit").first()
    )
    if inspection:
        return inspection.unit
    finding = Finding.objects.filter(evidence=item).select_related("inspection__unit").first()
    if finding:
        return finding.inspection.unit
    task = GovernmentTask.objects.filter(evidence=item).first()
    if task:
        return list(task.units.all())
    return None


@policy.login_required
def file_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    from parsipas.reporting import evidence as files

    item = get_object_or_404(StoredFile, pk=pk)
    owner = _owner_unit(item)
    owners = owner if isinstance(owner, list) else [owner] if owner is not None else []
    if not owners or not any(policy.can_view_register_row(request.user, u) for u in owners):
        raise Http404("Không tìm thấy tệp.")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=files.download_name(item.original_name, item.content_type),
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
