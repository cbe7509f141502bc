"""A big upload waiting for, or imported by, the background worker (`parsipas imports work`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ nhập"
        RUNNING = "running", "Đang nhập"
        DONE = "done", "Đã nhập xong"
        REFUSED = "refused", "Không nhập được — chưa có gì thay đổi"

    kind = models.CharField("loại", max_length=30)  # a runner registered by an app: "dossiers"
    file = models.FileField("tệp", upload_to="imports/%Y/%m/")
    filename = models.CharField("tên tệp", max_length=255)
    size = models.BigIntegerField("kích thước (byte)")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField("kết quả", blank=True)
    errors = models.JSONField("lỗi", default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lần nhập chạy nền"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.REFUSED)
