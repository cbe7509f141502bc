"""The one set of metadata every evidence file carries (reports, registers, PAR entries).

A file proves something only as the document it is: its number, date, issuing body, kind, short
title ("trích yếu") and, when only part of it applies, the section or page. ``DocumentMeta`` is
the abstract model the three evidence models share; ``fill_from_name`` pre-fills blank fields
from the file name (``lib/docnumbers.py``) and ``check`` refuses a date in the future or a number
that cannot be right. Reporting sits below par and registers, so both import it from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from parsipas.lib import docnumbers


class DocumentKind(models.TextChoices):
    # The same slugs as lib/docnumbers.KINDS (a test keeps them equal).
    KE_HOACH = "ke-hoach", "Kế hoạch"
    QUYET_DINH = "quyet-dinh", "Quyết định"
    BAO_CAO = "bao-cao", "Báo cáo"
    THONG_BAO = "thong-bao", "Thông báo"
    THONG_BAO_KET_LUAN = "thong-bao-ket-luan", "Thông báo kết luận"
    KET_LUAN = "ket-luan", "Kết luận"
    CONG_VAN = "cong-van", "Công văn"
    NGHI_QUYET = "nghi-quyet", "Nghị quyết"
    NGHI_DINH = "nghi-dinh", "Nghị định"
    THONG_TU = "thong-tu", "Thông tư"
    CHI_THI = "chi-thi", "Chỉ thị"
    TO_TRINH = "to-trinh", "Tờ trình"
    BIEN_BAN = "bien-ban", "Biên bản"
    HUONG_DAN = "huong-dan", "Hướng dẫn"
    CHUONG_TRINH = "chuong-trinh", "Chương trình"
    DE_AN = "de-an", "Đề án"
    PHUONG_AN = "phuong-an", "Phương án"
    QUY_CHE = "quy-che", "Quy chế"
    QUY_DINH = "quy-dinh", "Quy định"
    CONG_DIEN = "cong-dien", "Công điện"
    GIAY_MOI = "giay-moi", "Giấy mời"
    KHAC = "khac", "Văn bản khác"


META_FIELDS = ("doc_number", "doc_date", "doc_issuer", "doc_kind", "doc_title", "doc_section")


class DocumentMeta(models.Model):
    doc_number = models.CharField("số văn bản", max_length=100, blank=True)
    doc_date = models.DateField("ngày văn bản", null=True, blank=True)
    doc_issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    doc_kind = models.CharField(
        "loại văn bản", max_length=40, choices=DocumentKind.choices, blank=True
    )
    doc_title = models.CharField("trích yếu", max_length=300, blank=True)
    doc_section = models.CharField("mục/trang áp dụng", max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def doc_summary(self) -> str:
        return describe(self)


class MetaError(ValueError):
    """Metadata refused, with a Vietnamese message and the field it is about."""

    def __init__(self, message: str, field: str = "doc_number") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Meta:
    """Typed metadata on its way to a model (from a form, the API or a command)."""

    doc_number: str = ""
    doc_date: dt.date | None = None
    doc_issuer: str = ""
    doc_kind: str = ""
    doc_title: str = ""
    doc_section: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> Meta:
        return cls(
            doc_number=(data.get("doc_number") or "").strip(),
            doc_date=data.get("doc_date") or None,
            doc_issuer=(data.get("doc_issuer") or "").strip(),
            doc_kind=(data.get("doc_kind") or "").strip(),
            doc_title=(data.get("doc_title") or "").strip(),
            doc_section=(data.get("doc_section") or "").strip(),
        )


def today() -> dt.date:
    return timezone.localdate()


def check(meta: Meta, on: dt.date | None = None, filename: str = "") -> Meta:
    """The metadata cleaned (number written the standard way), or MetaError naming the file."""
    on = on or today()
    prefix = f"Tệp '{filename}': " if filename else ""
    number = None
    try:
        if meta.doc_number:
            number = docnumbers.check_number(meta.doc_number, on)
    except docnumbers.DocumentNumberError as error:
        raise MetaError(prefix + str(error), "doc_number") from error
    try:
        docnumbers.check_date(meta.doc_date, on, number)
    except docnumbers.DocumentNumberError as error:
        raise MetaError(prefix + str(error), "doc_date") from error
    if meta.doc_kind and meta.doc_kind not in DocumentKind.values:
        raise MetaError(
            prefix + f"Loại văn bản '{meta.doc_kind}' không có trong danh mục.", "doc_kind"
        )
    return Meta(
        doc_number=number.number if number else "",
        doc_date=meta.doc_date,
        doc_issuer=meta.doc_issuer[:200],
        doc_kind=meta.doc_kind,
        doc_title=meta.doc_title[:300],
        doc_section=meta.doc_section[:200],
    )


def fill_from_name(meta: Meta, filename: str) -> Meta:
    """Blank fields taken from what the typed number and the file name say
    ("123_QD-UBND_ke-hoach.pdf"); what the person typed always wins, and a typed number is the
    document (its kind and issuer come from it, not from a name that may cite another)."""
    found = docnumbers.guess(filename)
    typed = docnumbers.find_number(meta.doc_number) if meta.doc_number else None
    number = typed if meta.doc_number else found.number
    kind = found.kind
    if number and not (number.kind == "thong-bao" and kind == "thong-bao-ket-luan"):
        kind = number.kind
    return Meta(
        doc_number=meta.doc_number or (number.number if number else ""),
        doc_date=meta.doc_date or found.issued_on,
        doc_issuer=meta.doc_issuer or (number.issuer if number else ""),
        doc_kind=meta.doc_kind or kind,
        doc_title=meta.doc_title or (found.title if found.number or found.kind else ""),
        doc_section=meta.doc_section,
    )


def prepare(meta: Meta, filename: str, on: dt.date | None = None) -> Meta:
    """What an upload stores: blank fields pre-filled from the name, then checked. A guess from
    the name that would be refused (a future date in a name) is dropped, not an error."""
    checked = check(meta, on, filename)
    filled = fill_from_name(checked, filename)
    try:
        return check(filled, on, filename)
    except MetaError:
        return checked


def prepare_known(meta: Meta, filename: str, on: dt.date | None = None) -> Meta:
    """The same for fields another record already owns and checks by its own rules (a register's
    notice number and date): blanks pre-filled, a number that does not parse kept as written."""
    filled = fill_from_name(meta, filename)
    try:
        return check(filled, on, filename)
    except MetaError:
        return Meta(**{**vars(filled), "doc_number": meta.doc_number[:100]})


def apply(item: DocumentMeta, meta: Meta) -> None:
    for name in META_FIELDS:
        setattr(item, name, getattr(meta, name))


def describe(item: Any) -> str:
    """ "123/QĐ-UBND ngày 15/3/2026 của UBND tỉnh — Kế hoạch …, mục II trang 3"; '' when empty."""
    head = []
    kind_label = DocumentKind(item.doc_kind).label if item.doc_kind in DocumentKind.values else ""
    if item.doc_number:
        head.append(f"{kind_label} số {item.doc_number}" if kind_label else f"Số {item.doc_number}")
    elif kind_label:
        head.append(kind_label)
    if item.doc_date:
        d = item.doc_date
        head.append(f"ngày {d.day}/{d.month}/{d.year}")
    if item.doc_issuer:
        head.append(f"của {item.doc_issuer}")
    text = " ".join(head)
    if item.doc_title:
        text = f"{text} — {item.doc_title}" if text else item.doc_title
    if item.doc_section:
        text = f"{text} ({item.doc_section})" if text else item.doc_section
    return text
