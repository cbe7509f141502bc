"""Periodic reporting: periods, one report per assignment and period, figures, evidence, history.

Lifecycle of a report (see `workflow.py`):
    draft -> submitted -> accepted
                       -> returned (with the lead's comment) -> submitted again -> accepted
An accepted report is frozen; so is every report of a locked period, except one the admin reopens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from parsipas.plans.models import Assignment, Target
from parsipas.reporting.documents import DocumentMeta


class ReportingPeriod(models.Model):
    """One of the four periods of the CCHC reporting regime in a year (criterion 1.2)."""

    class Code(models.TextChoices):
        Q1 = "Q1", "Quý I"
        Q2 = "Q2", "Quý II (6 tháng)"
        Q3 = "Q3", "Quý III (9 tháng)"
        Y = "Y", "Năm"

    class State(models.TextChoices):
        PLANNED = "planned", "Chưa mở"
        OPEN = "open", "Đang mở"
        CLOSED = "closed", "Đã đóng (nhận báo cáo muộn)"
        LOCKED = "locked", "Đã khóa"

    year = models.PositiveSmallIntegerField("năm")
    code = models.CharField("kỳ", max_length=2, choices=Code.choices)
    name = models.CharField("tên kỳ", max_length=100)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày (chốt số liệu)")
    due_date = models.DateField("hạn đơn vị gửi báo cáo")
    lead_due_date = models.DateField("hạn báo cáo của tỉnh (gửi Bộ Nội vụ)")
    state = models.CharField(
        "trạng thái", max_length=10, choices=State.choices, default=State.PLANNED
    )
    auto_state = models.BooleanField(
        "tự động mở, đóng theo ngày",
        default=True,
        help_text="Mở vào ngày bắt đầu, đóng sau hạn đơn vị gửi báo cáo; bỏ chọn để quản trị "
        "tự đặt trạng thái.",
    )

    class Meta:
        ordering = ["-year", "start", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="unique_period_per_year")
        ]
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """'Quý I năm 2026', and 'Năm 2026' rather than 'Năm năm 2026'."""
        if self.name.strip().lower() == "năm":
            return f"Năm {self.year}"
        return f"{self.name} năm {self.year}"

    @property
    def label_in_sentence(self) -> str:
        """The label inside a sentence: 'quý I năm 2026', 'năm 2026'."""
        return self.label[:1].lower() + self.label[1:]

    @property
    def slug(self) -> str:
        return self.code

    @property
    def accepts_reports(self) -> bool:
        return self.state not in (self.State.LOCKED, self.State.PLANNED)

    @property
    def province_due(self) -> dt.date:
        return self.lead_due_date

    @classmethod
    def sync_states(cls, today: dt.date | None = None, *, force: bool = False) -> int:
        """Open the automatic periods whose start has come and close those past their due
        date. Runs at most once a day per cache (pages call it on the way; so does the nightly
        command). Returns the number of periods changed."""
        from django.core.cache import cache

        from parsipas.reporting.periods import state_on

        today = today or timezone.localdate()
        key = f"reporting:period-states:{today.isoformat()}"
        if not force and cache.get(key):
            return 0
        changed = 0
        for period in cls.objects.filter(auto_state=True).exclude(state=cls.State.LOCKED):
            state = state_on(period.start, period.due_date, today)
            if state != period.state:
                cls.objects.filter(pk=period.pk, auto_state=True).update(state=state)
                changed += 1
        cache.set(key, True, 3600)
        return changed

    def is_past_due(self, today: dt.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.due_date

    def days_left(self, today: dt.date | None = None) -> int:
        return (self.due_date - (today or timezone.localdate())).days

    @classmethod
    def create_defaults(cls, year: int) -> tuple[list[ReportingPeriod], list[ReportingPeriod]]:
        """The four periods of `year` with the default dates (see periods.py); existing ones are
        left as the admin set them. Returns (created, existing)."""
        from parsipas.reporting.periods import UNIT_DUE_WORKING_DAYS, default_periods, state_on
        from parsipas.workcalendar.service import calendar

        today = timezone.localdate()
        unit_days = getattr(settings, "REPORTING_UNIT_DUE_WORKING_DAYS", UNIT_DUE_WORKING_DAYS)
        created: list[ReportingPeriod] = []
        existing: list[ReportingPeriod] = []
        for dates in default_periods(year, calendar(), unit_days):
            period, made = cls.objects.get_or_create(
                year=year,
                code=dates.code,
                defaults={
                    "name": dates.name,
                    "start": dates.start,
                    "end": dates.end,
                    "due_date": dates.due_date,
                    "lead_due_date": dates.lead_due_date,
                    # born in the state its dates give today ("chưa mở" until its start date)
                    "state": state_on(dates.start, dates.due_date, today),
                    "auto_state": True,
                },
            )
            (created if made else existing).append(period)
        return created, existing

    @classmethod
    def current(cls, today: dt.date | None = None) -> ReportingPeriod | None:
        """The period people are working on, within the working year (`WorkingYear`: the
        admin switches it; a next year's plan or periods never take over by themselves): the
        first open or closed one whose due date is today or later, else the latest one that has
        opened, else the year's first."""
        today = today or timezone.localdate()
        cls.sync_states(today)
        periods = cls.objects.filter(year=WorkingYear.get(today))
        started = periods.exclude(state=cls.State.PLANNED)
        upcoming = (
            started.filter(due_date__gte=today)
            .exclude(state=cls.State.LOCKED)
            .order_by("due_date")
            .first()
        )
        return (
            upcoming
            or started.order_by("-due_date").first()
            or periods.order_by("due_date").first()
            or cls.objects.order_by("-due_date").first()
        )


class WorkingYear(models.Model):
    """The year every page shows by default, until the admin switches to the next one."""

    year = models.PositiveSmallIntegerField("năm đang theo dõi")
    switched_at = models.DateTimeField("chuyển lúc", auto_now=True)
    switched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "năm đang theo dõi"

    def __str__(self) -> str:
        return str(self.year)

    @classmethod
    def get(cls, today: dt.date | None = None) -> int:
        """The admin's choice; before any choice, the calendar year."""
        row = cls.objects.order_by("-pk").first()
        return row.year if row else (today or timezone.localdate()).year

    @classmethod
    def switch(cls, year: int, user: Any = None) -> None:
        cls.objects.all().delete()
        cls.objects.create(year=year, switched_by=user)


class Report(models.Model):
    """What one unit reports on one criterion for one period."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa triển khai"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Hoàn thành"
        NOT_DONE = "not_done", "Không hoàn thành"

    class Workflow(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        SUBMITTED = "submitted", "Đã gửi, chờ duyệt"
        RETURNED = "returned", "Bị trả lại"
        ACCEPTED = "accepted", "Đã chấp nhận"

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        "tình trạng", max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    workflow = models.CharField(
        "bước xử lý", max_length=10, choices=Workflow.choices, default=Workflow.DRAFT
    )
    narrative = models.TextField("kết quả thực hiện", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    no_evidence_reason = models.TextField("lý do không có tài liệu kiểm chứng", blank=True)
    version = models.PositiveIntegerField("phiên bản", default=1)
    first_submitted_at = models.DateTimeField("gửi lần đầu lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    late = models.BooleanField("gửi muộn", default=False)
    reviewed_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField("ý kiến của cơ quan chủ trì", blank=True)
    reopened = models.BooleanField("được quản trị mở lại", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period"], name="unique_report_per_period"
            )
        ]
        indexes = [models.Index(fields=["period", "workflow"])]
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"

    def __str__(self) -> str:
        return f"Báo cáo {self.assignment.node.code} · {self.assignment.unit} · {self.period}"

    @property
    def is_submitted(self) -> bool:
        """Has reached the lead at least once and is not back in the unit's hands as a draft."""
        return self.workflow in (
            self.Workflow.SUBMITTED,
            self.Workflow.RETURNED,
            self.Workflow.ACCEPTED,
        )


class TargetFigure(models.Model):
    """The unit's figure for one target of the criterion, compared with the target when saved."""

    class Result(models.TextChoices):
        MET = "met", "Đạt"
        NOT_MET = "not_met", "Chưa đạt"
        UNKNOWN = "unknown", "Không đánh giá được"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="figures")
    value = models.DecimalField("số liệu", max_digits=14, decimal_places=2, null=True, blank=True)
    previous_value = models.DecimalField(
        "số liệu năm trước", max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField("ghi chú", max_length=500, blank=True)
    result = models.CharField(
        "kết quả", max_length=8, choices=Result.choices, default=Result.UNKNOWN
    )
    # A figure the system computes (reporting/computed.py): what it said when the report was saved.
    computed_value = models.DecimalField(
        "số liệu tự động", max_digits=14, decimal_places=2, null=True, blank=True
    )
    computed_text = models.CharField("số liệu tự động (diễn giải)", max_length=300, blank=True)
    computed_source = models.CharField("nguồn số liệu tự động", max_length=200, blank=True)
    computed_url = models.CharField("đường dẫn đến dữ liệu gốc", max_length=300, blank=True)
    override_reason = models.TextField("lý do nhập thay số liệu tự động", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="unique_figure_per_target")
        ]
        verbose_name = "số liệu chỉ tiêu"

    def __str__(self) -> str:
        return f"{self.target}: {self.value if self.value is not None else '—'}"

    @property
    def is_computed(self) -> bool:
        return bool(self.computed_source)

    @property
    def is_override(self) -> bool:
        return bool(self.computed_source and self.override_reason)


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(DocumentMeta):
    """A tài liệu kiểm chứng. Stored once per content (by SHA-256), served only through a checked view."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại tệp", max_length=120)
    size = models.PositiveBigIntegerField("dung lượng")
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(models.Model):
    """One dated, signed step of a report's history."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Gửi báo cáo"
        RESUBMITTED = "resubmitted", "Gửi lại báo cáo"
        WITHDRAWN = "withdrawn", "Rút lại để sửa"
        RETURNED = "returned", "Trả lại"
        ACCEPTED = "accepted", "Chấp nhận"
        REOPENED = "reopened", "Quản trị mở lại"
        IMPORTED = "imported", "Cập nhật từ tệp Excel"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=12, choices=Action.choices)
    at = models.DateTimeField("lúc", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField("người thực hiện", max_length=150, blank=True)
    comment = models.TextField("ý kiến", blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "lịch sử báo cáo"

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.user_name}"


class ProvinceFigure(models.Model):
    """The province-wide figure of a target, entered by the lead (targets aggregated 'province')."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="province_figures")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="province_figures"
    )
    value = models.DecimalField(
        "số liệu toàn tỉnh", max_digits=14, decimal_places=2, null=True, blank=True
    )
    previous_value = models.DecimalField(
        "số liệu năm trước", max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField("ghi chú, nguồn số liệu", max_length=500, blank=True)
    override_reason = models.TextField(
        "lý do nhập thay số liệu tự động",
        blank=True,
        help_text="Bắt buộc khi số liệu toàn tỉnh khác số liệu hệ thống tự tính.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="unique_province_figure")
        ]
        verbose_name = "số liệu toàn tỉnh"

    def __str__(self) -> str:
        return f"{self.target} · {self.period}: {self.value}"


class Notification(models.Model):
    """An in-app notice (the bell): same events as the reminder emails, plus workflow steps."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Sắp đến hạn"
        OVERDUE = "overdue", "Quá hạn"
        REVIEW = "review", "Chờ duyệt"
        MISSING = "missing", "Đơn vị chưa báo cáo"
        RETURNED = "returned", "Báo cáo bị trả lại"
        ACCEPTED = "accepted", "Báo cáo được chấp nhận"
        REOPENED = "reopened", "Báo cáo được mở lại"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = "thông báo"

    def __str__(self) -> str:
        return self.text


class ReminderLog(models.Model):
    """One reminder item sent to one person: never sent twice (unique key)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    key = models.CharField(max_length=120)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="unique_reminder")
        ]
        indexes = [models.Index(fields=["sent_on"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.key}"
