"""The admin's page to issue and revoke API tokens (the key is shown once, right after issue)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.api import tokens
from parsipas.api.forms import TokenForm
from parsipas.api.models import ApiToken


@policy.login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_manage_api_tokens(request.user))
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = tokens.issue(
                data["unit"],
                data["scopes"],
                data["label"],
                role=data["role"],
                expires_at=form.expires_at(),
                by=request.user,
            )
        except tokens.TokenError as exc:
            form.add_error(None, str(exc))
        else:
            form = TokenForm()
    rows = ApiToken.objects.select_related("unit", "created_by")
    return render(
        request,
        "api/token_list.html",
        {"form": form, "issued": issued, "tokens": rows},
        status=400 if request.method == "POST" and issued is None else 200,
    )


@require_POST
@policy.login_required
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require(policy.can_manage_api_tokens(request.user))
    token = get_object_or_404(ApiToken, pk=pk)
    tokens.revoke(token)
    messages.success(request, f"Đã thu hồi mã truy cập «{token.label}».")
    return redirect("api_tokens")
