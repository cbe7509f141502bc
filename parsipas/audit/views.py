from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.audit import display
from parsipas.audit.models import AuditEntry


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@policy.login_required
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_audit(request.user))
    entries = AuditEntry.objects.select_related("actor")
    f = {
        k: request.GET.get(k, "").strip()
        for k in ("model", "actor", "action", "object_id", "since", "until", "q")
    }
    if f["model"]:
        entries = entries.filter(model=f["model"])
    if f["actor"]:
        entries = entries.filter(actor_name__icontains=f["actor"])
    if f["action"] in AuditEntry.Action.values:
        entries = entries.filter(action=f["action"])
    if f["object_id"]:
        entries = entries.filter(object_id=f["object_id"])
    if since := _date(f["since"]):
        entries = entries.filter(at__date__gte=since)
    if until := _date(f["until"]):
        entries = entries.filter(at__date__lte=until)
    if f["q"]:
        entries = entries.filter(object_repr__icontains=f["q"]) | entries.filter(
            message__icontains=f["q"]
        )
    labels = AuditEntry.objects.order_by("model").values_list("model", flat=True).distinct()
    models = sorted(
        ((label, display.model_name(label)) for label in labels if label), key=lambda m: m[1]
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/audit_list.html",
        {
            "page": page,
            "rows": display.show(page),
            "f": f,
            "models": models,
            "actions": AuditEntry.Action.choices,
        },
    )
