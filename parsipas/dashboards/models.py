"""What the dashboards app stores: the periodic report's letterhead and narrative (the public
page's news and visit counts live in parsipas.public)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def _default_parent() -> str:
    return f"UBND TỈNH {settings.PROVINCE_NAME.upper()}"


class ReportSettings(models.Model):
    """The letterhead and signature of the periodic CCHC report (one row, edited by the admin)."""

    parent_body = models.CharField("cơ quan chủ quản", max_length=200, default=_default_parent)
    issuing_body = models.CharField("cơ quan ban hành", max_length=200, default="SỞ NỘI VỤ")
    number_suffix = models.CharField(
        "ký hiệu văn bản", max_length=40, default="BC-SNV", help_text="Phần sau “Số: …/”."
    )
    place = models.CharField(
        "địa danh", max_length=100, blank=True, help_text="Để trống: tên tỉnh."
    )
    signer_title = models.CharField("chức vụ người ký", max_length=100, default="GIÁM ĐỐC")
    signer_authority = models.CharField(
        "thẩm quyền ký",
        max_length=100,
        blank=True,
        help_text="Ví dụ: KT. GIÁM ĐỐC (để trống nếu ký trực tiếp).",
    )
    signer_name = models.CharField("họ tên người ký", max_length=100, blank=True)
    recipients = models.TextField(
        "nơi nhận",
        default="Bộ Nội vụ (b/c);\nThường trực Tỉnh ủy (b/c);\nUBND tỉnh (b/c);\nCác sở, ban, ngành;\nUBND các xã, phường;\nLưu: VT, CCHC.",
        help_text="Mỗi dòng một nơi nhận.",
    )

    class Meta:
        verbose_name = "thông tin văn bản báo cáo"

    def __str__(self) -> str:
        return f"{self.issuing_body} · {self.number_suffix}"

    @classmethod
    def load(cls) -> ReportSettings:
        return cls.objects.order_by("pk").first() or cls.objects.create()

    @property
    def place_name(self) -> str:
        return self.place or settings.PROVINCE_NAME

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class PeriodNarrative(models.Model):
    """The sections of the periodic report that people write, kept per period."""

    period = models.OneToOneField(
        "reporting.ReportingPeriod", on_delete=models.CASCADE, related_name="narrative"
    )
    number = models.CharField("số văn bản", max_length=20, blank=True, help_text="Để trống: “…”.")
    signed_on = models.DateField("ngày văn bản", null=True, blank=True)
    direction = models.TextField(
        "công tác chỉ đạo, điều hành",
        blank=True,
        help_text="Mục I.1. Để trống: hệ thống viết đoạn mở đầu theo số liệu.",
    )
    shortcomings = models.TextField(
        "tồn tại, hạn chế và nguyên nhân",
        blank=True,
        help_text="Mục II. Danh sách tiêu chí có nguy cơ được thêm tự động sau đoạn này.",
    )
    next_tasks = models.TextField("nhiệm vụ trọng tâm kỳ tới", blank=True, help_text="Mục III.")
    proposals = models.TextField("đề xuất, kiến nghị", blank=True, help_text="Mục IV.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "nội dung báo cáo định kỳ"

    def __str__(self) -> str:
        return f"Nội dung báo cáo {self.period}"
