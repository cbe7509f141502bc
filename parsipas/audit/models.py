from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One create, change or delete of a tracked record. Written once, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        DELETE = "delete", "Xóa"
        EVENT = "event", "Sự kiện"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)  # kept if the user is deleted
    ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100, db_index=True)  # "units.unit"
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "bản ghi nhật ký"
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Nhật ký thay đổi không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Nhật ký thay đổi không được xóa.")
