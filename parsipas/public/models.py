"""What the public reform page stores: its news and its anonymous visit counts (a number per day,
nothing about the visitors)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class NewsItem(models.Model):
    """A reform news item on the public page (criterion 1.5: tuyên truyền CCHC)."""

    title = models.CharField("tiêu đề", max_length=300)
    summary = models.TextField("tóm tắt", blank=True)
    body = models.TextField("nội dung", blank=True)
    link = models.URLField("liên kết bài viết đầy đủ", blank=True)
    published = models.BooleanField("hiển thị công khai", default=True)
    published_at = models.DateTimeField("ngày đăng", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "tin cải cách hành chính"
        verbose_name_plural = "tin cải cách hành chính"
        db_table = "dashboards_newsitem"  # the table predates the public app: kept, no copy

    def __str__(self) -> str:
        return self.title

    @property
    def safe_link(self) -> str:
        """The link to show: only http(s). The form refuses other schemes; a row stored before
        or around it with `javascript:` or `data:` shows no link rather than a script."""
        from urllib.parse import urlsplit

        scheme = urlsplit(self.link.strip()).scheme.lower()
        return self.link.strip() if scheme in ("http", "https") else ""


class VisitDay(models.Model):
    """How many distinct visitors the public page had on one day. No IP, no identifier."""

    day = models.DateField("ngày", unique=True)
    visits = models.PositiveIntegerField("lượt truy cập", default=0)

    class Meta:
        ordering = ["-day"]
        db_table = "dashboards_visitday"
        verbose_name = "lượt truy cập trong ngày"

    def __str__(self) -> str:
        return f"{self.day}: {self.visits}"
