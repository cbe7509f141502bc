"""Deadlines as dates, or honestly unknown when set by someone else."""

from __future__ import annotations

import datetime

import pytest

from parsipas.plans.parsing import parse_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trong năm 2026", D(2026, 12, 31)),
        ("Trong năm", D(2026, 12, 31)),
        ("Hoàn thành trước ngày 31/12/2026", D(2026, 12, 31)),
        ("Chậm nhất là ngày 31/12/2026", D(2026, 12, 31)),
        ("Hoàn thành kiểm tra, ban hành Thông báo kết luận trước ngày 31/12/2026", D(2026, 12, 31)),
        ("Hoàn thành trước ngày 15/11/2026", D(2026, 11, 15)),
        ("trước ngày 30/6", D(2026, 6, 30)),
        ("ngày 31 tháng 12 năm 2026", D(2026, 12, 31)),
        ("Từ ngày 01/01/2026 đến ngày 30/11/2026", D(2026, 11, 30)),
        ("Quý II/2026", D(2026, 6, 30)),
        ("Quý I", D(2026, 3, 31)),
        ("quý 3 năm 2026", D(2026, 9, 30)),
        ("Quý IV/2026", D(2026, 12, 31)),
        ("tháng 6/2026", D(2026, 6, 30)),
        ("Tháng 02 năm 2026", D(2026, 2, 28)),
        ("6 tháng đầu năm", D(2026, 6, 30)),
        ("9 tháng đầu năm 2026", D(2026, 9, 30)),
        ("Hằng năm", D(2026, 12, 31)),
    ],
)
def test_dates(text, expected):
    deadline = parse_deadline(text, 2026)
    assert deadline.date == expected
    assert not deadline.by_authority
    assert deadline.text == text


@pytest.mark.parametrize(
    "text",
    [
        "Theo thời hạn quy định của Bộ Nội vụ",
        "Theo thời hạn quy định của Trung ương",
        "Theo hướng dẫn của Bộ Tư pháp",
        "Theo quy định",
    ],
)
def test_deadlines_set_by_an_authority(text):
    deadline = parse_deadline(text, 2026)
    assert (deadline.date, deadline.by_authority, deadline.text) == (None, True, text)


@pytest.mark.parametrize("text", ["", "Thường xuyên", "31/02/2026"])
def test_no_deadline(text):
    deadline = parse_deadline(text, 2026)
    assert (deadline.date, deadline.by_authority, deadline.text) == (None, False, text)


def test_a_period_without_year_needs_the_plan_year():
    assert parse_deadline("Quý II", None).date is None
    assert parse_deadline("Quý II/2027", None).date == D(2027, 6, 30)
