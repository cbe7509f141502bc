"""The registers behind the criteria: the rows whose counts are the figures of 1.3, 1.4, 1.6, 1.8,
3.7, 4.8 and 4.9 (see figures.py). Only `services.py` changes them.

- inspections (1.3, 1.4, 4.8, 4.9): the year's inspection plan, each inspection of a unit with its
  conclusion notice (one notice belongs to one unit: the notice is its own row, unique by number
  and by file content), the findings with due dates, the unit's remediation plan and each
  finding's remediation with evidence, accepted or reopened by the team;
- initiatives (1.6): proposed by a unit, recognised by the Provincial People's Committee or
  allowed to pilot by a central body, replicated province-wide;
- Government-assigned tasks (1.8): source document, content, assigned units, due date, completion;
- inter-linked procedures (3.7): procedures handled inter-linked at one level or between levels.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from parsipas.reporting.documents import DocumentMeta

User = settings.AUTH_USER_MODEL


class StoredFile(DocumentMeta):
    """A file kept through Django's storage (by content hash), served only by a checked view."""

    file = models.FileField(max_length=200)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại tệp", max_length=120)
    size = models.PositiveBigIntegerField("dung lượng")
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"

    def __str__(self) -> str:
        return self.original_name


class InspectionKind(models.TextChoices):
    CCHC = "cchc", "Kiểm tra công tác CCHC"
    DECENTRALISED = "phan-cap", "Kiểm tra nhiệm vụ QLNN đã phân cấp, phân quyền cho cấp xã"


class InspectionPlanItem(models.Model):
    """One line of the year's inspection plan: which unit, by which team, of which kind, when."""

    year = models.PositiveSmallIntegerField("năm")
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="đơn vị được kiểm tra",
    )
    kind = models.CharField("loại kiểm tra", max_length=10, choices=InspectionKind.choices)
    team_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan kiểm tra"
    )
    planned_month = models.PositiveSmallIntegerField("tháng dự kiến")
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        ordering = ["year", "planned_month", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "kind"], name="unique_planned_inspection"
            )
        ]
        verbose_name = "kế hoạch kiểm tra"

    def __str__(self) -> str:
        return f"{self.year} · {self.unit} · {self.get_kind_display()}"


