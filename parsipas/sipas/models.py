"""Survey instruments, responses and their answers, desks, targets and the sample frame.

Answers are stored normalised, one row per (response, question, chosen value), and each row
carries copies of what the index queries filter and group on — the unit, the month of
submission and whether the response currently counts. One covering index then serves the
aggregate "COUNT per unit × question × value" without a join, in a single streaming pass,
on SQLite as on PostgreSQL (about 0.8 s for 200,000 responses on SQLite). A JSON document
per response would need every document parsed in Python for each figure (or JSON functions
that differ between the two databases).

A response is never edited: the public form, paper entry and import create it with its
answers; afterwards only its review status (valid / flagged / excluded, with the reason)
changes, through `parsipas.sipas.review`, which also updates the answers' `counted` copy
and writes the audit trail.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from parsipas.sipas.indices import Rule


class Scale(models.Model):
    """An answer scale: the choices a question offers (values and their Vietnamese labels)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên thang đo", max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = "thang đo"
        verbose_name_plural = "thang đo"

    def __str__(self) -> str:
        return self.name


class ScaleChoice(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="choices")
    value = models.SmallIntegerField(
        "giá trị",
        help_text="Với câu hỏi hài lòng: 1–5; 0 là 'không ý kiến' (không tính vào chỉ số).",
    )
    label = models.CharField("nhãn", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["scale", "order", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="sipas_choice_unique_value")
        ]
        verbose_name = "lựa chọn"
        verbose_name_plural = "lựa chọn"

    def __str__(self) -> str:
        return f"{self.value} — {self.label}"


class InstrumentQuerySet(models.QuerySet["Instrument"]):
    def current(self) -> Instrument | None:
        return self.filter(is_current=True).first()


class Instrument(models.Model):
    """A questionnaire: its elements, questions, respondent questions and index rule."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên bộ câu hỏi", max_length=200)
    intro = models.TextField(
        "lời mở đầu", blank=True, help_text="Hiện ở đầu phiếu khảo sát công khai."
    )
    thanks = models.CharField(
        "lời cảm ơn", max_length=300, default="Cảm ơn Ông/Bà đã dành thời gian góp ý cho chúng tôi."
    )
    is_current = models.BooleanField(
        "đang dùng",
        default=False,
        help_text="Phiếu công khai dùng bộ câu hỏi đang dùng (chỉ một bộ).",
    )
    scale_max = models.PositiveSmallIntegerField(
        "điểm cao nhất của thang hài lòng",
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
    )
    satisfied_from = models.PositiveSmallIntegerField(
        "tính là hài lòng từ mức",
        default=4,
        help_text="Câu trả lời từ mức này trở lên được tính là hài lòng (mặc định 4 = hài lòng, 5 = rất hài lòng).",
    )
    ask_age_group = models.BooleanField("hỏi nhóm tuổi", default=True)
    ask_sex = models.BooleanField("hỏi giới tính", default=True)
    ask_respondent_type = models.BooleanField("hỏi người dân hay tổ chức", default=True)
    ask_procedure = models.BooleanField("hỏi thủ tục đã thực hiện", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["-is_current", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="sipas_one_current_instrument",
            ),
            models.CheckConstraint(
                condition=Q(satisfied_from__gte=1) & Q(satisfied_from__lte=models.F("scale_max")),
                name="sipas_threshold_on_scale",
            ),
        ]
        verbose_name = "bộ câu hỏi"
        verbose_name_plural = "bộ câu hỏi"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.satisfied_from
            and self.scale_max
            and not 1 <= self.satisfied_from <= self.scale_max
        ):
            raise ValidationError({"satisfied_from": "Mức hài lòng phải nằm trong thang đo."})

    def rule(self) -> Rule:
        weights = {e.code: Fraction(e.weight) for e in self.elements.all()}
        return Rule.with_threshold(self.scale_max, self.satisfied_from, weights=weights)


class Element(models.Model):
    """One of the things satisfaction is measured on (E1 access … E5 feedback handling)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(
        "mã",
        max_length=10,
        help_text="Ví dụ E1. Mã giống nhau giữa các bộ câu hỏi được gộp khi tính chỉ số.",
    )
    name = models.CharField("tên yếu tố", max_length=200)
    short_name = models.CharField("tên ngắn", max_length=60, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    weight = models.DecimalField(
        "trọng số",
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Chỉ số SIPAS là trung bình có trọng số của các yếu tố; mặc định mọi trọng số bằng 1 (trung bình cộng). 0 = chỉ hiển thị, không tính.",
    )

    class Meta:
        ordering = ["instrument", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="sipas_element_unique_code")
        ]
        verbose_name = "yếu tố"
        verbose_name_plural = "yếu tố"

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def label(self) -> str:
        return self.short_name or self.name


