"""The bell's page: a person's notifications, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.reporting.models import Notification


@policy.login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notes = Notification.objects.filter(user=request.user)
    if request.GET.get("chua-doc"):
        notes = notes.filter(read_at__isnull=True)
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/notifications.html",
        {"page": page, "unread_only": bool(request.GET.get("chua-doc"))},
    )


@policy.login_required
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Somebody else's notification does not exist for this person.
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notification_list")


@require_POST
@policy.login_required
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notification_list")
