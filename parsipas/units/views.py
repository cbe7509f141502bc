from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.tabular import TableError
from parsipas.units import registry
from parsipas.units.forms import UnitForm, UnitImportForm
from parsipas.units.models import Unit, UnitKind

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@policy.admin_required
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = Unit.objects.select_related("parent").order_by("kind", "name")
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    if q:
        units = units.search(q)
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    if state == "active":
        units = units.filter(active=True)
    elif state == "inactive":
        units = units.filter(active=False)
    page = Paginator(units, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "units/unit_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "state": state,
            "kinds": UnitKind.choices,
            "import_form": UnitImportForm(),
        },
    )


@policy.admin_required
def unit_edit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code) if code else None
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Đã lưu đơn vị {saved.name}.")
        return redirect("unit_list")
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@policy.admin_required
def unit_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UnitImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        errors: list[str] = []
        if upload.size > MAX_IMPORT_BYTES:
            errors = [f"Tệp '{upload.name}' quá lớn (tối đa 5 MB)."]
        else:
            try:
                rows = registry.read_unit_file(upload.file, upload.name)
                result = registry.apply_unit_rows(rows, source=upload.name)
            except registry.RegistryError as exc:
                errors = exc.errors
            except TableError as exc:
                errors = [exc.message]
        if errors:
            return render(
                request, "units/unit_import.html", {"form": form, "errors": errors}, status=400
            )
        messages.success(
            request,
            f"Đã nhập danh mục: {len(result.created)} đơn vị mới, {len(result.updated)} cập nhật, "
            f"{result.unchanged} không đổi.",
        )
        return redirect("unit_list")
    status = 400 if request.method == "POST" else 200  # an invalid form: say so to scripts too
    return render(request, "units/unit_import.html", {"form": form, "errors": []}, status=status)


@policy.admin_required
def unit_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            registry.export_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(registry.export_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="don-vi.{fmt}"'
    return response