class QuestionKind(models.TextChoices):
    PERCEPTION = "perception", "Nhận thức (ghi nhận thực tế)"
    SATISFACTION = "satisfaction", "Mức độ hài lòng"
    EXPECTATION = "expectation", "Mong đợi (cần cải thiện)"


class Question(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    element = models.ForeignKey(
        Element,
        verbose_name="yếu tố",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    code = models.CharField(
        "mã", max_length=20, help_text="Câu hỏi hài lòng: E<k>.<n>, ví dụ E1.1."
    )
    kind = models.CharField(
        "loại", max_length=12, choices=QuestionKind.choices, default=QuestionKind.SATISFACTION
    )
    text = models.CharField("nội dung câu hỏi", max_length=400)
    help = models.CharField("gợi ý", max_length=300, blank=True)
    scale = models.ForeignKey(
        Scale,
        verbose_name="thang đo / lựa chọn",
        on_delete=models.PROTECT,
        related_name="questions",
    )
    max_choices = models.PositiveSmallIntegerField(
        "số lựa chọn tối đa",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="1 = chọn một; lớn hơn 1 cho câu hỏi được chọn nhiều đáp án (chỉ với câu nhận thức, mong đợi).",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang hỏi", default=True)
    show_if = models.CharField(
        "chỉ hỏi khi",
        max_length=100,
        blank=True,
        help_text="Ví dụ P4=3: chỉ hỏi khi ở câu P4 người trả lời chọn giá trị 3 (nhiều giá trị: P4=3,4). Để trống: luôn hỏi. Câu bị bỏ qua không được lưu.",
    )

    class Meta:
        ordering = ["instrument", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="sipas_question_unique_code"
            )
        ]
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == QuestionKind.SATISFACTION:
            if not self.element_id:
                errors["element"] = "Câu hỏi hài lòng phải thuộc một yếu tố."
            if self.max_choices != 1:
                errors["max_choices"] = "Câu hỏi hài lòng chỉ chọn một mức."
        if (
            self.element is not None
            and self.instrument_id
            and self.element is not None
            and self.element.instrument_id != self.instrument_id
        ):
            errors["element"] = "Yếu tố thuộc bộ câu hỏi khác."
        if errors:
            raise ValidationError(errors)

    @property
    def multiple(self) -> bool:
        return self.max_choices > 1


class Desk(models.Model):
    """A one-stop desk (quầy) of a unit: has its own printable QR code."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="sipas_desks"
    )
    code = models.SlugField("mã quầy", max_length=40)
    name = models.CharField(
        "tên quầy", max_length=200, help_text="Ví dụ: Quầy số 3 — Lĩnh vực đất đai."
    )
    location = models.CharField("địa điểm", max_length=300, blank=True)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["unit", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="sipas_desk_unique_code")
        ]
        verbose_name = "quầy một cửa"
        verbose_name_plural = "quầy một cửa"

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Channel(models.TextChoices):
    WEB = "web", "Trực tuyến"
    QR = "qr", "Mã QR tại quầy"
    KIOSK = "kiosk", "Máy kiosk"
    PAPER = "paper", "Phiếu giấy (cán bộ nhập)"
    IMPORT = "import", "Nhập từ tệp"


class Status(models.TextChoices):
    VALID = "valid", "Hợp lệ"
    FLAGGED = "flagged", "Chờ xem xét"
    EXCLUDED = "excluded", "Đã loại"


class AgeGroup(models.TextChoices):
    UNDER_25 = "u25", "Dưới 25 tuổi"
    FROM_25 = "25-39", "Từ 25 đến 39 tuổi"
    FROM_40 = "40-59", "Từ 40 đến 59 tuổi"
    FROM_60 = "60+", "Từ 60 tuổi trở lên"


class Sex(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"
    OTHER = "khac", "Khác"


class RespondentType(models.TextChoices):
    CITIZEN = "citizen", "Người dân"
    ORGANISATION = "organisation", "Tổ chức, doanh nghiệp"


class ImportBatch(models.Model):
    """One file of responses imported at once (all rows or none)."""

    filename = models.CharField("tệp", max_length=255)
    source = models.CharField(
        "nguồn", max_length=200, blank=True, help_text="Ví dụ: xuất từ công cụ khảo sát khác."
    )
    rows = models.PositiveIntegerField("số phiếu", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lần nhập phiếu"
        verbose_name_plural = "lần nhập phiếu"

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows} phiếu)"


class ImmutableResponse(Exception):
    """Raised when code tries to change a response other than through its review."""


REVIEW_FIELDS = frozenset({"status", "flags", "reviewed_by", "reviewed_at", "review_note"})


class Response(models.Model):
    """One filled-in questionnaire. No personal data: the respondent questions are optional
    and the client is kept only as a keyed hash that changes every day."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="sipas_responses",
    )
    desk = models.ForeignKey(
        Desk,
        verbose_name="quầy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
    )
    submitted_at = models.DateTimeField("thời điểm trả lời")
    month = models.PositiveIntegerField("tháng (YYYYMM)", db_index=True)
    channel = models.CharField("kênh", max_length=8, choices=Channel.choices)
    status = models.CharField(
        "trạng thái", max_length=8, choices=Status.choices, default=Status.VALID
    )
    flags = models.CharField("dấu hiệu bất thường", max_length=300, blank=True)
    age_group = models.CharField("nhóm tuổi", max_length=6, choices=AgeGroup.choices, blank=True)
    sex = models.CharField("giới tính", max_length=4, choices=Sex.choices, blank=True)
    respondent_type = models.CharField(
        "người trả lời", max_length=12, choices=RespondentType.choices, blank=True
    )
    procedure = models.CharField("thủ tục đã thực hiện", max_length=200, blank=True)
    comment = models.TextField("góp ý thêm", blank=True, max_length=1000)
    fill_seconds = models.PositiveIntegerField("thời gian điền (giây)", null=True, blank=True)
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper_number = models.CharField("số phiếu giấy", max_length=40, blank=True)
    external_id = models.CharField("mã phiếu ở nguồn", max_length=100, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xem xét",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("thời điểm xem xét", null=True, blank=True)
    review_note = models.CharField("lý do", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["status", "month", "unit"], name="sipas_response_scope")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "paper_number"],
                condition=~Q(paper_number=""),
                name="sipas_unique_paper_number",
            ),
            models.UniqueConstraint(
                fields=["unit", "external_id"],
                condition=~Q(external_id=""),
                name="sipas_unique_external_id",
            ),
        ]
        verbose_name = "phiếu khảo sát"
        verbose_name_plural = "phiếu khảo sát"

    def __str__(self) -> str:
        return f"Phiếu #{self.pk} · {self.unit}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= REVIEW_FIELDS:
                raise ImmutableResponse(
                    "Phiếu khảo sát không được sửa; chỉ có thể loại phiếu kèm lý do."
                )
        super().save(*args, **kwargs)

    @property
    def flag_list(self) -> list[str]:
        return [f for f in self.flags.split(",") if f]


