"""First login with a temporary password: every page leads to the change form until it is used.

An account created by the bulk import (`accounts/importing.py`) carries a one-time password and
`must_change_password=True`. Until its owner chooses a password, each request is redirected to
the change page, except the few that must keep working: the change page itself, logging out,
static files, the health check and the API (token accounts never log in through pages).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


def exempt(path: str) -> bool:
    """Paths a person who must change their password can still reach."""
    allowed = (
        reverse("password_change"),
        reverse("logout"),
        reverse("healthz"),
        settings.STATIC_URL,
        "/api/",
    )
    return path.startswith(allowed)


class MustChangePasswordMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not exempt(request.path)
        ):
            return redirect("password_change")
        return self.get_response(request)
