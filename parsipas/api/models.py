"""Tokens of the integration API, and the answers kept for retried calls (Idempotency-Key)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    READ = "read", "Đọc dữ liệu"
    WRITE_FIGURES = "write:figures", "Ghi số liệu và trạng thái báo cáo"
    WRITE_DOSSIERS = "write:dossiers", "Đẩy hồ sơ TTHC"
    WRITE_REGISTERS = "write:registers", "Ghi sổ theo dõi (kiểm tra, nhiệm vụ, phản ánh)"


class TokenRole(models.TextChoices):
    """What the integrating system reads, as the person of that role in the token's unit would."""

    UNIT = "unit", "Đơn vị"
    LEAD = "lead", "Cơ quan chủ trì"
    VIEWER = "viewer", "Toàn tỉnh, chỉ đọc"


class ApiToken(models.Model):
    """One integrating system's key. Only the SHA-256 of the key is stored; it is shown once.

    Each token has its own inactive-for-login account (``user``) so that the report workflow,
    the audit trail and ``policy`` see a named actor of the token's unit and role.
    """

    label = models.CharField("nhãn", max_length=100, unique=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="api_tokens"
    )
    role = models.CharField(
        "vai trò", max_length=10, choices=TokenRole.choices, default=TokenRole.UNIT
    )
    scopes = models.JSONField("phạm vi", default=list)
    prefix = models.CharField("đầu mã", max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token"
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField("hết hạn lúc", null=True, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > (now or timezone.now())

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return "Đã thu hồi"
        if not self.is_usable():
            return "Hết hạn"
        return "Đang dùng"

    def scope_labels(self) -> list[str]:
        return [Scope(s).label for s in self.scopes if s in Scope.values]


class IdempotentCall(models.Model):
    """The answer to a write call made with an Idempotency-Key, replayed when it is retried."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and body
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="unique_idempotency_key")
        ]
