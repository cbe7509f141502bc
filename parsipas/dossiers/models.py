"""Dossiers (hồ sơ TTHC) as exported by the one-stop system, and the national portal's 766 counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DossierImport(models.Model):
    """One imported file: what it was, who brought it, what it changed."""

    file_name = models.CharField("tệp", max_length=255)
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    rows = models.PositiveIntegerField("số dòng", default=0)
    created = models.PositiveIntegerField("hồ sơ mới", default=0)
    updated = models.PositiveIntegerField("hồ sơ cập nhật", default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_by_label = models.CharField("nhập bởi", max_length=150, blank=True)
    imported_at = models.DateTimeField("nhập lúc", auto_now_add=True)
    seconds = models.FloatField("thời gian (giây)", default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "lần nhập hồ sơ"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} dòng)"


class Channel(models.TextChoices):
    DIRECT = "truc_tiep", "Trực tiếp"
    ONLINE = "truc_tuyen", "Trực tuyến"
    POSTAL = "buu_chinh", "Bưu chính"


class Dossier(models.Model):
    """One dossier of an administrative procedure, as the one-stop system exported it.

    Rows are written in bulk by ``loader.import_dossiers`` (COPY on PostgreSQL), never one by
    one. The foreign keys carry no database constraint: the import checks every unit against
    the registry before writing, units are never deleted (only deactivated, and Django's
    PROTECT still refuses a delete), and a constraint trigger per row would double the cost of
    loading a million dossiers.
    """

    # A constraint rather than unique=True: PostgreSQL then gets one index on the code, not
    # a second "LIKE" index that every import would have to maintain.
    code = models.CharField("mã hồ sơ", max_length=100)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_constraint=False,
        db_index=False,
    )
    procedure_code = models.CharField("mã TTHC", max_length=50)
    received = models.DateTimeField("ngày tiếp nhận")
    due = models.DateTimeField("ngày hẹn trả", null=True, blank=True)
    finished = models.DateTimeField("ngày hoàn thành", null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    channel = models.CharField("kênh nộp", max_length=12, choices=Channel.choices)
    fully_online = models.BooleanField("toàn trình", default=False)
    fee_required = models.BooleanField("có phí, lệ phí", default=False)
    paid_online = models.BooleanField("thanh toán trực tuyến", default=False)
    electronic_result = models.BooleanField("kết quả điện tử", default=False)
    digitized = models.BooleanField("số hóa", default=False)
    reused_data = models.BooleanField("tái sử dụng dữ liệu", default=False)
    synced_national = models.BooleanField("đồng bộ Cổng DVCQG", default=False)
    apology_sent = models.BooleanField("đã gửi thư xin lỗi", default=False)
    rating = models.SmallIntegerField("mức độ hài lòng", null=True, blank=True)
    batch = models.ForeignKey(
        DossierImport,
        verbose_name="lần nhập",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    line = models.PositiveIntegerField("dòng trong tệp", default=0)

    class Meta:
        ordering = ["received", "code"]
        indexes = [models.Index(fields=["unit", "received"], name="dossier_unit_received")]
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_dossier_code")]
        verbose_name = "hồ sơ TTHC"
        verbose_name_plural = "hồ sơ TTHC"

    def __str__(self) -> str:
        return self.code


class PortalImport(models.Model):
    """One CSV of the national portal's 766 figures (one group, one period)."""

    file_name = models.CharField("tệp", max_length=255)
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    group = models.CharField("nhóm chỉ tiêu", max_length=20)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    rows = models.PositiveIntegerField("số dòng", default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "lần nhập số liệu Cổng DVCQG"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.group})"


class PortalScore(models.Model):
    """A unit's counts for one 766 group and period as the portal published them.

    The engine scores ``counts``; ``published`` keeps the portal's own score, max, ratio and
    part figures, ``computed`` ours. A newer import of the same group, period and department
    replaces it (and only it: other departments of that group and period stay).
    """

    source = models.ForeignKey(PortalImport, on_delete=models.CASCADE, related_name="scores")
    group = models.CharField("nhóm chỉ tiêu", max_length=20)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    # The portal's departmentCode; the unit's name when the endpoint publishes no code, and
    # "PARENT" for the province's own row.
    department_code = models.CharField("mã đơn vị trên Cổng", max_length=300)
    department_name = models.CharField("tên đơn vị trên Cổng", max_length=300)
    level = models.CharField("cấp", max_length=20, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_scores",
    )
    counts = models.JSONField("số liệu", default=dict)
    published = models.JSONField("điểm Cổng công bố", default=dict)
    # Our recomputation from ``counts`` (score, ratio, parts), beside the portal's; None when
    # the row publishes a score but no counts (children of the online group).
    computed = models.JSONField("điểm tính lại", null=True, blank=True)
    matches = models.BooleanField("khớp điểm Cổng", null=True, blank=True)

    class Meta:
        ordering = ["group", "department_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period_start", "period_end", "department_code"],
                name="unique_portal_score",
            )
        ]
        verbose_name = "số liệu 766 của Cổng DVCQG"

    def __str__(self) -> str:
        return f"{self.department_code} {self.group}"


