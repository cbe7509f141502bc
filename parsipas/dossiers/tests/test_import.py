"""Importing an export: upsert on the dossier code, all-or-nothing, every problem named."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from parsipas.audit.models import AuditEntry
from parsipas.dossiers.ingest.headers import header_map
from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.models import Dossier, DossierImport
from parsipas.dossiers.tests.helpers import csv_bytes
from parsipas.lib.tabular import ImportRefused
from parsipas.units.models import Unit

GOOD = [
    {"code": "A-1", "unit": "stp", "received": "02/03/2026 08:00:00", "due": "05/03/2026 17:00:00",
     "finished": "04/03/2026 09:00:00", "channel": "Trực tuyến", "fully_online": "1", "fee": "1",
     "paid_online": "1", "rating": "5"},
    {"code": "A-2", "unit": "snv", "received": "03/03/2026 08:00:00", "due": "04/03/2026",
     "finished": "", "supplements": "2"},
]  # fmt: skip


def run(data: bytes, name: str = "hs.csv", **kw: Any):
    return import_dossiers(io.BytesIO(data), name, **kw)


def refused(data: bytes, name: str = "hs.csv") -> list[str]:
    with pytest.raises(ImportRefused) as raised:
        run(data, name)
    return raised.value.errors


def test_an_export_is_imported_with_every_field(registry):
    result = run(csv_bytes(GOOD))
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    first = Dossier.objects.get(code="A-1")
    assert first.unit.code == "stp"
    assert timezone.localtime(first.received).replace(tzinfo=None) == datetime(2026, 3, 2, 8, 0)
    assert (first.channel, first.fully_online, first.fee_required, first.paid_online) == (
        "truc_tuyen", True, True, True,
    )  # fmt: skip
    assert first.rating == 5 and first.line == 2 and first.batch == result.batch
    second = Dossier.objects.get(code="A-2")
    assert second.finished is None and second.supplement_requests == 2
    # A due date without a time lasts the whole day.
    assert timezone.localtime(second.due).time().hour == 23


def test_importing_again_updates_dossiers_by_code(registry):
    run(csv_bytes(GOOD))
    changed = [
        dict(GOOD[1], finished="04/03/2026 10:00:00", apology="1"),
        {**GOOD[0], "code": "A-3"},
    ]
    result = run(csv_bytes(changed), "lan-2.csv")
    assert (result.created, result.updated) == (1, 1)
    assert Dossier.objects.count() == 3
    updated = Dossier.objects.get(code="A-2")
    assert updated.finished is not None and updated.apology_sent
    assert updated.batch.file_name == "lan-2.csv"


def test_a_malformed_file_changes_nothing_and_names_every_bad_row(registry):
    run(csv_bytes(GOOD))
    before = list(Dossier.objects.order_by("code").values())
    bad = [
        {**GOOD[0], "code": "B-1", "finished": "31/02/2026 09:00:00"},
        {**GOOD[0], "code": "A-2", "finished": "01/04/2026"},  # fine, an update
        {**GOOD[0], "code": "B-3", "channel": "fax"},
        {**GOOD[0], "code": "B-4", "due": "01/03/2026 08:00:00"},
    ]
    errors = refused(csv_bytes(bad))
    assert errors == [
        "Dòng 2, cột 'Ngày hoàn thành': '31/02/2026 09:00:00' không phải ngày hợp lệ (dd/mm/yyyy)",
        "Dòng 4, cột 'Kênh nộp': 'fax' không phải kênh nộp hợp lệ (trực tiếp, trực tuyến, bưu chính)",
        "Dòng 5, cột 'Ngày hẹn trả': '01/03/2026 08:00:00' trước ngày tiếp nhận '02/03/2026 08:00:00'",
    ]
    assert list(Dossier.objects.order_by("code").values()) == before
    assert DossierImport.objects.count() == 1


def test_unknown_units_are_listed_with_the_rows_where_they_appear(registry):
    rows = [
        {**GOOD[0], "code": f"U-{n}", "unit": "so-khong-co" if n % 2 else "stp"} for n in range(16)
    ]
    rows.append({**GOOD[0], "code": "U-99", "unit": "Xã Không Tồn Tại"})
    errors = refused(csv_bytes(rows))
    assert errors == [
        "Đơn vị 'so-khong-co' không có trong danh mục đơn vị (không khớp mã, tên hay tên gọi khác): "
        "dòng 3, 5, 7, 9, 11 … (tổng 8 dòng).",
        "Đơn vị 'Xã Không Tồn Tại' không có trong danh mục đơn vị (không khớp mã, tên hay tên gọi "
        "khác): dòng 18.",
    ]
    assert not Dossier.objects.exists()


def test_units_are_matched_by_code_name_or_alias_ignoring_case_and_diacritics(registry):
    Unit.objects.filter(code="stp").update(aliases="STP Đắk Lắk")
    rows = [
        {**GOOD[0], "code": "N-1", "unit": "STP"},
        {**GOOD[0], "code": "N-2", "unit": "so tu phap"},
        {**GOOD[0], "code": "N-3", "unit": "stp dak lak"},
        {**GOOD[0], "code": "N-4", "unit": "Phường Buôn Ma Thuột"},
    ]
    run(csv_bytes(rows))
    units = dict(Dossier.objects.values_list("code", "unit__code"))
    assert units == {"N-1": "stp", "N-2": "stp", "N-3": "stp", "N-4": "phuong-buon-ma-thuot"}


def test_a_dossier_code_twice_in_one_file_is_refused(registry):
    rows = [GOOD[0], GOOD[1], {**GOOD[1], "unit": "stp"}]
    assert refused(csv_bytes(rows)) == ["Mã hồ sơ 'A-2' xuất hiện 2 lần trong tệp: dòng 3, 4."]
    assert not Dossier.objects.exists() and not DossierImport.objects.exists()


def test_missing_columns_and_bad_files_are_refused_before_reading_rows(registry):
    header = ["Mã hồ sơ", "Đơn vị", "Ngày tiếp nhận"]
    errors = refused("\n".join([",".join(header), "X,stp,01/01/2026"]).encode())
    assert errors[0].startswith("Thiếu cột bắt buộc: 'Mã TTHC' (hoặc 'procedure_code')")
    assert refused(b"") == ["Tệp 'hs.csv' rỗng."]
    assert refused(b"\x00\x01binary") == ["Tệp 'hs.csv' không phải CSV hay Excel (.xlsx)."]
    latin1 = csv_bytes(GOOD).replace("Trực tuyến".encode(), "Tr\xe1c".encode("latin-1"))
    assert "không phải văn bản UTF-8" in refused(latin1)[0]
    assert refused(csv_bytes([])) == ["Tệp 'hs.csv' không có dòng hồ sơ nào."]


def test_english_headers_semicolons_and_xlsx_are_read(registry):
    english = [
        "dossier_code", "unit_code", "procedure_code", "received", "due", "finished",
        "supplement_requests", "channel", "fully_online", "fee_required", "paid_online",
        "electronic_result", "digitised", "digitised_data_reused", "synced_national",
        "apology_sent", "rating",
    ]  # fmt: skip
    data = csv_bytes([GOOD[0]], header=english).decode().replace(",", ";").encode()
    assert run(data).created == 1
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(english)
    sheet.append(["X-1", "snv", "1.1", datetime(2026, 5, 4, 8), datetime(2026, 5, 6), None, 0,
                  "online", 1, 0, 0, 1, 1, 0, 1, 0, 4])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(buffer.getvalue(), "hs.xlsx")
    assert result.created == 1
    assert Dossier.objects.get(code="X-1").channel == "truc_tuyen"


def test_a_province_mapping_renames_columns(registry):
    data = csv_bytes([GOOD[0]]).decode().replace("Kênh nộp", "Hình thức tiếp nhận hồ sơ").encode()
    assert "Kênh nộp" in refused(data)[0]
    result = run(data, mapping=header_map({"Hình thức tiếp nhận hồ sơ": "channel"}))
    assert result.created == 1


def test_the_import_is_recorded_with_its_file_and_who_did_it(registry, people):
    result = run(csv_bytes(GOOD), user=people["admin"])
    batch = result.batch
    assert batch.imported_by == people["admin"] and len(batch.sha256) == 64
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EVENT).latest("pk")
    assert (
        "Nhập hồ sơ TTHC từ tệp 'hs.csv': 2 dòng, 2 hồ sơ mới, 0 hồ sơ cập nhật." in entry.message
    )