class Answer(models.Model):
    """One chosen value of one question in one response (several rows for a multi-choice)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField()
    # Copies of the response's unit, month and "counts" state, for the index query (see above).
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    month = models.PositiveIntegerField()
    counted = models.BooleanField()
    # An answer to a satisfaction question: the only answers the indices read. It comes second
    # in the index so the index query scans them alone (a question's kind is locked once answered).
    scored = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "value"], name="sipas_answer_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["counted", "scored", "unit", "question", "value", "month"],
                name="sipas_answer_tally_scored",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableResponse("Câu trả lời không được sửa.")
        super().save(*args, **kwargs)


DEFAULT_TARGET = Decimal("80")


class SipasTarget(models.Model):
    """The province's target for a year, for SIPAS or one element (default 80 % when unset)."""

    year = models.PositiveSmallIntegerField("năm")
    element = models.CharField("chỉ số", max_length=10, help_text="SIPAS hoặc mã yếu tố (E1 … E5).")
    pct = models.DecimalField(
        "mục tiêu (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    note = models.CharField("căn cứ", max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "element"]
        constraints = [
            models.UniqueConstraint(fields=["year", "element"], name="sipas_target_unique")
        ]
        verbose_name = "mục tiêu SIPAS"
        verbose_name_plural = "mục tiêu SIPAS"

    def __str__(self) -> str:
        return f"{self.year} {self.element}: {self.pct}%"


class SampleFrame(models.Model):
    """How many dossiers a unit handled in a year: the N of the sample-size planner."""

    year = models.PositiveSmallIntegerField("năm")
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    dossiers = models.PositiveIntegerField("số hồ sơ đã giải quyết (N)")

    class Meta:
        ordering = ["-year", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="sipas_sample_frame_unique")
        ]
        verbose_name = "số hồ sơ (cỡ mẫu)"
        verbose_name_plural = "số hồ sơ (cỡ mẫu)"