class ConclusionNotice(models.Model):
    """The signed conclusion notice (thông báo kết luận) of one unit's inspection.

    The criterion 1.4 forbids one document concluding several units: a notice has one unit, and
    its number (per year) and its file content are unique."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("số thông báo", max_length=100)
    number_key = models.CharField(max_length=120, unique=True)  # folded number + year
    date = models.DateField("ngày thông báo")
    file = models.OneToOneField(
        StoredFile, on_delete=models.PROTECT, related_name="notice", verbose_name="tệp đã ký"
    )

    class Meta:
        verbose_name = "thông báo kết luận"

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"


class Inspection(models.Model):
    year = models.PositiveSmallIntegerField("năm")
    plan_item = models.ForeignKey(
        InspectionPlanItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
        verbose_name="theo kế hoạch",
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name="đơn vị được kiểm tra",
    )
    kind = models.CharField("loại kiểm tra", max_length=10, choices=InspectionKind.choices)
    team_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan kiểm tra"
    )
    team = models.CharField("thành phần đoàn kiểm tra", max_length=500, blank=True)
    start_date = models.DateField("ngày bắt đầu")
    end_date = models.DateField("ngày kết thúc")
    notice = models.OneToOneField(
        ConclusionNotice,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection",
        verbose_name="thông báo kết luận",
    )
    remediation_plan_due = models.DateField(
        "hạn ban hành kế hoạch khắc phục", null=True, blank=True
    )
    remediation_plan_number = models.CharField("số kế hoạch khắc phục", max_length=100, blank=True)
    remediation_plan_date = models.DateField("ngày kế hoạch khắc phục", null=True, blank=True)
    remediation_plan_file = models.OneToOneField(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = "cuộc kiểm tra"

    def __str__(self) -> str:
        return f"Kiểm tra {self.unit} ({self.start_date:%d/%m/%Y})"

    @property
    def has_remediation_plan(self) -> bool:
        return bool(self.remediation_plan_file_id)


class Finding(models.Model):
    """A problem the inspection found, which the unit must remediate by its due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Chưa khắc phục"
        REMEDIATED = "remediated", "Đơn vị báo đã khắc phục"
        ACCEPTED = "accepted", "Đoàn kiểm tra xác nhận"
        REOPENED = "reopened", "Đoàn kiểm tra yêu cầu khắc phục lại"

    DONE = (Status.REMEDIATED, Status.ACCEPTED)

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.TextField("vấn đề phát hiện")
    due_date = models.DateField("hạn khắc phục")
    status = models.CharField(
        "tình trạng", max_length=10, choices=Status.choices, default=Status.OPEN
    )
    remediation = models.TextField("kết quả khắc phục", blank=True)
    evidence = models.OneToOneField(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remediated_on = models.DateField("ngày khắc phục", null=True, blank=True)
    remediated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField("ý kiến của đoàn kiểm tra", blank=True)
    reviewed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["inspection", "order", "pk"]
        verbose_name = "vấn đề phát hiện qua kiểm tra"

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_done(self) -> bool:
        return self.status in self.DONE

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return not self.is_done and (today or timezone.localdate()) > self.due_date


class Initiative(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Đề xuất"
        RECOGNISED = "recognised", "UBND tỉnh công nhận"
        PILOTED = "piloted", "Trung ương cho phép thí điểm"
        REJECTED = "rejected", "Không công nhận"

    COUNTED = (Status.RECOGNISED, Status.PILOTED)

    year = models.PositiveSmallIntegerField("năm")
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name="đơn vị đề xuất",
    )
    title = models.CharField("tên sáng kiến, giải pháp", max_length=500)
    summary = models.TextField("nội dung tóm tắt", blank=True)
    proposed_on = models.DateField("ngày đề xuất")
    status = models.CharField(
        "tình trạng", max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decision_number = models.CharField("số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    central_body = models.CharField("cơ quan Trung ương cho thí điểm", max_length=200, blank=True)
    replicated = models.BooleanField("nhân rộng toàn tỉnh", default=False)
    replicated_from = models.DateField("nhân rộng từ ngày", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "-proposed_on", "pk"]
        verbose_name = "sáng kiến CCHC"

    def __str__(self) -> str:
        return self.title


class GovernmentTask(models.Model):
    """A task the Government or the Prime Minister assigned to the province (criterion 1.8)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Đã hoàn thành"

    year = models.PositiveSmallIntegerField("năm")
    tracker_id = models.CharField(
        "mã trên Hệ thống theo dõi nhiệm vụ", max_length=60, blank=True, db_index=True
    )
    doc_number = models.CharField("số văn bản giao", max_length=100)
    doc_date = models.DateField("ngày văn bản")
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    content = models.TextField("nội dung nhiệm vụ")
    units = models.ManyToManyField(
        "units.Unit", related_name="government_tasks", verbose_name="đơn vị được giao"
    )
    due_date = models.DateField("hạn hoàn thành")
    status = models.CharField(
        "tình trạng", max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    result = models.TextField("kết quả thực hiện", blank=True)
    evidence = models.OneToOneField(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "nhiệm vụ Chính phủ, Thủ tướng giao"

    def __str__(self) -> str:
        return f"{self.doc_number}: {self.content[:60]}"


class LinkedProcedure(models.Model):
    """A procedure (or group of procedures) handled inter-linked, as announced by a decision."""

    class Level(models.TextChoices):
        SAME = "same", "Liên thông cùng cấp"
        BETWEEN = "between", "Liên thông giữa các cấp"

    name = models.CharField("tên TTHC hoặc nhóm TTHC", max_length=500)
    procedure_codes = models.CharField("mã TTHC", max_length=300, blank=True)
    level = models.CharField("hình thức liên thông", max_length=8, choices=Level.choices)
    lead_unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cơ quan chủ trì giải quyết",
    )
    decision_number = models.CharField("số quyết định công bố", max_length=100)
    decision_date = models.DateField("ngày quyết định")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["level", "-decision_date", "pk"]
        verbose_name = "TTHC liên thông"

    def __str__(self) -> str:
        return self.name
