"""Petitions received elsewhere (phone logs, paper registers, the national portal's export), from
one CSV or Excel file: all or nothing, every problem named by row and column."""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone

from parsipas.lib.tabular import ImportRefused, column_map, open_table
from parsipas.petitions import handling
from parsipas.petitions.models import Channel, Petition
from parsipas.units.models import Unit

MAX_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 50
COLUMNS = {
    "unit": ["ma_don_vi", "mã đơn vị", "don vi"],
    "channel": ["kenh", "kênh", "kênh tiếp nhận"],
    "received_on": ["ngay_tiep_nhan", "ngày tiếp nhận"],
    "procedure": ["thu_tuc", "thủ tục"],
    "content": ["noi_dung", "nội dung"],
    "name": ["ho_ten", "họ tên"],
    "phone": ["dien_thoai", "điện thoại"],
    "email": ["email", "thư điện tử"],
    "answered_on": ["ngay_tra_loi", "ngày trả lời"],
    "answer": ["tra_loi", "nội dung trả lời"],
}
REQUIRED = ("unit", "channel", "received_on", "content")
CHANNELS = {c.value: c.value for c in Channel} | {c.label.lower(): c.value for c in Channel}


def _date(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def import_petitions(stream: BinaryIO, filename: str, user: Any) -> list[Petition]:
    try:
        headers, rows = open_table(stream, filename, max_bytes=MAX_BYTES)
    except ImportRefused as exc:
        raise ImportRefused([exc.message]) from exc
    cols = column_map(headers, COLUMNS)
    missing = [f for f in REQUIRED if f not in cols]
    if missing:
        names = ", ".join(COLUMNS[f][0] for f in missing)
        raise ImportRefused([f"Tệp '{filename}' thiếu cột: {names}."])
    units = {u.code: u for u in Unit.objects.all()}
    today = timezone.localdate()
    errors: list[str] = []
    parsed: list[dict[str, Any]] = []
    try:
        for row in rows:
            v = {f: row.values.get(h, "") for f, h in cols.items()}

            def bad(field: str, what: str, row: Any = row) -> None:
                errors.append(f"Dòng {row.number}, cột {cols[field]}: {what}.")

            unit = units.get(v["unit"].strip())
            if unit is None:
                bad("unit", f"không có đơn vị mã '{v['unit']}' trong danh mục")
            channel = CHANNELS.get(v["channel"].strip().lower())
            if channel is None:
                bad("channel", f"kênh '{v['channel']}' không hợp lệ (phone, paper, portal, email)")
            try:
                received_on = _date(v["received_on"])
                if received_on > today:
                    bad("received_on", "ngày tiếp nhận sau ngày hôm nay")
            except ValueError:
                received_on = None
                bad("received_on", f"ngày '{v['received_on']}' không đúng dạng dd/mm/yyyy")
            if not v["content"].strip():
                bad("content", "nội dung trống")
            elif len(v["content"]) > 5000:
                bad("content", "nội dung dài quá 5.000 ký tự")
            answered_on = None
            if v.get("answered_on", "").strip():
                try:
                    answered_on = _date(v["answered_on"])
                    if received_on and answered_on < received_on:
                        bad("answered_on", "ngày trả lời trước ngày tiếp nhận")
                    if answered_on > today:
                        bad("answered_on", "ngày trả lời sau ngày hôm nay")
                except ValueError:
                    bad("answered_on", f"ngày '{v['answered_on']}' không đúng dạng dd/mm/yyyy")
            if answered_on and not v.get("answer", "").strip():
                bad(
                    "answer" if "answer" in cols else "answered_on",
                    "có ngày trả lời nhưng thiếu nội dung trả lời",
                )
            if len(errors) >= MAX_ERRORS:
                errors.append(f"… và có thể còn lỗi khác (dừng sau {MAX_ERRORS} lỗi).")
                break
            parsed.append(
                {
                    **v,
                    "unit_obj": unit,
                    "channel_v": channel,
                    "received": received_on,
                    "answered": answered_on,
                }
            )
    except ImportRefused as exc:
        errors.append(exc.message)
    if not errors and not parsed:
        errors.append(f"Tệp '{filename}' không có dòng dữ liệu nào.")
    if errors:
        raise ImportRefused(errors)
    created: list[Petition] = []
    with transaction.atomic():
        for item in parsed:
            p = handling.receive(
                unit=item["unit_obj"],
                channel=item["channel_v"],
                content=item["content"],
                procedure=item.get("procedure", ""),
                sender=handling.Sender(
                    item.get("name", ""), item.get("phone", ""), item.get("email", "")
                ),
                received_on=item["received"],
                user=user,
            )
            if item["answered"]:
                p = handling.answer(p, item["answer"], user, on=item["answered"])
            created.append(p)
    return created
