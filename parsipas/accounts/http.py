"""The request type of pages behind a login (as Healthchecks' hc/accounts/http.py)."""

from __future__ import annotations

from django.http import HttpRequest

from parsipas.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed `policy.login_required` (or a role check): its user is a `User`,
    never an AnonymousUser. Views behind those decorators take this type."""

    user: User
