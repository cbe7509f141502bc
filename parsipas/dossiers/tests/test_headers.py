"""Dossier export columns: Vietnamese or English headers, a province's own names, bad cells."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date, datetime, time
from typing import NamedTuple

import pytest

from parsipas.dossiers.indicators import Dossier
from parsipas.dossiers.ingest.headers import (
    FIELDS,
    HeaderError,
    RowError,
    collect_errors,
    header_map,
    iter_dossiers,
    load_header_map,
    match_columns,
    parse_row,
)
from parsipas.lib.tabular import open_table


class Row(NamedTuple):
    number: int
    values: dict[str, object]


VI_HEADERS = [
    "Mã hồ sơ",
    "Đơn vị",
    "Mã TTHC",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày hoàn thành",
    "Số lần yêu cầu bổ sung",
    "Kênh nộp",
    "Toàn trình",
    "Có phí",
    "Thanh toán trực tuyến",
    "Kết quả điện tử",
    "Số hóa",
    "Tái sử dụng dữ liệu",
    "Đồng bộ DVCQG",
    "Thư xin lỗi",
    "Mức độ hài lòng",
]
EN_HEADERS = [
    "dossier_code",
    "unit_code",
    "procedure_code",
    "received",
    "due",
    "finished",
    "supplement_requests",
    "channel",
    "fully_online",
    "fee_required",
    "paid_online",
    "electronic_result",
    "digitised",
    "digitised_data_reused",
    "synced_national",
    "apology_sent",
    "rating",
]
VI_VALUES = [
    "000.00.17.H12-260102-0001",
    "snv",
    "1.001234",
    "02/01/2026 08:30",
    "09/01/2026",
    "08/01/2026 15:00",
    "1",
    "Trực tuyến",
    "1",
    "có",
    "x",
    "0",
    "Có",
    "không",
    "true",
    "",
    "5",
]
EXPECTED = Dossier(
    code="000.00.17.H12-260102-0001",
    unit_code="snv",
    procedure_code="1.001234",
    received=datetime(2026, 1, 2, 8, 30),
    due=datetime.combine(date(2026, 1, 9), time.max),
    finished=datetime(2026, 1, 8, 15, 0),
    supplement_requests=1,
    channel="truc_tuyen",
    fully_online=True,
    fee_required=True,
    paid_online=True,
    electronic_result=False,
    digitized=True,
    reused_data=False,
    synced_national=True,
    apology_sent=False,
    rating=5,
)


def parse(headers: list[str], cells: list[object], number: int = 2, mapping=None) -> Dossier:
    columns = match_columns(headers, mapping)
    return parse_row(columns, dict(zip(headers, cells, strict=True)), number)


def parse_vi(number: int = 2, **changes: object) -> Dossier:
    values = dict(zip(VI_HEADERS, VI_VALUES, strict=True)) | changes
    return parse(list(values), list(values.values()), number)


def error_vi(number: int = 17, **changes: object) -> RowError:
    with pytest.raises(RowError) as raised:
        parse_vi(number, **changes)
    return raised.value


# --- headers ---------------------------------------------------------------------------------


def test_vietnamese_headers_are_read():
    assert parse(VI_HEADERS, VI_VALUES) == EXPECTED


def test_vietnamese_headers_without_diacritics_or_case_are_read():
    plain = ["MA HO SO", "don vi", "ma tthc", "Ngay tiep nhan", "NGAY HEN TRA", "ngay hoan thanh"]
    plain += ["so lan yeu cau bo sung", "kenh nop", "toan trinh", "co phi"]
    plain += ["thanh toan truc tuyen", "ket qua dien tu", "So hoa", "tai su dung du lieu"]
    plain += ["dong bo dvcqg", "thu xin loi", "muc do hai long"]
    assert parse(plain, VI_VALUES) == EXPECTED


def test_english_headers_are_read():
    cells = [*VI_VALUES[:7], "online", "1", "yes", "1", "no", "1", "0", "1", "false", "5"]
    assert parse(EN_HEADERS, cells) == EXPECTED


def test_every_dossier_field_has_a_header():
    assert set(FIELDS) == {f.name for f in dataclasses.fields(Dossier)}
    assert set(match_columns(VI_HEADERS).by_field) == set(FIELDS)
    assert set(match_columns(EN_HEADERS).by_field) == set(FIELDS)


def test_missing_required_columns_are_named():
    headers = [h for h in VI_HEADERS if h not in ("Mã hồ sơ", "Ngày tiếp nhận")]
    with pytest.raises(HeaderError) as raised:
        match_columns(headers)
    assert raised.value.missing == ("code", "received")
    assert str(raised.value).startswith(
        "Thiếu cột bắt buộc: 'Mã hồ sơ' (hoặc 'dossier_code'), 'Ngày tiếp nhận' (hoặc 'received')."
    )


def test_optional_columns_may_be_absent_and_default_to_no():
    headers = VI_HEADERS[:8]
    columns = match_columns([*headers, "Ghi chú"])
    assert columns.missing_optional == FIELDS[8:]
    assert columns.ignored == ("Ghi chú",)
    dossier = parse(headers, VI_VALUES[:8])
    assert (dossier.fully_online, dossier.fee_required, dossier.rating) == (False, False, None)


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(HeaderError, match="Cột 'Mã hồ sơ' và cột 'Số hồ sơ' đều là 'Mã hồ sơ'"):
        match_columns([*VI_HEADERS, "Số hồ sơ"])


def test_a_province_overrides_headers_with_a_dict():
    mapping = header_map({"Số biên nhận": "code", "Ngày nộp": "received", "Mã hồ sơ": None})
    headers = ["Số biên nhận", "Mã hồ sơ", *VI_HEADERS[1:3], "Ngày nộp", *VI_HEADERS[4:]]
    cells = [VI_VALUES[0], "ignored", *VI_VALUES[1:]]
    assert parse(headers, cells, mapping=mapping) == EXPECTED
    assert "Mã hồ sơ" in match_columns(headers, mapping).ignored


def test_a_province_overrides_headers_with_a_json_file(tmp_path):
    path = tmp_path / "headers.json"
    path.write_text(json.dumps({"Hạn trả": "due"}, ensure_ascii=False), encoding="utf-8")
    headers = [("Hạn trả" if h == "Ngày hẹn trả" else h) for h in VI_HEADERS]
    assert parse(headers, VI_VALUES, mapping=load_header_map(path)) == EXPECTED
    only_mine = load_header_map(io.StringIO('{"Hạn trả": "due"}'), replace=True)
    assert only_mine == {"han tra": "due"}


def test_an_override_to_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="trường không tồn tại: deadline"):
        header_map({"Hạn": "deadline"})


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02/01/2026", datetime(2026, 1, 2)),
        ("2/1/2026 8:05", datetime(2026, 1, 2, 8, 5)),
        ("02/01/2026 08:05:09", datetime(2026, 1, 2, 8, 5, 9)),
        ("02-01-2026", datetime(2026, 1, 2)),
        ("2026-01-02", datetime(2026, 1, 2)),
        ("2026-01-02T08:05:00", datetime(2026, 1, 2, 8, 5)),
        ("2026-01-02T01:05:00+00:00", datetime(2026, 1, 2, 8, 5)),  # to Vietnam time
        (datetime(2026, 1, 2, 8, 5), datetime(2026, 1, 2, 8, 5)),
        (date(2026, 1, 2), datetime(2026, 1, 2)),
    ],
)
def test_dates_are_read_day_first_or_iso(text, expected):
    assert parse_vi(**{"Ngày tiếp nhận": text, "Ngày hẹn trả": ""}).received == expected


def test_a_due_date_without_time_lasts_the_whole_day():
    assert parse_vi(**{"Ngày hẹn trả": "09/01/2026"}).due == datetime(
        2026, 1, 9, 23, 59, 59, 999999
    )
    # Spreadsheets store a date as midnight: same reading.
    assert parse_vi(**{"Ngày hẹn trả": "2026-01-09T00:00:00"}).due.time() == time.max
    assert parse_vi(**{"Ngày hẹn trả": "09/01/2026 17:00"}).due == datetime(2026, 1, 9, 17)


def test_empty_due_and_finished_mean_no_deadline_and_in_progress():
    dossier = parse_vi(**{"Ngày hẹn trả": "", "Ngày hoàn thành": ""})
    assert (dossier.due, dossier.finished) == (None, None)


def test_an_impossible_date_names_the_row_the_column_and_the_format():
    error = error_vi(**{"Ngày tiếp nhận": "31/02/2026"})
    assert str(error) == (
        "Dòng 17, cột 'Ngày tiếp nhận': '31/02/2026' không phải ngày hợp lệ (dd/mm/yyyy)"
    )
    assert (error.row_number, error.field) == (17, "received")
    assert error.message_vi == str(error)


def test_text_that_is_not_a_date_is_refused():
    error = error_vi(5, **{"Ngày hoàn thành": "hôm qua"})
    assert (
        str(error) == "Dòng 5, cột 'Ngày hoàn thành': 'hôm qua' không phải ngày hợp lệ (dd/mm/yyyy)"
    )


def test_the_column_is_named_as_written_in_the_file():
    headers = ["ma ho so", *VI_HEADERS[1:3], "NGAY TIEP NHAN", *VI_HEADERS[4:]]
    with pytest.raises(RowError, match="^Dòng 3, cột 'NGAY TIEP NHAN': 'abc'"):
        parse(headers, [*VI_VALUES[:3], "abc", *VI_VALUES[4:]], 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", True), ("0", False), ("có", True), ("Không", False), ("khong", False), ("x", True),
     ("X", True), ("", False), ("TRUE", True), ("false", False), ("1.0", True), (1, True),
     (0, False), (True, True)],
)  # fmt: skip
def test_booleans_in_every_usual_spelling(text, expected):
    assert parse_vi(**{"Toàn trình": text}).fully_online is expected


def test_a_bad_boolean_is_refused():
    assert str(error_vi(9, **{"Có phí": "có lẽ"})) == (
        "Dòng 9, cột 'Có phí': 'có lẽ' không phải giá trị có/không hợp lệ (1/0, có/không, x)"
    )
    assert error_vi(9, **{"Số hóa": "2"}).field == "digitized"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Trực tiếp", "truc_tiep"), ("truc tiep", "truc_tiep"), ("direct", "truc_tiep"),
     ("TRỰC TUYẾN", "truc_tuyen"), ("online", "truc_tuyen"), ("Bưu chính", "buu_chinh"),
     ("Bưu chính công ích", "buu_chinh"), ("postal", "buu_chinh"), ("truc_tuyen", "truc_tuyen")],
)  # fmt: skip
def test_channels_in_vietnamese_or_english(text, expected):
    assert parse_vi(**{"Kênh nộp": text}).channel == expected


def test_an_unknown_channel_is_refused():
    assert str(error_vi(4, **{"Kênh nộp": "fax"})) == (
        "Dòng 4, cột 'Kênh nộp': 'fax' không phải kênh nộp hợp lệ (trực tiếp, trực tuyến, bưu chính)"
    )


def test_required_cells_must_not_be_blank():
    assert str(error_vi(8, **{"Mã hồ sơ": "  "})) == "Dòng 8, cột 'Mã hồ sơ': không được để trống"
    assert error_vi(8, **{"Kênh nộp": ""}).field == "channel"
    assert error_vi(8, **{"Ngày tiếp nhận": None}).field == "received"


def test_supplement_requests_and_ratings_are_whole_numbers():
    assert parse_vi(**{"Số lần yêu cầu bổ sung": ""}).supplement_requests == 0
    assert parse_vi(**{"Số lần yêu cầu bổ sung": "2.0"}).supplement_requests == 2
    assert parse_vi(**{"Mức độ hài lòng": ""}).rating is None
    assert str(error_vi(6, **{"Số lần yêu cầu bổ sung": "-1"})) == (
        "Dòng 6, cột 'Số lần yêu cầu bổ sung': '-1' không phải số lần hợp lệ (số nguyên ≥ 0)"
    )
    assert str(error_vi(6, **{"Mức độ hài lòng": "rất tốt"})) == (
        "Dòng 6, cột 'Mức độ hài lòng': 'rất tốt' không phải mức đánh giá hợp lệ (số nguyên)"
    )


def test_dates_before_reception_are_refused():
    assert str(error_vi(7, **{"Ngày hoàn thành": "01/01/2026"})) == (
        "Dòng 7, cột 'Ngày hoàn thành': '01/01/2026' trước ngày tiếp nhận '02/01/2026 08:30'"
    )
    assert error_vi(7, **{"Ngày hẹn trả": "01/01/2026"}).field == "due"
    # Due the same day as reception is fine: a date-only due lasts the whole day.
    assert parse_vi(**{"Ngày hẹn trả": "02/01/2026", "Ngày hoàn thành": ""}).due


# --- whole tables ----------------------------------------------------------------------------


def test_a_table_is_read_row_by_row_and_stops_at_the_first_bad_row():
    good = dict(zip(VI_HEADERS, VI_VALUES, strict=True))
    rows = [Row(2, good), Row(3, good | {"Kênh nộp": "fax"}), Row(4, good)]
    dossiers = iter_dossiers(VI_HEADERS, rows)
    assert next(dossiers) == EXPECTED
    with pytest.raises(RowError, match="^Dòng 3, cột 'Kênh nộp'"):
        next(dossiers)


def test_all_bad_rows_can_be_listed_before_importing():
    good = dict(zip(VI_HEADERS, VI_VALUES, strict=True))
    rows = [
        Row(2, good),
        Row(3, good | {"Kênh nộp": "fax"}),
        Row(4, good | {"Ngày tiếp nhận": "31/02/2026"}),
        Row(5, good | {"Có phí": "?"}),
    ]
    errors = collect_errors(VI_HEADERS, rows)
    assert [(e.row_number, e.field) for e in errors] == [
        (3, "channel"),
        (4, "received"),
        (5, "fee_required"),
    ]
    assert len(collect_errors(VI_HEADERS, rows, limit=2)) == 2


def test_a_csv_upload_goes_through_the_shared_table_reader():
    text = ",".join(VI_HEADERS) + "\n" + ",".join(VI_VALUES) + "\n"
    headers, rows = open_table(io.BytesIO(text.encode("utf-8-sig")), "ho-so.csv")
    assert list(iter_dossiers(headers, rows)) == [EXPECTED]
