"""PAR Index scoring: frameworks, the province's estimates and past results, the internal index.

A Framework (bộ tiêu chí) is one year × scope: the province's PAR Index, or the province's
internal index for its agencies or its communes. Its Criteria form a tree; groups score the sum
of their children (`parsipas.par.scoring`).

The internal index runs per framework: the admin opens a window, every unit fills in a
UnitAssessment (one CriterionAssessment per criterion, with Evidence), submits it; the appraisal
team appraises, the unit may answer once, the team finalises; the admin publishes the ranking.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from parsipas.par.scoring import APPLIES_TO, METHOD_LABELS, METHODS
from parsipas.par.scoring import Criterion as ScoringCriterion
from parsipas.reporting.documents import DocumentMeta

# Decimal fields, written out: points max_digits=9, decimal_places=4; values 16, 4.


class Scope(models.TextChoices):
    PROVINCE = "province", "Chỉ số CCHC của tỉnh (PAR Index)"
    AGENCY = "agency", "Chỉ số CCHC nội bộ — cơ quan cấp tỉnh"
    COMMUNE = "commune", "Chỉ số CCHC nội bộ — xã, phường"


class Framework(models.Model):
    year = models.PositiveSmallIntegerField("năm")
    scope = models.CharField("phạm vi", max_length=10, choices=Scope.choices)
    title = models.CharField("tên bộ tiêu chí", max_length=300)
    illustrative = models.BooleanField(
        "điểm minh họa",
        default=False,
        help_text="Điểm từng tiêu chí chỉ để minh họa, chưa phải bảng điểm chính thức.",
    )
    note = models.TextField("ghi chú", blank=True)
    source_name = models.CharField("tệp nguồn", max_length=255, blank=True)
    imported_at = models.DateTimeField("nhập lúc", null=True, blank=True)
    # The internal index's self-assessment window and publication.
    window_open = models.BooleanField("đang mở tự đánh giá", default=False)
    window_deadline = models.DateField("hạn tự đánh giá", null=True, blank=True)
    published_at = models.DateTimeField("công bố kết quả lúc", null=True, blank=True)

    class Meta:
        ordering = ["-year", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["year", "scope"], name="par_unique_framework")
        ]
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"

    def __str__(self) -> str:
        return f"{self.get_scope_display()} năm {self.year}"

    @property
    def is_internal(self) -> bool:
        return self.scope != Scope.PROVINCE

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def accepts_self_assessment(self, today: object = None) -> bool:
        """The window is open and its deadline (if any) not passed."""
        if not self.window_open or self.is_published:
            return False
        today = today or timezone.localdate()
        return self.window_deadline is None or today <= self.window_deadline  # type: ignore[operator]

    def ordered_criteria(self) -> list[Criterion]:
        return list(self.criteria.select_related("parent").order_by("order", "pk"))

    def scoring_criteria(self) -> list[ScoringCriterion]:
        return [c.as_scoring() for c in self.ordered_criteria()]


class Criterion(models.Model):
    class Method(models.TextChoices):
        GROUP = "group", METHOD_LABELS["group"]
        BINARY = "binary", METHOD_LABELS["binary"]
        RATIO = "ratio", METHOD_LABELS["ratio"]
        TIERS = "tiers", METHOD_LABELS["tiers"]
        MANUAL = "manual", METHOD_LABELS["manual"]
        SURVEY = "survey", METHOD_LABELS["survey"]
        DEDUCT = "deduct", METHOD_LABELS["deduct"]

    class Source(models.TextChoices):
        SELF = "self", "Tự đánh giá, thẩm định"
        SURVEY = "survey", "Điều tra xã hội học"
        SIPAS = "sipas", "SIPAS"
        IMPACT = "impact", "Tác động đến phát triển KT-XH"
        COMPUTED = "computed", "Tính từ số liệu"

    class AppliesTo(models.TextChoices):
        PROVINCE = "province", "Tỉnh"
        AGENCY = "agency", "Cơ quan cấp tỉnh"
        COMMUNE = "commune", "Xã, phường"
        ALL = "all", "Tất cả"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField("mã", max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name="thuộc nhóm",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField("thứ tự", default=0)
    title = models.TextField("tên tiêu chí")
    max_points = models.DecimalField("điểm tối đa", max_digits=9, decimal_places=4)
    method = models.CharField(
        "phương pháp chấm", max_length=10, choices=Method.choices, default=Method.MANUAL
    )
    params = models.JSONField("tham số", default=dict, blank=True)
    source = models.CharField("nguồn", max_length=10, choices=Source.choices, default=Source.SELF)
    evidence_required = models.BooleanField("cần tài liệu kiểm chứng", default=False)
    applies_to = models.CharField(
        "áp dụng cho", max_length=10, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    plan_codes = models.JSONField("tiêu chí kế hoạch liên quan", default=list, blank=True)
    guidance = models.TextField("hướng dẫn chấm", blank=True)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="par_unique_criterion")
        ]
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_group(self) -> bool:
        return self.method == self.Method.GROUP

    @property
    def depth(self) -> int:
        return self.code.count(".")

    @property
    def params_text(self) -> str:
        """The method's parameters in words, for pages ("Đủ điểm khi giá trị ≥ 98"), not a dict."""
        from parsipas.par.scoring import describe_params

        return describe_params(self.method, self.params or {})

    def as_scoring(self) -> ScoringCriterion:
        return ScoringCriterion(
            self.code,
            self.title,
            self.max_points,
            self.method,
            self.params or {},
            self.parent.code if self.parent_id and self.parent else "",
            self.applies_to,
        )


