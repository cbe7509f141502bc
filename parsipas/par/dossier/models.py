"""What the self-assessment dossier stores: the office's edits per criterion, files added by
hand, frozen versions (snapshot JSON + the ZIP built from it) and export jobs (progress rows).

Imported by `parsipas.par.models`, so the tables belong to the `par` app."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from parsipas.reporting.documents import DocumentMeta

User = settings.AUTH_USER_MODEL


class Dossier(models.Model):
    """The working dossier of one framework (one year): what the reform office has edited."""

    framework = models.OneToOneField(
        "par.Framework", on_delete=models.CASCADE, related_name="dossier"
    )
    recommendations = models.TextField("kiến nghị, đề xuất", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "hồ sơ tự đánh giá"
        verbose_name_plural = "hồ sơ tự đánh giá"

    def __str__(self) -> str:
        return f"Hồ sơ tự đánh giá {self.framework}"


class DossierEntry(models.Model):
    """The office's edit of one criterion: its own score, the explanation, evidence left out."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(
        "par.Criterion", on_delete=models.CASCADE, related_name="dossier_entries"
    )
    score = models.DecimalField(
        "điểm tự đánh giá (sửa)", null=True, blank=True, max_digits=9, decimal_places=4
    )
    explanation = models.TextField("giải trình", blank=True)
    excluded = models.JSONField("tài liệu không đưa vào hồ sơ", default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "criterion"], name="par_unique_dossier_entry"
            )
        ]
        verbose_name = "tiêu chí trong hồ sơ"

    def __str__(self) -> str:
        return f"{self.dossier} · {self.criterion.code}"


def dossier_file_path(instance: DossierFile, filename: str) -> str:
    return f"par/dossier/{instance.sha256[:2]}/{instance.sha256}"


class DossierFile(DocumentMeta):
    """A document added to a criterion by hand: uploaded here, or picked from a report's evidence."""

    entry = models.ForeignKey(DossierEntry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=dossier_file_path, max_length=300, blank=True)
    picked_evidence = models.ForeignKey(
        "reporting.Evidence", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    original_name = models.CharField("tên tệp", max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "added_at", "pk"]
        verbose_name = "tài liệu bổ sung vào hồ sơ"

    def __str__(self) -> str:
        return self.doc_title or self.original_name


def version_zip_path(instance: DossierVersion, filename: str) -> str:
    return f"par/dossier-versions/{instance.dossier.framework.year}/{filename}"


class DossierVersion(models.Model):
    """A frozen dossier: the snapshot as it was and the complete ZIP built from it. Never changed."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    snapshot = models.JSONField()
    zip_file = models.FileField(upload_to=version_zip_path, max_length=300, blank=True)
    zip_size = models.PositiveBigIntegerField(default=0)
    zip_sha256 = models.CharField(max_length=64, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    frozen_at = models.DateTimeField(auto_now_add=True)
    frozen_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["dossier", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="par_unique_dossier_version")
        ]
        verbose_name = "phiên bản hồ sơ đã chốt"

    def __str__(self) -> str:
        return f"{self.dossier} · phiên bản {self.number}"


def export_zip_path(instance: DossierExport, filename: str) -> str:
    return f"par/dossier-exports/{filename}"


class DossierExport(models.Model):
    """One ZIP being built for one person (only the files that person may download)."""

    class State(models.TextChoices):
        PENDING = "pending", "Đang chờ"
        RUNNING = "running", "Đang tạo"
        READY = "ready", "Đã xong"
        FAILED = "failed", "Lỗi"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="exports")
    version = models.ForeignKey(
        DossierVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="exports"
    )
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    snapshot = models.JSONField()
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    withheld = models.PositiveIntegerField("tệp không đưa vào vì không có quyền tải", default=0)
    zip_file = models.FileField(upload_to=export_zip_path, max_length=300, blank=True)
    zip_size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "tệp ZIP hồ sơ"

    def __str__(self) -> str:
        return f"{self.dossier} · ZIP {self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
