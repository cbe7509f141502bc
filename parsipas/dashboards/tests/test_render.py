"""The Word report and the Excel appendix as LibreOffice prints them: no text over other text,
page numbers in the Word file. Skipped where LibreOffice or poppler is missing (CI installs
both from Debian)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command

from parsipas.reporting.models import Report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (SOFFICE and shutil.which("pdftotext")),
        reason="LibreOffice hoặc poppler-utils (pdftotext) không có trên máy",
    ),
]
Box = tuple[float, float, float, float]


def _pdf(source: Path) -> Path:
    assert SOFFICE, "LibreOffice is needed to render"
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
        env={"HOME": str(source.parent), "PATH": "/usr/bin:/bin"},
    )
    return source.with_suffix(".pdf")


def _pages(pdf: Path) -> list[list[tuple[Box, str]]]:
    """Each page's text lines with their boxes (poppler's -bbox-layout)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in xml.split("<page ")[1:]:
        lines = []
        for m in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
            page,
            re.S,
        ):
            words = " ".join(unescape(w) for w in re.findall(r">([^<]+)</word>", m.group(5)))
            lines.append(((float(m[1]), float(m[2]), float(m[3]), float(m[4])), words))
        pages.append(lines)
    return pages


def _overlaps(lines: list[tuple[Box, str]]) -> list[tuple[str, str]]:
    """Pairs of lines whose boxes cross by more than a third of the smaller line's height."""
    found = []
    for i, ((ax0, ay0, ax1, ay1), a) in enumerate(lines):
        for (bx0, by0, bx1, by1), b in lines[i + 1 :]:
            dx = min(ax1, bx1) - max(ax0, bx0)
            dy = min(ay1, by1) - max(ay0, by0)
            if dx > 1 and dy > min(ay1 - ay0, by1 - by0) / 3:
                found.append((a, b))
    return found


def _write(world, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"bao-cao.{fmt}"
    call_command(
        "report", "--year", str(world.plan.year), "--period", "Q1", "--format", fmt, "-o", str(out)
    )
    return out


def test_the_word_report_prints_without_overlaps_and_with_page_numbers(world, tmp_path) -> None:
    Report.objects.filter(period=world.periods["Q1"]).exclude(workflow="draft").update(
        difficulties="Thiếu kinh phí số hóa hồ sơ.", proposals="Đề nghị bổ sung biên chế."
    )
    pdf = _pdf(_write(world, tmp_path, "docx"))  # also: LibreOffice opens the report at all
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    pages = _pages(pdf)
    assert len(pages) >= 2
    for number, lines in enumerate(pages, start=1):
        assert not _overlaps(lines), (number, _overlaps(lines)[:3])
    # Page 2 onwards: its number centred in the top margin.
    for number, lines in enumerate(pages[1:], start=2):
        top = min(lines, key=lambda line: line[0][1])
        assert top[1].strip() == str(number), (number, top)
    text = " ".join(" ".join(t for lines in pages for _, t in lines).split())
    assert "Thiếu kinh phí số hóa hồ sơ (" in text and "Đề nghị bổ sung biên chế (" in text


def test_the_excel_appendix_prints_without_overlaps_one_page_wide(world, tmp_path) -> None:
    pages = _pages(_pdf(_write(world, tmp_path, "xlsx")))
    for number, lines in enumerate(pages, start=1):
        assert not _overlaps(lines), (number, _overlaps(lines)[:3])
    text = "\n".join(t for lines in pages for _, t in lines)
    # The widest column, the targets, is on the same page as the first: one page wide.
    first = " ".join(t for _, t in pages[0])
    assert "Chỉ tiêu" in first and "Đánh giá" in first
    assert "Trang 1 /" in text
