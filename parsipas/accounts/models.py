from __future__ import annotations

from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị (Sở Nội vụ)"
    LEAD = "lead", "Cơ quan chủ trì"
    UNIT = "unit", "Đơn vị thực hiện"
    VIEWER = "viewer", "Lãnh đạo tỉnh (xem)"


ROLES_WITH_UNIT = {Role.LEAD, Role.UNIT}


class User(AbstractUser):
    """A person. Belongs to one unit; a lead officer leads what their unit leads."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    role = models.CharField("vai trò", max_length=10, choices=Role.choices, default=Role.UNIT)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("điện thoại", max_length=30, blank=True)

    objects: ClassVar[UserManager[Self]] = UserManager()
    # Set for accounts created with a temporary password (the bulk import): every page sends
    # them to the change form until they choose their own (accounts/middleware.py).
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)

    class Meta:
        ordering = ["username"]
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in ROLES_WITH_UNIT and not self.unit_id:
            raise ValidationError({"unit": "Vai trò này phải thuộc một đơn vị."})

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class FailedLogin(models.Model):
    """Failed login attempts, kept to lock out guessing (per user name and per address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
