"""The dossier's ZIP: one folder per leaf criterion in framework order, the evidence files under
readable names, "00_Danh mục tài liệu kiểm chứng.xlsx" (the index) and "00_Báo cáo tự đánh
giá.docx" (the Word report).

Written by `zipfile` into a file on disk, each evidence file copied from storage in chunks, so a
large dossier is never whole in memory; `progress(done, total)` is called after every file.
The caller decides what the snapshot holds (`access.for_user`)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from parsipas.lib import xlsx
from parsipas.par.dossier import names
from parsipas.par.dossier.assembly import leaves
from parsipas.reporting.evidence import EXTENSIONS

INDEX_NAME = "00_Danh mục tài liệu kiểm chứng.xlsx"
REPORT_NAME = "00_Báo cáo tự đánh giá.docx"
CHUNK = 1024 * 1024
INDEX_HEADERS = [
    "STT",
    "Mã tiêu chí",
    "Tên tiêu chí",
    "Điểm tối đa",
    "Điểm tự đánh giá",
    "Nguồn điểm",
    "Giải trình",
    "Số văn bản",
    "Ngày văn bản",
    "Cơ quan ban hành",
    "Loại văn bản",
    "Trích yếu",
    "Phần, trang áp dụng",
    "Nguồn tài liệu",
    "Đường dẫn trong tệp ZIP",
]


def plan_paths(snapshot: dict[str, Any]) -> None:
    """Give every criterion its folder and every file its path in the ZIP (in place)."""
    for position, row in enumerate(leaves(snapshot), start=1):
        row["folder"] = names.folder(position, row["code"], row["title"])
        unique = names.Unique()
        for item in row["evidence"]:
            if item.get("excluded") or not item.get("has_file"):
                item["path"] = ""
                continue
            ext = EXTENSIONS.get(item.get("content_type", ""), "bin")
            name = names.document(
                row["code"],
                item.get("doc_number", ""),
                item.get("doc_title", ""),
                item.get("name", "").rsplit(".", 1)[0],
                ext,
            )
            item["path"] = f"{row['folder']}/{unique.take(name)}"


def file_count(snapshot: dict[str, Any]) -> int:
    return sum(1 for row in leaves(snapshot) for i in row["evidence"] if i.get("path"))


def _date(iso: str) -> str:
    if not iso:
        return ""
    y, m, d = iso[:10].split("-")
    return f"{d}/{m}/{y}"


def _num(value: str | None) -> float | None:
    return None if value is None else float(Decimal(value))


def _no_path(item: dict[str, Any]) -> str:
    if item.get("lost"):
        return "(tệp không còn trên máy chủ)"
    return "" if item.get("has_file") else "(văn bản trích dẫn, không kèm tệp)"


def index_workbook(snapshot: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Danh mục"
    sheet.append(
        [f"Danh mục tài liệu kiểm chứng — {snapshot['framework_title']} năm {snapshot['year']}"]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(INDEX_HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    n = 0
    for row in snapshot["criteria"]:
        base = [row["code"], row["title"], _num(row["max"]), _num(row["score"])]
        if row["is_group"]:
            sheet.append(["", *base, "", "", "", "", "", "", "", "", "", ""])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            continue
        head = [*base, row.get("source_label", ""), row.get("explanation", "")]
        docs = [i for i in row["evidence"] if not i.get("excluded")]
        if not docs:
            n += 1
            sheet.append(
                [
                    n,
                    *head,
                    "",
                    "",
                    "",
                    "",
                    "(chưa có tài liệu kiểm chứng)",
                    "",
                    "",
                    row.get("folder", ""),
                ]
            )
        for item in docs:
            n += 1
            sheet.append(
                [
                    n,
                    *head,
                    item.get("doc_number", ""),
                    _date(item.get("doc_date", "")),
                    item.get("doc_issuer", ""),
                    item.get("doc_kind", ""),
                    item.get("doc_title", "") or item.get("name", ""),
                    item.get("doc_section", ""),
                    item.get("origin", ""),
                    item.get("path") or _no_path(item),
                ]
            )
    widths = [6, 10, 40, 9, 10, 18, 30, 18, 12, 24, 14, 40, 16, 30, 50]
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A3"
    return xlsx.workbook_bytes(book)


def write_zip(
    snapshot: dict[str, Any],
    out: IO[bytes],
    open_file: Callable[[str], IO[bytes]],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the ZIP into `out` (a file). Returns the number of evidence files written.

    `open_file(storage_name)` opens one stored file for reading (Django's storage in the app)."""
    from parsipas.par.dossier import word

    plan_paths(snapshot)
    total = file_count(snapshot)
    done = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for row in leaves(snapshot):
            zf.writestr(zipfile.ZipInfo(row["folder"] + "/"), b"")
            for item in row["evidence"]:
                if not item.get("path"):
                    continue
                try:
                    source = open_file(item["storage"])
                except OSError:
                    # deleted from storage since it was filed: the index says so
                    item["path"], item["lost"] = "", True
                else:
                    with source, zf.open(item["path"], "w") as target:
                        shutil.copyfileobj(source, target, CHUNK)
                done += 1
                if progress:
                    progress(done, total)
        # written last, so that they name only the files really in the ZIP
        zf.writestr(INDEX_NAME, index_workbook(snapshot))
        zf.writestr(REPORT_NAME, word.build(snapshot))
    return done
