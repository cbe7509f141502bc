"""The Government's yearly arrangements of working days, kept by the reform office."""

from __future__ import annotations

from django.db import models


class DayArrangement(models.Model):
    """One day that differs from the statutory calendar: an extra day off or a make-up working day.

    Each year the Government swaps days around the holidays (a Friday off, made up on a Saturday);
    a new statutory holiday can also be added here before the `holidays` package knows it.
    """

    class Kind(models.TextChoices):
        OFF = "off", "Ngày nghỉ"
        WORK = "work", "Ngày làm việc bù"

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=4, choices=Kind.choices)
    reason = models.CharField("lý do", max_length=300)
    source = models.CharField("văn bản", max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "ngày nghỉ, làm bù"
        verbose_name_plural = "ngày nghỉ, làm bù"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"
