"""The type of an evidence file comes from its content, never from its name."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsipas.reporting import evidence as files


def _zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return out.getvalue()


def _ole(stream_name: str) -> bytes:
    return files.OLE2_MAGIC + b"\x00" * 500 + stream_name.encode("utf-16-le") + b"\x00" * 100


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", files.PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, files.PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, files.JPEG),
        (b"GIF89a" + b"\x00" * 20, files.GIF),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", files.WEBP),
        (_zip(["[Content_Types].xml", "word/document.xml"]), files.DOCX),
        (_zip(["[Content_Types].xml", "xl/workbook.xml"]), files.XLSX),
        (_zip(["[Content_Types].xml", "ppt/presentation.xml"]), files.PPTX),
        (_ole("WordDocument"), files.DOC),
        (_ole("Workbook"), files.XLS),
    ],
)
def test_accepted_types_are_recognised_from_their_bytes(content: bytes, expected: str) -> None:
    assert files.detect_type(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 an exe renamed .pdf",
        b"<html><script>",
        _zip(["a.txt"]),
        _ole("Something"),
        b"plain text",
    ],
)
def test_anything_else_is_refused_naming_the_file(content: bytes) -> None:
    with pytest.raises(files.EvidenceError, match="bao-cao.pdf"):
        files.check(io.BytesIO(content), "bao-cao.pdf")


def test_files_over_20_mb_are_refused() -> None:
    big = io.BytesIO(b"%PDF-1.4" + b"\x00" * (files.MAX_BYTES + 1))
    with pytest.raises(files.EvidenceError, match="quá lớn"):
        files.check(big, "lon.pdf")


def test_the_download_name_keeps_the_real_extension() -> None:
    assert files.download_name("Kế hoạch.exe", files.PDF) == "Kế hoạch.pdf"
