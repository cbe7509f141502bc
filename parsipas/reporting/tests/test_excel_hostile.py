"""The report Excel round trip refuses hostile files and applies the form's limits."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from parsipas.lib.tests import hostile
from parsipas.reporting.models import Report


def _template(client: Any, sp: Any) -> bytes:
    response = client.get(f"/bao-cao/{sp.current.year}/Y/excel/")
    assert response.status_code == 200
    return response.content


def _post(client: Any, sp: Any, name: str, data: bytes) -> Any:
    return client.post(
        f"/bao-cao/{sp.current.year}/Y/excel/nhap/",
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


def test_hostile_workbooks_are_refused_with_400_and_nothing_changes(
    small_plan: Any, people: Any, login: Any
) -> None:
    unit = login(people["unit"])
    good = _template(unit, small_plan)
    cases = [
        *hostile.xlsx_cases(good),
        ("empty.xlsx", b""),
        ("binary.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256))),
    ]

    def refuse(name: str, data: bytes) -> str:
        response = _post(unit, small_plan, name, data)
        if response.status_code != 400:
            return f"HTTP {response.status_code}"
        return "" if "Tệp" in response.content.decode() else "no message"

    hostile.feed(cases, ("reporting", "audit"), refuse)


def test_a_narrative_longer_than_the_form_allows_is_refused(
    small_plan: Any, people: Any, login: Any
) -> None:
    unit = login(people["unit"])
    book = load_workbook(io.BytesIO(_template(unit, small_plan)))
    sheet = book["Báo cáo"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("Tình trạng") + 1).value = "Đang thực hiện"
    sheet.cell(row=2, column=headers.index("Kết quả thực hiện") + 1).value = "x" * 20_001
    out = io.BytesIO()
    book.save(out)
    response = _post(unit, small_plan, "dai.xlsx", out.getvalue())
    assert response.status_code == 400
    page = response.content.decode()
    assert "cột &#x27;Kết quả thực hiện&#x27;: dài 20001 ký tự, tối đa 20000 ký tự" in page
    assert not Report.objects.exists()
