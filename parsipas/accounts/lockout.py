"""Lock out a user name or an address after repeated failed logins."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from parsipas.accounts.models import FailedLogin


def is_locked_out(username: str, ip: str | None) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = FailedLogin.objects.filter(at__gte=since)
    by_name = recent.filter(username__iexact=username).count()
    # An address gets more room: several people of one office share it behind NAT.
    by_ip = recent.filter(ip=ip).count() if ip else 0
    return by_name >= settings.LOGIN_MAX_FAILURES or by_ip >= settings.LOGIN_MAX_FAILURES * 4


def prune(older_than_days: int = 30) -> int:
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    return FailedLogin.objects.filter(Q(at__lt=cutoff)).delete()[0]
