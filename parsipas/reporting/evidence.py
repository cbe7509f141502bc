"""Evidence files (tài liệu kiểm chứng): what a file really is, and where it is kept.

The type comes from the content's first bytes, never from the name: a renamed .exe is refused.
Files are stored once per content under MEDIA_ROOT/evidence/<sha256[:2]>/<sha256>.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

MAX_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"

LABELS = {
    PDF: "PDF",
    PNG: "Ảnh PNG",
    JPEG: "Ảnh JPEG",
    GIF: "Ảnh GIF",
    WEBP: "Ảnh WEBP",
    DOCX: "Word",
    XLSX: "Excel",
    PPTX: "PowerPoint",
    DOC: "Word (.doc)",
    XLS: "Excel (.xls)",
    PPT: "PowerPoint (.ppt)",
}
EXTENSIONS = {
    PDF: "pdf",
    PNG: "png",
    JPEG: "jpg",
    GIF: "gif",
    WEBP: "webp",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
    DOC: "doc",
    XLS: "xls",
    PPT: "ppt",
}
ACCEPTED_TEXT = "PDF, Word, Excel, PowerPoint hoặc ảnh (PNG, JPEG, GIF, WEBP), tối đa 20 MB mỗi tệp"

# Shown inside the page (the type is checked from the content, so a browser renders only these).
INLINE = {PDF: "pdf", PNG: "image", JPEG: "image", GIF: "image", WEBP: "image"}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class EvidenceError(ValueError):
    """A refused file, with a Vietnamese message naming it."""


def _ole_kind(stream: BinaryIO) -> str | None:
    """.doc/.xls/.ppt: the compound file's directory names its main stream (UTF-16LE)."""
    stream.seek(0)
    data = stream.read(MAX_BYTES + 1)
    for name, kind in (
        ("WordDocument", DOC),
        ("Workbook", XLS),
        ("Book", XLS),
        ("PowerPoint Document", PPT),
    ):
        if name.encode("utf-16-le") in data:
            return kind
    return None


def _ooxml_kind(stream: BinaryIO) -> str | None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
        if any(n.startswith(prefix) for n in names):
            return kind
    return None


def detect_type(stream: BinaryIO) -> str | None:
    """The MIME type of an accepted evidence file, from its content; None if not accepted."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    kind: str | None = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        kind = GIF
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(b"PK\x03\x04"):
        kind = _ooxml_kind(stream)
    elif head.startswith(OLE2_MAGIC):
        kind = _ole_kind(stream)
    stream.seek(0)
    return kind


def size_of(stream: BinaryIO) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def sha256_of(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def check(stream: BinaryIO, filename: str) -> CheckedFile:
    """Check size and type; raises EvidenceError with a message naming the file."""
    size = size_of(stream)
    if size == 0:
        raise EvidenceError(f"Tệp '{filename}' rỗng.")
    if size > MAX_BYTES:
        raise EvidenceError(
            f"Tệp '{filename}' quá lớn ({size / 1024 / 1024:.1f} MB); mỗi tệp tối đa 20 MB."
        )
    kind = detect_type(stream)
    if kind is None:
        raise EvidenceError(
            f"Tệp '{filename}' không phải loại được chấp nhận (nội dung tệp không phải {ACCEPTED_TEXT})."
        )
    return CheckedFile(kind, size, sha256_of(stream))


def storage_name(sha256: str) -> str:
    return f"evidence/{sha256[:2]}/{sha256}"


def safe_name(name: str) -> str:
    """The person's file name without folders, control characters or leading dots: what is kept
    and shown, and what a download is named (never a path like '../../x' or a header break)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    return name or "tai-lieu"


def download_name(original_name: str, content_type: str) -> str:
    """Keep the person's file name, with the extension that matches the real content (an upload
    named evil.html that is really a PDF downloads as evil.pdf)."""
    ext = EXTENSIONS.get(content_type, "bin")
    name = safe_name(original_name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem.strip(' .') or 'tai-lieu'}.{ext}"


def is_inline_type(content_type: str) -> bool:
    """PDFs and images may open in the browser; everything else downloads as an attachment."""
    return content_type in (PDF, PNG, JPEG, GIF, WEBP)
