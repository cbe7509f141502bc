from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from parsipas.registers import tracker
from parsipas.registers.figures import RegisterSource
from parsipas.registers.models import GovernmentTask
from parsipas.registers.tests.conftest import YEAR
from parsipas.reporting.computed import Window
from parsipas.testing.present import present

HEADER = ["Mã nhiệm vụ", "Số hiệu văn bản", "Ngày văn bản", "Cơ quan ban hành", "Nội dung nhiệm vụ",
          "Đơn vị được giao", "Hạn xử lý", "Tình trạng", "Ngày hoàn thành"]  # fmt: skip
GOOD = [
    ["NV-1", "101/VPCP-KSTT", "05/01/2026", "Văn phòng Chính phủ", "Rà soát TTHC", "stp", "28/02/2026", "Đã hoàn thành", "20/02/2026"],
    ["NV-2", "102/VPCP-KGVX", dt.date(2026, 2, 1), "Thủ tướng Chính phủ", "Báo cáo Đề án 06", "Sở Tư pháp; Phường Buôn Ma Thuột", dt.date(2026, 3, 1), "Đang thực hiện", ""],
]  # fmt: skip


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = present(book.active)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, rows, header=HEADER):
    file = SimpleUploadedFile("nhiem-vu.xlsx", xlsx(rows, header))
    return client.post(f"/so-theo-doi/nhiem-vu/nhap/?nam={YEAR}", {"file": file})


def test_the_tracker_export_is_imported_and_a_second_import_updates(world, login):
    client = login(world.people["lead_vp"])
    assert upload(client, GOOD).status_code == 302
    assert GovernmentTask.objects.count() == 2
    second = GovernmentTask.objects.get(tracker_id="NV-2")
    assert {u.code for u in second.units.all()} == {"stp", "phuong-buon-ma-thuot"}
    done = [*GOOD[1][:7], "Hoàn thành", "25/02/2026"]
    assert upload(client, [done]).status_code == 302
    second.refresh_from_db()
    assert GovernmentTask.objects.count() == 2
    assert second.status == "done" and second.completed_on == dt.date(2026, 2, 25)


def test_a_file_with_bad_rows_changes_nothing_and_names_each_row_and_column(world, login):
    client = login(world.people["lead_vp"])
    bad = [
        GOOD[0],
        ["NV-3", "103/VPCP", "10/03/2026", "VPCP", "Việc A", "so-khong-co", "30/03/2026", "", ""],
        ["NV-4", "104/VPCP", "10/03/2026", "VPCP", "Việc B", "stp", "01/03/2026", "", ""],
        ["NV-5", "105/VPCP", "31/02/2026", "VPCP", "Việc C", "stp", "30/04/2026", "", ""],
    ]
    response = upload(client, bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Dòng 3, cột &#x27;Đơn vị được giao&#x27;: không có đơn vị &#x27;so-khong-co&#x27;" in page
    )
    assert (
        "Dòng 4, cột &#x27;Hạn xử lý&#x27;: hạn 01/03/2026 trước ngày văn bản giao 10/03/2026"
        in page
    )
    assert "Dòng 5, cột &#x27;Ngày văn bản&#x27;: &#x27;31/02/2026&#x27; không phải ngày" in page
    assert not GovernmentTask.objects.exists()


def test_a_file_without_the_required_columns_is_refused(world, login):
    response = upload(login(world.people["lead_vp"]), [["x"]], header=["Nội dung"])
    assert response.status_code == 400
    assert "thiếu cột" in response.content.decode()


def test_on_time_late_and_overdue_and_the_18_figure(world):
    parsed = tracker.read(io.BytesIO(xlsx(GOOD)), "t.xlsx", YEAR)
    assert not parsed.problems
    from parsipas.registers.services import import_tasks

    import_tasks(world.people["lead_vp"], parsed.rows, YEAR)
    late, open_ = (
        GovernmentTask.objects.get(tracker_id="NV-1"),
        GovernmentTask.objects.get(tracker_id="NV-2"),
    )
    late.completed_on = dt.date(2026, 3, 5)
    late.save()
    assert tracker.task_timing(late, dt.date(2026, 4, 1)) == "late"
    assert tracker.task_timing(open_, dt.date(2026, 2, 15)) == "in_progress"
    assert tracker.task_timing(open_, dt.date(2026, 3, 2)) == "overdue"
    figure = next(
        f for f in RegisterSource().province_figures(Window.of_year(YEAR)) if f.key == "PAR:1.8#0"
    )
    assert figure.value == 0 and figure.rows == 2


def test_the_chairmans_list_shows_late_and_overdue_tasks(world, login):
    from parsipas.registers.services import import_tasks

    import_tasks(
        world.people["lead_vp"], tracker.read(io.BytesIO(xlsx(GOOD)), "t.xlsx", YEAR).rows, YEAR
    )
    page = (
        login(world.people["viewer"])
        .get(f"/so-theo-doi/nhiem-vu/?nam={YEAR}&tien-do=cham")
        .content.decode()
    )
    assert "Báo cáo Đề án 06" in page and "Rà soát TTHC" not in page
    export = login(world.people["viewer"]).get(f"/so-theo-doi/nhiem-vu/?nam={YEAR}&xuat=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(1, 1).value == "Mã nhiệm vụ" and sheet.max_row == 3
