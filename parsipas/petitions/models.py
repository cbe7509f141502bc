"""Citizens' feedback and petitions (phản ánh, kiến nghị) and the leaders' dialogues (1.7).

A petition's personal data (name, phone, email) is visible only to the handling unit, its
overseers (Văn phòng UBND tỉnh) and admins; after the retention period it is erased and the
erasure audited. Every change goes through `petitions.handling` (the write side).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from parsipas.units.models import Unit


class State(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận"
    CLASSIFIED = "classified", "Đã phân loại, đang xử lý"
    INFO = "info", "Đề nghị bổ sung thông tin"
    REFUSED = "refused", "Từ chối tiếp nhận"
    HANDLED = "handled", "Đã có văn bản trả lời"
    PUBLISHED = "published", "Đã công khai kết quả"


OPEN_STATES = (State.RECEIVED, State.CLASSIFIED, State.INFO)


class Channel(models.TextChoices):
    WEB = "web", "Cổng phản ánh trực tuyến"
    PHONE = "phone", "Điện thoại"
    PAPER = "paper", "Văn bản giấy, trực tiếp"
    PORTAL = "portal", "Cổng Dịch vụ công quốc gia"
    EMAIL = "email", "Thư điện tử"


class Subject(models.TextChoices):
    PROCEDURE = "procedure", "Về thủ tục hành chính"
    CONDUCT = "conduct", "Về hành vi, thái độ của cán bộ, công chức"
    OTHER = "other", "Nội dung khác"


class Petition(models.Model):
    code = models.CharField("mã tra cứu", max_length=20, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị xử lý", on_delete=models.PROTECT, related_name="petitions"
    )
    channel = models.CharField("kênh tiếp nhận", max_length=8, choices=Channel.choices)
    procedure = models.CharField("thủ tục hành chính", max_length=300, blank=True)
    content = models.TextField("nội dung phản ánh, kiến nghị", max_length=5000)
    received_on = models.DateField("ngày tiếp nhận")
    clock_start = models.DateField("thời hạn tính từ")  # receipt or the latest forwarding
    state = models.CharField(
        "tình trạng", max_length=10, choices=State.choices, default=State.RECEIVED
    )
    subject = models.CharField("phân loại", max_length=10, choices=Subject.choices, blank=True)
    in_scope = models.BooleanField("thuộc thẩm quyền", null=True)
    refused_on = models.DateField("ngày từ chối", null=True, blank=True)
    refusal_reason = models.TextField("lý do từ chối", blank=True)
    info_requested_on = models.DateField("ngày đề nghị bổ sung", null=True, blank=True)
    info_request = models.TextField("nội dung đề nghị bổ sung", blank=True)
    handled_on = models.DateField("ngày có văn bản trả lời", null=True, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    answer_doc_number = models.CharField("số văn bản trả lời", max_length=100, blank=True)
    answer_file = models.FileField("văn bản trả lời (đã ký)", upload_to="petitions/", blank=True)
    published_on = models.DateField("ngày công khai", null=True, blank=True)
    # The petitioner, and how to reply. Erased after the retention period.
    sender_name = models.CharField("họ tên người phản ánh", max_length=200, blank=True)
    sender_phone = models.CharField("số điện thoại", max_length=30, blank=True)
    sender_email = models.EmailField("thư điện tử", blank=True)
    personal_erased_at = models.DateTimeField("đã xóa dữ liệu cá nhân lúc", null=True, blank=True)
    rating = models.BooleanField("hài lòng với kết quả xử lý", null=True)
    rating_comment = models.TextField("ý kiến về kết quả xử lý", blank=True, max_length=2000)
    rated_at = models.DateTimeField(null=True, blank=True)
    client_hash = models.CharField(max_length=64, blank=True)  # keyed daily hash, never the address
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        indexes = [models.Index(fields=["unit", "received_on"])]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_answered(self) -> bool:
        return self.state in (State.HANDLED, State.PUBLISHED)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"petitions/{instance.petition.code}/{instance.sha256}"


class Attachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "tệp đính kèm phản ánh"
        verbose_name_plural = "tệp đính kèm phản ánh"


class Event(models.Model):
    """One dated step of a petition's handling, as the tracking page and the audit show it."""

    class Action(models.TextChoices):
        RECEIVED = "received", "Tiếp nhận"
        CLASSIFIED = "classified", "Phân loại"
        FORWARDED = "forwarded", "Chuyển đơn vị khác xử lý"
        INFO = "info", "Đề nghị bổ sung thông tin"
        REFUSED = "refused", "Từ chối tiếp nhận"
        HANDLED = "handled", "Trả lời"
        PUBLISHED = "published", "Công khai kết quả"
        RATED = "rated", "Người phản ánh đánh giá"
        ERASED = "erased", "Xóa dữ liệu cá nhân hết thời hạn lưu"

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    on = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Dialogue(models.Model):
    """A dialogue or forum of the province's leaders with citizens and businesses (1.7)."""

    class Format(models.TextChoices):
        MEETING = "meeting", "Hội nghị đối thoại trực tiếp"
        ONLINE = "online", "Trực tuyến"
        FORUM = "forum", "Diễn đàn"

    year = models.PositiveSmallIntegerField("năm")
    held_on = models.DateField("ngày tổ chức")
    title = models.CharField("tên cuộc đối thoại", max_length=300)
    chair = models.CharField("chủ trì", max_length=200)
    participants = models.CharField("thành phần tham dự", max_length=500, blank=True)
    format = models.CharField("hình thức", max_length=8, choices=Format.choices)
    minutes_number = models.CharField("số biên bản, thông báo kết luận", max_length=100, blank=True)
    minutes_file = models.FileField("biên bản (tệp)", upload_to="dialogues/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "cuộc đối thoại"
        verbose_name_plural = "cuộc đối thoại"

    def __str__(self) -> str:
        return self.title


class Proposal(models.Model):
    """A proposal or question raised at a dialogue, assigned to a unit to answer."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="proposals")
    raised_by = models.CharField("người, tổ chức nêu", max_length=300)
    content = models.TextField("nội dung đề xuất, kiến nghị", max_length=5000)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị trả lời", on_delete=models.PROTECT, related_name="proposals"
    )
    due_on = models.DateField("hạn trả lời")
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    answer_doc_number = models.CharField("số văn bản trả lời", max_length=100, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "đề xuất, kiến nghị tại đối thoại"
        verbose_name_plural = "đề xuất, kiến nghị tại đối thoại"

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    def late(self, today: dt.date) -> bool:
        return (self.answered_on or today) > self.due_on
