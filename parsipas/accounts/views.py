from __future__ import annotations

import base64
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from parsipas.accounts import importing, lockout, policy
from parsipas.accounts.forms import LoginForm, UserForm, UserImportForm
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.accounts.models import Role, User
from parsipas.audit.middleware import client_ip
from parsipas.audit.tracking import record_event
from parsipas.lib import counters
from parsipas.lib.tabular import ImportRefused
from parsipas.units.models import Unit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Also the first-login page: a temporary password is replaced here, and the flag that
    sends every page to this form (accounts/middleware.py) is cleared."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset never says whether an address has an account (the same 'sent' page either
    way). On top: a few requests an hour per client address and per e-mail address; past that the
    same page is shown and no mail goes out, so the limit reveals nothing either."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        limit = settings.PASSWORD_RESET_PER_HOUR
        email = form.cleaned_data["email"].strip().lower()
        by_address = counters.hit(counters.key_for("reset-ip", client_ip(self.request) or ""), 3600)
        by_email = counters.hit(counters.key_for("reset-email", email), 3600)
        if by_address > limit or by_email > limit:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


@policy.login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"person": request.user})


@policy.admin_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Service accounts of API tokens (parsipas/api/) never log in: listed apart, below. The
    # reverse relation is named by string, so accounts does not import the api app above it.
    everyone = User.objects.select_related("unit").order_by("role", "username")
    users = everyone.filter(api_token__isnull=True)
    integrations = everyone.filter(api_token__isnull=False)
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    unit = request.GET.get("unit", "")
    if q:
        users = users.filter(username__icontains=q) | users.filter(full_name__icontains=q)
    if role in Role.values:
        users = users.filter(role=role)
    if unit:
        users = users.filter(unit__code=unit)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "q": q,
            "role": role,
            "unit": unit,
            "roles": Role.choices,
            "units": Unit.objects.active().order_by("kind", "name"),
            "integrations": integrations,
        },
    )


@policy.admin_required
def user_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    person = get_object_or_404(User, pk=pk) if pk else None
    form = UserForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        if (
            person is not None
            and person.pk == request.user.pk
            and not form.cleaned_data["is_active"]
        ):
            form.add_error("is_active", "Bạn không thể tự khóa tài khoản của mình.")
        else:
            saved = form.save()
            messages.success(request, f"Đã lưu tài khoản {saved.username}.")
            return redirect("user_list")
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "person": person,
            "locked": person is not None and lockout.is_locked_out(person.username, None),
            "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES,
        },
    )


@require_POST
@policy.admin_required
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    lockout.unlock(person.username)
    record_event(f"Mở khóa đăng nhập cho tài khoản {person.username}", person)
    messages.success(request, f"Đã mở khóa đăng nhập cho {person.username}.")
    return redirect("user_edit", person.pk)


# --- bulk import of accounts: upload, preview, create (h10users) -----------------------------

IMPORT_SESSION_KEY = "accounts-import"


def _stored_upload(request: HttpRequest) -> tuple[str, bytes] | None:
    staged = request.session.get(IMPORT_SESSION_KEY)
    if not staged:
        return None
    return staged["filename"], base64.b64decode(staged["content"])


@policy.login_required
def user_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 and 2: the upload form, then the preview of every account the file would create."""
    policy.require(policy.can_manage_users(request.user))
    form = UserImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "errors": [], "people": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(importing.MAX_BYTES + 1)
        try:
            people = importing.read_people(io.BytesIO(content), upload.name)
        except ImportRefused as exc:
            context["errors"] = exc.errors
            return render(request, "accounts/user_import.html", context, status=400)
        request.session[IMPORT_SESSION_KEY] = {
            "filename": upload.name,
            "content": base64.b64encode(content).decode(),
        }
        context.update(people=people, filename=upload.name)
    elif request.method == "POST":
        return render(request, "accounts/user_import.html", context, status=400)
    return render(request, "accounts/user_import.html", context)


@require_POST
@policy.login_required
def user_import_apply(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 3: the file is read again (the registry or the accounts may have changed since the
    preview) and every account is created, or none. The temporary passwords are on this page
    only: they are not kept anywhere."""
    policy.require(policy.can_manage_users(request.user))
    staged = _stored_upload(request)
    if staged is None:
        messages.error(request, "Không còn tệp đang chờ nhập; hãy tải tệp lên lại.")
        return redirect("user_import")
    filename, content = staged
    try:
        people = importing.read_people(io.BytesIO(content), filename)
        created = importing.create_people(people, filename)
    except ImportRefused as exc:
        form = UserImportForm()
        context = {"form": form, "errors": exc.errors, "people": None}
        return render(request, "accounts/user_import.html", context, status=400)
    finally:
        request.session.pop(IMPORT_SESSION_KEY, None)
    response = render(
        request, "accounts/user_import_done.html", {"created": created, "filename": filename}
    )
    response["Cache-Control"] = "no-store"
    return response


@policy.login_required
def user_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_manage_users(request.user))
    response = HttpResponse(
        importing.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-nguoi-dung.xlsx"'
    return response
