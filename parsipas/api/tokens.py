"""Issuing, revoking and checking API tokens: the only place a token changes.

A key is ``psk_`` + 43 random URL-safe characters; only its SHA-256 is stored, so a leaked
database leaks no usable key. The admin page and ``parsipas api token`` call these functions
after asking ``policy.can_manage_api_tokens``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from parsipas.accounts.models import User
from parsipas.api.models import ApiToken, Scope, TokenRole
from parsipas.audit.tracking import record_event
from parsipas.units.models import Unit

KEY_PREFIX = "psk_"
# last_used_at is written at most this often per token: a busy client does not turn every
# read into a write.
TOUCH_EVERY = dt.timedelta(seconds=60)
WRITE_SCOPES = (Scope.WRITE_FIGURES, Scope.WRITE_DOSSIERS, Scope.WRITE_REGISTERS)


class TokenError(ValueError):
    """A token that cannot be issued or revoked, with the reason in Vietnamese."""


@dataclass(frozen=True)
class Issued:
    token: ApiToken
    key: str  # shown once, never stored


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _service_username(label: str) -> str:
    base = "api." + (slugify(label) or "token")[:100]
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def check_request(unit: Unit | None, scopes: Iterable[str], label: str, role: str) -> list[str]:
    """Why a token with these settings cannot be issued (empty when it can)."""
    problems = []
    scopes = list(scopes)
    if unit is None:
        problems.append("Chưa chọn đơn vị của mã truy cập.")
    elif not unit.active:
        problems.append(f"Đơn vị '{unit.code}' đã ngừng hoạt động.")
    if not label.strip():
        problems.append("Nhãn không được để trống.")
    elif ApiToken.objects.filter(label=label.strip()).exists():
        problems.append(f"Đã có mã truy cập mang nhãn '{label.strip()}'. Hãy chọn nhãn khác.")
    if not scopes:
        problems.append("Chọn ít nhất một phạm vi (read, write:figures, …).")
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        problems.append(
            f"Phạm vi không hợp lệ: {', '.join(unknown)}. Dùng: {', '.join(Scope.values)}."
        )
    if role not in TokenRole.values:
        problems.append(f"Vai trò '{role}' không hợp lệ. Dùng: {', '.join(TokenRole.values)}.")
    elif role == TokenRole.VIEWER and any(s in WRITE_SCOPES for s in scopes):
        problems.append("Mã truy cập chỉ đọc toàn tỉnh (viewer) không được có phạm vi ghi.")
    return problems


def issue(
    unit: Unit | None,
    scopes: Iterable[str],
    label: str,
    *,
    role: str = TokenRole.UNIT,
    expires_at: dt.datetime | None = None,
    by: User | None = None,
) -> Issued:
    """Create a token and its service account; the key is in the result and nowhere else."""
    scopes = list(dict.fromkeys(scopes))
    problems = check_request(unit, scopes, label, role)
    if expires_at is not None and expires_at <= timezone.now():
        problems.append("Ngày hết hạn phải ở tương lai.")
    if problems:
        raise TokenError(" ".join(problems))
    assert unit is not None
    label = label.strip()
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        user = User(
            username=_service_username(label),
            full_name=f"Tích hợp API: {label}"[:150],
            role=role,
            unit=unit,
        )
        user.set_unusable_password()
        user.save()
        token = ApiToken.objects.create(
            label=label,
            unit=unit,
            role=role,
            scopes=scopes,
            prefix=key[: len(KEY_PREFIX) + 6],
            key_hash=hash_key(key),
            user=user,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            expires_at=expires_at,
        )
        record_event(f"Cấp mã truy cập API '{label}' cho {unit.name} ({', '.join(scopes)}).", token)
    return Issued(token, key)


def revoke(token: ApiToken) -> ApiToken:
    """Stop the token at once (its service account too). Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        User.objects.filter(pk=token.user_id).update(is_active=False)
        record_event(f"Thu hồi mã truy cập API '{token.label}'.", token)
    return token


def revoke_label(label: str) -> ApiToken:
    token = ApiToken.objects.filter(label=label.strip()).first()
    if token is None:
        raise TokenError(f"Không có mã truy cập mang nhãn '{label}'.")
    return revoke(token)


def authenticate(key: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The usable token behind ``key`` (its last-used time refreshed), or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("unit", "user", "user__unit")
        .filter(key_hash=hash_key(key))
        .first()
    )
    now = now or timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
