from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy

from parsipas.accounts import policy
from parsipas.accounts.forms import LoginForm, UserForm
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.accounts.models import Role, User
from parsipas.units.models import Unit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


@policy.login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"person": request.user})


@policy.admin_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    users = User.objects.select_related("unit").order_by("role", "username")
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
    return render(request, "accounts/user_form.html", {"form": form, "person": person})
