"""The yearly plan: index -> field -> criterion, who leads, who implements, by when, what target."""

from __future__ import annotations

from django.db import models


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        PUBLISHED = "published", "Đã ban hành"

    year = models.PositiveSmallIntegerField("năm", unique=True)
    title = models.CharField("tiêu đề", max_length=500)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    source_name = models.CharField("tệp nguồn", max_length=255, blank=True)
    imported_at = models.DateTimeField("nhập lúc", null=True, blank=True)
    published_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    import_report = models.JSONField("báo cáo nhập", default=dict, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "kế hoạch"

    def __str__(self) -> str:
        return f"Kế hoạch {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Node(models.Model):
    """An index (PAR, SIPAS), a field (lĩnh vực) or a criterion (tiêu chí) of the plan."""

    class Index(models.TextChoices):
        PAR = "PAR", "Chỉ số PAR Index"
        SIPAS = "SIPAS", "Chỉ số SIPAS"

    class Level(models.TextChoices):
        INDEX = "index", "Chỉ số"
        FIELD = "field", "Lĩnh vực"
        CRITERION = "criterion", "Tiêu chí"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes")
    index = models.CharField("chỉ số", max_length=5, choices=Index.choices)
    code = models.CharField("mã", max_length=20)  # "I", "1", "1.3"; unique within (plan, index)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField("thứ tự", default=0)
    title = models.TextField("tên")
    content = models.TextField("nội dung thực hiện", blank=True)
    implementers_text = models.TextField("cơ quan thực hiện (nguyên văn)", blank=True)
    lead_text = models.TextField("cơ quan chủ trì (nguyên văn)", blank=True)
    lead_units = models.ManyToManyField(
        "units.Unit", verbose_name="cơ quan chủ trì", blank=True, related_name="led_nodes"
    )
    deadline = models.DateField("hạn", null=True, blank=True)
    deadline_text = models.CharField("thời gian thực hiện (nguyên văn)", max_length=500, blank=True)
    deadline_by_authority = models.BooleanField("hạn do cấp trên quy định", default=False)
    needs_review = models.BooleanField("cần quản trị viên xem lại", default=False)
    review_note = models.TextField("ghi chú cần xem lại", blank=True)
    locked = models.BooleanField(
        "đã chỉnh tay",
        default=False,
        help_text="Quản trị viên đã sửa cơ quan chủ trì, phân công, hạn hoặc chỉ tiêu: nhập lại kế hoạch không ghi đè.",
    )

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "index", "code"], name="unique_node_code")
        ]
        verbose_name = "mục kế hoạch"

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.level != self.Level.INDEX else self.title

    @property
    def key(self) -> str:
        """'PAR:1.3' — the stable reference other modules use (frameworks' plan_codes)."""
        return f"{self.index}:{self.code}"


class Assignment(models.Model):
    """A criterion given to one implementing unit: what that unit reports on each period."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "unit"], name="unique_assignment")]
        verbose_name = "phân công"

    def __str__(self) -> str:
        return f"{self.node.code} · {self.unit}"


class Target(models.Model):
    """A measurable commitment read from a criterion's content ("ít nhất là 30%")."""

    class Op(models.TextChoices):
        GE = ">=", "≥"
        GT = ">", ">"
        LE = "<=", "≤"
        EQ = "=", "="
        BETWEEN = "between", "trong khoảng"
        INCREASE = "increase", "tăng so với năm trước"

    class Aggregation(models.TextChoices):
        """How the province-wide figure combines the units' figures."""

        SHARE = "share", "Tỷ lệ đơn vị đạt"
        SUM = "sum", "Cộng số liệu các đơn vị"
        PROVINCE = "province", "Số liệu toàn tỉnh do cơ quan chủ trì nhập"

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("câu gốc")
    op = models.CharField("so sánh", max_length=10, choices=Op.choices)
    value = models.DecimalField("giá trị", max_digits=14, decimal_places=2, null=True, blank=True)
    value_max = models.DecimalField(
        "giá trị trên", max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField("đơn vị tính", max_length=50, blank=True)
    aggregation = models.CharField(
        "cách tổng hợp", max_length=10, choices=Aggregation.choices, default=Aggregation.SHARE
    )

    class Meta:
        ordering = ["node", "order"]
        verbose_name = "chỉ tiêu"

    def __str__(self) -> str:
        from parsipas.lib.numbers import target

        if self.op == self.Op.INCREASE:
            return "tăng so với năm trước"
        return target(self.op, self.value, self.value_max, self.unit)


class PlanImport(models.Model):
    """An uploaded appendix waiting for the admin to read its report and apply it."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ xem xét"
        APPLIED = "applied", "Đã áp dụng"
        DISCARDED = "discarded", "Đã hủy"

    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    report = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.year})"
