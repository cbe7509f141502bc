from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from parsipas.accounts import lockout
from parsipas.accounts.models import FailedLogin
from parsipas.audit.middleware import client_ip


@receiver(user_login_failed)
def remember_failed_login(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    ip = client_ip(request) if request is not None else None
    lockout.failed(username, ip)
    FailedLogin.objects.create(username=username, ip=ip)


@receiver(user_logged_in)
def forget_failed_logins(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    lockout.succeeded(user.get_username(), client_ip(request) if request is not None else None)