assert set(Criterion.Method.values) == set(METHODS)
assert set(Criterion.AppliesTo.values) == set(APPLIES_TO)


class Estimate(models.Model):
    """The reform office's estimate of a criterion's value for the province's projection."""

    criterion = models.OneToOneField(Criterion, on_delete=models.CASCADE, related_name="estimate")
    value = models.DecimalField("giá trị ước tính", max_digits=16, decimal_places=4)
    overrides = models.BooleanField(
        "dùng thay cho số liệu tự động",
        default=False,
        help_text="Đánh dấu nếu ước tính này đáng tin hơn số liệu tổng hợp từ báo cáo, SIPAS, hồ sơ.",
    )
    note = models.TextField("căn cứ ước tính", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField("nhập lúc", auto_now=True)

    class Meta:
        verbose_name = "ước tính"
        verbose_name_plural = "ước tính"

    def __str__(self) -> str:
        return f"Ước tính {self.criterion.code}: {self.value}"


class PublishedResult(models.Model):
    """The Ministry's published PAR Index result of the province for a past year."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    points = models.DecimalField("tổng điểm", max_digits=7, decimal_places=2)
    max_points = models.DecimalField(
        "điểm tối đa", max_digits=7, decimal_places=2, default=Decimal(100)
    )
    rank = models.PositiveSmallIntegerField("xếp hạng", null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField("trên tổng số tỉnh", null=True, blank=True)
    source = models.CharField("nguồn công bố", max_length=500, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "kết quả công bố"
        verbose_name_plural = "kết quả công bố"

    def __str__(self) -> str:
        return f"Chỉ số CCHC {self.year}: {self.points}/{self.max_points}"

    @property
    def percent(self) -> Decimal | None:
        return self.points * 100 / self.max_points if self.max_points else None


class PublishedPart(models.Model):
    """One of the four parts of a published result (matched to a framework's top level by code)."""

    result = models.ForeignKey(PublishedResult, on_delete=models.CASCADE, related_name="parts")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField("mã phần", max_length=40)
    title = models.CharField("tên phần", max_length=300)
    points = models.DecimalField("điểm", max_digits=7, decimal_places=2)
    max_points = models.DecimalField("điểm tối đa", max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["result", "order"]
        constraints = [
            models.UniqueConstraint(fields=["result", "code"], name="par_unique_published_part")
        ]
        verbose_name = "phần điểm công bố"

    def __str__(self) -> str:
        return f"{self.title}: {self.points}/{self.max_points}"


class UnitAssessment(models.Model):
    """One unit's self-assessment on an internal-index framework, and what became of it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Đang tự đánh giá"
        SUBMITTED = "submitted", "Đã gửi, chờ thẩm định"
        APPRAISED = "appraised", "Đã thẩm định, chờ đơn vị phản hồi"
        ANSWERED = "answered", "Đơn vị đã phản hồi, chờ chốt"
        FINALISED = "finalised", "Đã chốt kết quả"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="par_assessments")
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appraised_at = models.DateTimeField(null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField("ý kiến phản hồi của đơn vị", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept at finalisation so that a year's published result never changes afterwards.
    points = models.DecimalField("điểm", null=True, blank=True, max_digits=9, decimal_places=4)
    max_points = models.DecimalField(
        "điểm tối đa áp dụng", null=True, blank=True, max_digits=9, decimal_places=4
    )
    rank = models.PositiveIntegerField("xếp hạng", null=True, blank=True)

    class Meta:
        ordering = ["framework", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "unit"], name="par_unique_assessment")
        ]
        verbose_name = "tự đánh giá"
        verbose_name_plural = "tự đánh giá"

    def __str__(self) -> str:
        return f"{self.unit} · {self.framework}"

    @property
    def percent(self) -> Decimal | None:
        if self.points is None or not self.max_points:
            return None
        return self.points * 100 / self.max_points


class CriterionAssessment(models.Model):
    """One criterion of one unit's assessment: the unit's value, the team's score, the answer."""

    assessment = models.ForeignKey(UnitAssessment, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="entries")
    not_applicable = models.BooleanField("không áp dụng với đơn vị", default=False)
    value = models.DecimalField(
        "giá trị tự đánh giá", null=True, blank=True, max_digits=16, decimal_places=4
    )
    self_score = models.DecimalField(
        "điểm tự chấm", null=True, blank=True, max_digits=9, decimal_places=4
    )
    explanation = models.TextField("giải trình", blank=True)
    evidence_link = models.CharField("liên kết đến tài liệu kiểm chứng", max_length=500, blank=True)
    # Evidence files the unit already filed with its periodic reports (reporting.Evidence ids).
    report_evidence_ids = models.JSONField("tài liệu đã nộp kèm báo cáo", default=list, blank=True)
    appraised_score = models.DecimalField(
        "điểm thẩm định", null=True, blank=True, max_digits=9, decimal_places=4
    )
    appraisal_comment = models.TextField("nhận xét thẩm định", blank=True)
    answer = models.TextField("phản hồi của đơn vị", blank=True)
    final_score = models.DecimalField(
        "điểm chốt", null=True, blank=True, max_digits=9, decimal_places=4
    )
    final_comment = models.TextField("ý kiến khi chốt", blank=True)

    class Meta:
        ordering = ["assessment", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="par_unique_entry")
        ]
        verbose_name = "tiêu chí tự đánh giá"

    def __str__(self) -> str:
        return f"{self.assessment.unit} · {self.criterion.code}"

    @property
    def score(self) -> Decimal | None:
        """The score that counts now: final, else appraised, else the unit's own."""
        for candidate in (self.final_score, self.appraised_score, self.self_score):
            if candidate is not None:
                return candidate
        return None


def evidence_path(instance: Evidence, filename: str) -> str:
    now = timezone.now()
    return f"par/evidence/{now:%Y}/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(DocumentMeta):
    """A file proving a self-assessed criterion. Served only through a permission-checked view."""

    entry = models.ForeignKey(
        CriterionAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_path, max_length=300)
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "uploaded_at"]
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"

    def __str__(self) -> str:
        return self.name


# The year-end self-assessment dossier (issue 18): its tables belong to this app.
from parsipas.par.dossier.models import (  # noqa: E402, F401
    Dossier,
    DossierEntry,
    DossierExport,
    DossierFile,
    DossierVersion,
)