class ProcedureImport(models.Model):
    """One file of the province's procedure catalogue."""

    file_name = models.CharField("tệp", max_length=255)
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    rows = models.PositiveIntegerField("số dòng", default=0)
    created = models.PositiveIntegerField("TTHC mới", default=0)
    updated = models.PositiveIntegerField("TTHC cập nhật", default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "lần nhập danh mục TTHC"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} TTHC)"


class Procedure(models.Model):
    """An administrative procedure of the province's catalogue (danh mục TTHC): where the
    online group's procedure counts (A and B) and the payment group's fee procedures come from."""

    class Level(models.TextChoices):
        PROVINCE = "province", "Cấp tỉnh"
        COMMUNE = "commune", "Cấp xã"

    class Online(models.TextChoices):
        NONE = "none", "Không cung cấp trực tuyến"
        PARTIAL = "partial", "Trực tuyến một phần"
        FULL = "full", "Trực tuyến toàn trình"

    code = models.CharField("mã TTHC", max_length=50, unique=True)
    name = models.CharField("tên TTHC", max_length=500)
    level = models.CharField("cấp thực hiện", max_length=10, choices=Level.choices)
    field = models.CharField("lĩnh vực", max_length=200, blank=True)
    online = models.CharField(
        "mức độ trực tuyến", max_length=10, choices=Online.choices, default=Online.NONE
    )
    fee_bearing = models.BooleanField("có phí, lệ phí", default=False)
    units = models.ManyToManyField(
        "units.Unit", verbose_name="đơn vị giải quyết", related_name="procedures", blank=True
    )
    source = models.ForeignKey(
        ProcedureImport,
        verbose_name="lần nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedures",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "danh mục thủ tục hành chính"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SatisfactionRule(models.Model):
    """How a dossier's rating counts as "satisfied" for the 766 satisfaction group.

    The portal's rule on the one-stop system's rating scale is not published: the reform office
    sets it here (one row). Until it is set, that part is not computed from dossiers.
    """

    min_rating = models.PositiveSmallIntegerField(
        "mức đánh giá thấp nhất được coi là hài lòng",
        help_text="Ví dụ 4 trên thang 1–5 của hệ thống một cửa.",
    )
    unrated_satisfied = models.BooleanField(
        "hồ sơ không đánh giá được coi là hài lòng", default=False
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "cách tính hồ sơ hài lòng (QĐ 766)"

    def __str__(self) -> str:
        return f"hài lòng từ mức {self.min_rating}"


class DossierDay(models.Model):
    """Dossier counts per unit × local day of reception × half-month in which they take effect.

    The import keeps it (``daily.refresh``, same transaction as the dossiers); the figures of a
    period ending on a month's last day or on its 14th (a reporting period under Decree
    09/2019 runs from the 15th to the 14th) are sums of these rows (``stats``), not a pass over
    the dossiers. A period's counts depend on its end (a dossier in progress and not yet due
    becomes late when its due date passes), so each dossier adds its static counts in the row
    of its reception half-month and its changes of state (finished; past due; on time again
    when finished) in the row of the half-month they happen, as +1/-1: the period ending on
    the last day of half-month H adds the rows of its days whose ``half`` is on or before H.
    ``on_time`` and ``late_with_apology`` may therefore be negative in a row; their sums never
    are.
    """

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    day = models.DateField("ngày tiếp nhận")
    # The first day of that half-month: the 1st (days 1–14) or the 15th (the 15th to the end).
    half = models.DateField("nửa tháng có hiệu lực")
    received = models.IntegerField(default=0)
    finished = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late_with_apology = models.IntegerField(default=0)
    fully_online = models.IntegerField(default=0)
    fee_required = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    electronic_result = models.IntegerField(default=0)
    digitized = models.IntegerField(default=0)
    reused_data = models.IntegerField(default=0)
    synced_national = models.IntegerField(default=0)
    ratings = models.IntegerField(default=0)
    rating_sum = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "half"], name="dossier_day_key")
        ]
        indexes = [models.Index(fields=["day"], name="dossier_day_day")]
        verbose_name = "số hồ sơ theo ngày"

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} (từ {self.half:%d/%m/%Y})"
