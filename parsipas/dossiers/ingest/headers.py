"""Dossier exports: which column is which field, and each cell's value as a ``Dossier``.

Headers are matched in Vietnamese (with or without diacritics, any case) or English; another
province overrides or extends the mapping with a dict or a JSON file ``{header: field}``.
Cells are read as the one-stop systems export them: dates ``dd/mm/yyyy``,
``dd/mm/yyyy HH:MM[:SS]`` or ISO; booleans 1/0, có/không, x, true/false; channels in
Vietnamese or English. Every problem is a ``RowError`` whose message names the row, the
column as written in the file, and what is wrong, in Vietnamese.

Rows come from ``parsipas.lib.tabular.open_table`` (``Row(number, values)``, values keyed by
the header as written) or anything with the same shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from operator import itemgetter
from os import PathLike
from typing import IO, Any, Protocol

from parsipas.dossiers.indicators import Channel, Dossier
from parsipas.lib.text import fold

# Field -> (Vietnamese header, English header, other accepted headers). The first two are
# the names shown in messages.
_HEADERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "code": ("Mã hồ sơ", "dossier_code", ("Số hồ sơ", "code")),
    "unit_code": ("Đơn vị", "unit_code", ("Mã đơn vị", "Cơ quan", "unit")),
    "procedure_code": (
        "Mã TTHC",
        "procedure_code",
        ("Mã thủ tục", "Mã thủ tục hành chính", "procedure"),
    ),
    "received": ("Ngày tiếp nhận", "received", ("Thời gian tiếp nhận", "received_at")),
    "due": ("Ngày hẹn trả", "due", ("Ngày hẹn trả kết quả", "Hạn xử lý", "due_date", "due_at")),
    "finished": (
        "Ngày hoàn thành",
        "finished",
        ("Ngày hoàn thành xử lý", "Ngày có kết quả", "finished_at", "completed"),
    ),
    "supplement_requests": (
        "Số lần yêu cầu bổ sung",
        "supplement_requests",
        ("Số lần bổ sung", "Số lần yêu cầu bổ sung hồ sơ"),
    ),
    "channel": ("Kênh nộp", "channel", ("Hình thức nộp", "Kênh tiếp nhận")),
    "fully_online": ("Toàn trình", "fully_online", ("DVC toàn trình", "Trực tuyến toàn trình")),
    "fee_required": ("Có phí", "fee_required", ("Có phí, lệ phí", "Có nghĩa vụ tài chính")),
    "paid_online": ("Thanh toán trực tuyến", "paid_online", ("Đã thanh toán trực tuyến",)),
    "electronic_result": ("Kết quả điện tử", "electronic_result", ("Trả kết quả điện tử",)),
    "digitized": ("Số hóa", "digitized", ("Đã số hóa", "Số hóa hồ sơ", "digitised")),
    "reused_data": (
        "Tái sử dụng dữ liệu",
        "reused_data",
        ("Tái sử dụng dữ liệu số hóa", "digitized_data_reused", "digitised_data_reused"),
    ),
    "synced_national": (
        "Đồng bộ DVCQG",
        "synced_national",
        ("Đồng bộ Cổng DVCQG", "synced_to_national_portal"),
    ),
    "apology_sent": (
        "Thư xin lỗi",
        "apology_sent",
        ("Đã gửi thư xin lỗi", "apology_letter_sent"),
    ),
    "rating": ("Mức độ hài lòng", "rating", ("Đánh giá hài lòng", "satisfaction_rating")),
}

FIELDS: tuple[str, ...] = tuple(_HEADERS)
# The columns a file must have; the others default (0, không, no rating) when absent, and
# are listed in ``Columns.missing_optional`` so the import can say so.
REQUIRED_FIELDS: tuple[str, ...] = (
    "code",
    "unit_code",
    "procedure_code",
    "received",
    "due",
    "finished",
    "channel",
)
FIELD_LABELS_VI: dict[str, str] = {name: names[0] for name, names in _HEADERS.items()}
FIELD_HEADERS_EN: dict[str, str] = {name: names[1] for name, names in _HEADERS.items()}

_BOOLEAN_FIELDS = (
    "fully_online",
    "fee_required",
    "paid_online",
    "electronic_result",
    "digitized",
    "reused_data",
    "synced_national",
    "apology_sent",
)
_NON_BLANK_FIELDS = ("code", "unit_code", "procedure_code", "received", "channel")


def header_key(header: str) -> str:
    """'Mã  hồ sơ' / 'MA_HO_SO' / 'ma-ho-so' -> 'ma ho so'."""
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


def _default_map() -> dict[str, str | None]:
    mapping: dict[str, str | None] = {}
    for name, (vietnamese, english, others) in _HEADERS.items():
        for header in (vietnamese, english, name, *others):
            key = header_key(header)
            if mapping.setdefault(key, name) != name:
                raise AssertionError(f"header {header!r} maps to two fields")
    return mapping


DEFAULT_HEADER_MAP: dict[str, str | None] = _default_map()


def header_map(
    overrides: Mapping[str, str | None] | None = None, *, replace: bool = False
) -> dict[str, str | None]:
    """The mapping folded header -> field, with a province's ``overrides`` on top.

    ``overrides`` maps a header as the province writes it to a field name (see ``FIELDS``),
    or to None to ignore that column. ``replace=True`` drops the default headers.
    """
    mapping = {} if replace else dict(DEFAULT_HEADER_MAP)
    unknown = sorted(f for f in (overrides or {}).values() if f is not None and f not in FIELDS)
    if unknown:
        raise ValueError(
            f"Bảng ánh xạ tiêu đề có trường không tồn tại: {', '.join(unknown)}. "
            f"Các trường hợp lệ: {', '.join(FIELDS)}."
        )
    for header, field_name in (overrides or {}).items():
        mapping[header_key(header)] = field_name
    return mapping


def load_header_map(
    source: str | PathLike[str] | IO[str], *, replace: bool = False
) -> dict[str, str | None]:
    """``header_map`` from a JSON object ``{"Tên cột": "field", ...}`` (a path or open file)."""
    if isinstance(source, str | PathLike):
        with open(source, encoding="utf-8") as handle:
            data = json.load(handle)
    else:
        data = json.load(source)
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise ValueError("Bảng ánh xạ tiêu đề phải là một đối tượng JSON {tiêu đề: trường}.")
    return header_map(data, replace=replace)


# --- columns ---------------------------------------------------------------------------------


class HeaderError(ValueError):
    """The header row does not fit: required columns missing, or two columns for one field."""

    def __init__(self, message_vi: str, missing: Sequence[str] = ()) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.missing = tuple(missing)

    def __str__(self) -> str:
        return self.message_vi


@dataclass(frozen=True)
class Columns:
    """Which header of the file holds each field."""

    by_field: dict[str, str]  # field -> header as written in the file
    ignored: tuple[str, ...]  # headers that match no field
    missing_optional: tuple[str, ...]  # optional fields with no column


def _describe(field_name: str) -> str:
    return f"'{FIELD_LABELS_VI[field_name]}' (hoặc '{FIELD_HEADERS_EN[field_name]}')"


def match_columns(
    headers: Iterable[str | None], mapping: Mapping[str, str | None] | None = None
) -> Columns:
    """Match the file's header row; raises ``HeaderError`` naming any missing required column."""
    mapping = DEFAULT_HEADER_MAP if mapping is None else mapping
    by_field: dict[str, str] = {}
    ignored = []
    for header in headers:
        if not header or not str(header).strip():
            continue
        header = str(header).strip()
        field_name = mapping.get(header_key(header))
        if field_name is None:
            ignored.append(header)
        elif field_name in by_field:
            raise HeaderError(
                f"Cột '{by_field[field_name]}' và cột '{header}' đều là "
                f"'{FIELD_LABELS_VI[field_name]}': chỉ giữ một cột."
            )
        else:
            by_field[field_name] = header
    missing = [f for f in REQUIRED_FIELDS if f not in by_field]
    if missing:
        raise HeaderError(
            "Thiếu cột bắt buộc: "
            + ", ".join(_describe(f) for f in missing)
            + ". Nếu tệp dùng tên cột khác, hãy khai báo trong bảng ánh xạ tiêu đề.",
            missing,
        )
    optional = tuple(f for f in FIELDS if f not in by_field)
    return Columns(by_field, tuple(ignored), optional)


# --- values ----------------------------------------------------------------------------------


class RowError(ValueError):
    """One bad cell (or row), with a Vietnamese message naming the row and the column."""

    def __init__(self, row_number: int, field: str, message_vi: str) -> None:
        super().__init__(message_vi)
        self.row_number = row_number
        self.field = field
        self.message_vi = message_vi

    def __str__(self) -> str:
        return self.message_vi


class _BadValue(ValueError):
    """A cell problem before we know the row and column; ``parse_row`` turns it into RowError."""


# Vietnam has used UTC+7 all year since 1975: an aware time is brought to local wall time.
VIETNAM = timezone(timedelta(hours=7))
_DAY_FIRST = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
)
_DATE_HINT = "không phải ngày hợp lệ (dd/mm/yyyy)"


def parse_datetime(value: object) -> datetime | None:
    """A cell as a naive local datetime; None for an empty cell. Date-only -> 00:00."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = str(value).strip()
        if not text:
            return None
        moment = _parse_date_text(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM).replace(tzinfo=None)
    return moment


def _parse_date_text(text: str) -> datetime:
    match = _DAY_FIRST.fullmatch(text)
    try:
        if match:
            day, month, year, hour, minute, second = (int(g) if g else 0 for g in match.groups())
            return datetime(year, month, day, hour, minute, second)
        if re.match(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.fromisoformat(text)
    except ValueError:
        pass
    raise _BadValue(f"'{text}' {_DATE_HINT}")


_TRUE = {"1", "co", "x", "true", "yes", "y", "dung"}
_FALSE = {"0", "khong", "false", "no", "n", "sai"}


def parse_bool(value: object) -> bool:
    """1/0, có/không, x/blank, true/false, yes/no, đúng/sai. A blank (or "-") cell is "không"."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip()
    if text in ("", "-"):
        return False
    folded = header_key(text)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    try:
        number = float(text)  # 1.0 / 0.0 from a spreadsheet
    except ValueError:
        number = None
    if number in (0, 1):
        return bool(number)
    raise _BadValue(f"'{text}' không phải giá trị có/không hợp lệ (1/0, có/không, x)")


_CHANNELS: dict[str, Channel] = {
    "truc tiep": "truc_tiep",
    "direct": "truc_tiep",
    "in person": "truc_tiep",
    "truc tuyen": "truc_tuyen",
    "online": "truc_tuyen",
    "buu chinh": "buu_chinh",
    "buu chinh cong ich": "buu_chinh",
    "bcci": "buu_chinh",
    "postal": "buu_chinh",
    "post": "buu_chinh",
}


def parse_channel(value: object) -> Channel:
    text = str(value if value is not None else "").strip()
    channel = _CHANNELS.get(header_key(text))
    if channel is None:
        raise _BadValue(f"'{text}' không phải kênh nộp hợp lệ (trực tiếp, trực tuyến, bưu chính)")
    return channel


def parse_count(value: object, what: str = "số lần hợp lệ (số nguyên ≥ 0)") -> int | None:
    """A whole number >= 0 ('2', 2, 2.0, '2.0'); None for an empty cell."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if isinstance(value, bool) or number < 0 or not number.is_integer():
        raise _BadValue(f"'{text}' không phải {what}")
    return int(number)


def _cell(values: Mapping[str, object], columns: Columns, field_name: str) -> object:
    header = columns.by_field.get(field_name)
    return None if header is None else values.get(header)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_row(columns: Columns, values: Mapping[str, object], row_number: int) -> Dossier:
    """One row (header as written -> cell) as a Dossier, or a ``RowError``.

    A due date without a time of day (or at exactly 00:00, as spreadsheets store dates) is
    read as the end of that day: a dossier finished any time on its due day is on time.
    """

    def fail(field_name: str, problem: str) -> RowError:
        header = columns.by_field.get(field_name, FIELD_LABELS_VI[field_name])
        return RowError(row_number, field_name, f"Dòng {row_number}, cột '{header}': {problem}")

    parsed: dict[str, object] = {}
    for field_name in FIELDS:
        value = _cell(values, columns, field_name)
        if field_name in _NON_BLANK_FIELDS and _is_blank(value):
            raise fail(field_name, "không được để trống")
        try:
            parsed[field_name] = _parse_value(field_name, value)
        except _BadValue as problem:
            raise fail(field_name, str(problem)) from None

    parsed["due"] = _check_dates(
        parsed["received"],  # type: ignore[arg-type]
        parsed["due"],  # type: ignore[arg-type]
        parsed["finished"],  # type: ignore[arg-type]
        lambda name: _cell(values, columns, name),
        fail,
    )
    return Dossier(**parsed)  # type: ignore[arg-type]


def _check_dates(
    received: datetime,
    due: datetime | None,
    finished: datetime | None,
    raw: Callable[[str], object],
    fail: Callable[[str, str], RowError],
) -> datetime | None:
    """The rules across cells; returns the due date to keep. A due date at 00:00 lasts the
    whole day; neither the due nor the finish date may come before reception."""
    if due is not None and due.time() == time():
        due = datetime.combine(due.date(), time.max)
    for field_name, moment in (("due", due), ("finished", finished)):
        if moment is not None and moment < received:
            text, received_text = str(raw(field_name)).strip(), str(raw("received")).strip()
            raise fail(field_name, f"'{text}' trước ngày tiếp nhận '{received_text}'")
    return due


def _parse_value(field_name: str, value: object) -> object:
    if field_name in ("received", "due", "finished"):
        return parse_datetime(value)
    if field_name in _BOOLEAN_FIELDS:
        return parse_bool(value)
    if field_name == "channel":
        return parse_channel(value)
    if field_name == "supplement_requests":
        return parse_count(value) or 0
    if field_name == "rating":
        return parse_count(value, "mức đánh giá hợp lệ (số nguyên)")
    return str(value).strip()


# --- fast path for big files -----------------------------------------------------------------

_DATE_FIELDS = ("received", "due", "finished")
# Distinct values remembered per column; dossier codes are all different, flags and units are
# a handful, so the caches stay small while repeated cells are parsed once.
_CACHE_LIMIT = 50_000
_TIME_CACHE_LIMIT = 86_400  # every second of a day


class RowParser:
    """``parse_row`` for one header row, on cells by position, remembering repeated values.

    Same rules and messages as ``parse_row``: every cell goes through ``_parse_value`` the
    first time it is seen. What makes a million-row import fast is remembering: cells come in
    three groups of few distinct combinations (unit and procedure; supplements and channel;
    the yes/no flags and the rating), each parsed once per combination, and a date-and-time
    cell in the usual ``dd/mm/yyyy HH:MM:SS`` form is read as its date part and its time part,
    each remembered. ``values`` returns the fields in ``FIELDS`` order, ``dossier`` a
    ``Dossier``.
    """

    # Field indexes in FIELDS: 0 code, 1-2 group one, 3-5 dates, 6-7 group two, 8-16 group three.
    _GROUPS = ((1, 2), (6, 7), tuple(range(8, 17)))

    def __init__(self, columns: Columns, headers: Sequence[str | None]) -> None:
        assert FIELDS[3:6] == _DATE_FIELDS and FIELDS[0] == "code" and len(FIELDS) == 17
        self.columns = columns
        position = {str(h).strip(): i for i, h in enumerate(headers) if h is not None}
        self.positions: list[int | None] = [
            position.get(columns.by_field[name]) if name in columns.by_field else None
            for name in FIELDS
        ]
        complete = all(p is not None for p in self.positions)
        self._width = max(p for p in self.positions if p is not None) + 1 if complete else -1
        self._pick = itemgetter(*self.positions) if complete else None
        self._group_keys = [itemgetter(*group) for group in self._GROUPS]
        self._group_caches: list[dict[tuple[object, ...], tuple[object, ...]]] = [
            {} for _ in self._GROUPS
        ]
        self._day_cache: dict[str, date | None] = {}
        self._time_cache: dict[str, time | None] = {}

    def _fail(self, row_number: int, field_name: str, problem: str) -> RowError:
        header = self.columns.by_field.get(field_name, FIELD_LABELS_VI[field_name])
        return RowError(row_number, field_name, f"Dòng {row_number}, cột '{header}': {problem}")

    def _cell(self, field_name: str, value: object, row_number: int) -> object:
        if field_name in _NON_BLANK_FIELDS and _is_blank(value):
            raise self._fail(row_number, field_name, "không được để trống")
        try:
            return _parse_value(field_name, value)
        except _BadValue as problem:
            raise self._fail(row_number, field_name, str(problem)) from None

    def _datetime(self, value: object, field_name: str, row_number: int) -> datetime | None:
        if isinstance(value, str) and len(value) == 19 and value[10] == " " and value[2] in "/.-":
            day = self._day_cache.get(value[:10], False)
            if day is False:
                day = _remember(self._day_cache, value[:10], _date_part)
            moment = self._time_cache.get(value[11:], False)
            if moment is False:
                moment = _remember(self._time_cache, value[11:], _time_part, _TIME_CACHE_LIMIT)
            if day is not None and moment is not None:
                return datetime.combine(day, moment)  # type: ignore[arg-type]
        return self._cell(field_name, value, row_number)  # type: ignore[return-value]

    def values(self, cells: Sequence[object], row_number: int) -> tuple[object, ...]:
        """The row's fields in ``FIELDS`` order, or a ``RowError``."""
        if self._pick is not None and len(cells) >= self._width:
            picked = self._pick(cells)
        else:
            width = len(cells)
            picked = tuple(
                cells[p] if p is not None and p < width else None for p in self.positions
            )
        code = picked[0]
        if _is_blank(code):
            raise self._fail(row_number, "code", "không được để trống")
        groups = []
        for key_of, cache, indexes in zip(
            self._group_keys, self._group_caches, self._GROUPS, strict=True
        ):
            key = key_of(picked)
            group = cache.get(key)
            if group is None:
                group = tuple(self._cell(FIELDS[i], picked[i], row_number) for i in indexes)
                if len(cache) < _CACHE_LIMIT:
                    cache[key] = group
            groups.append(group)
        received = self._datetime(picked[3], "received", row_number)
        if received is None:
            raise self._fail(row_number, "received", "không được để trống")
        due = self._datetime(picked[4], "due", row_number)
        finished = self._datetime(picked[5], "finished", row_number)
        if (due is not None and (due < received or due.time() == _MIDNIGHT)) or (
            finished is not None and finished < received
        ):
            due = _check_dates(
                received,
                due,
                finished,
                lambda name: picked[FIELDS.index(name)],
                lambda f, p: self._fail(row_number, f, p),
            )
        return (str(code).strip(), *groups[0], received, due, finished, *groups[1], *groups[2])

    def dossier(self, cells: Sequence[object], row_number: int) -> Dossier:
        return Dossier(*self.values(cells, row_number))  # type: ignore[arg-type]


def _remember(
    cache: dict[str, Any], key: str, parse: Callable[[str], Any], limit: int = _CACHE_LIMIT
) -> Any:
    value = parse(key)
    if len(cache) < limit:
        cache[key] = value
    return value


_MIDNIGHT = time()


def _date_part(text: str) -> date | None:
    try:
        moment = parse_datetime(text)
    except _BadValue:
        return None
    return moment.date() if moment is not None else None


def _time_part(text: str) -> time | None:
    try:
        moment = parse_datetime("01/01/2000 " + text)
    except _BadValue:
        return None
    return moment.time() if moment is not None else None


# --- whole tables ----------------------------------------------------------------------------


class TableRow(Protocol):
    """What ``parsipas.lib.tabular`` yields: the row's number in the file and its cells."""

    @property
    def number(self) -> int: ...

    @property
    def values(self) -> Mapping[str, object]: ...


def iter_dossiers(
    headers: Iterable[str | None],
    rows: Iterable[TableRow],
    mapping: Mapping[str, str | None] | None = None,
) -> Iterator[Dossier]:
    """Dossiers one by one (streaming); stops at the first bad row with its ``RowError``.

    Raises ``HeaderError`` before any row if the header row does not fit.
    """
    headers = list(headers)
    parser = RowParser(match_columns(headers, mapping), headers)
    names = [None if h is None else str(h).strip() for h in headers]
    for row in rows:
        yield parser.dossier([row.values.get(h) if h else None for h in names], row.number)


def collect_errors(
    headers: Iterable[str | None],
    rows: Iterable[TableRow],
    mapping: Mapping[str, str | None] | None = None,
    limit: int = 100,
) -> list[RowError]:
    """Every bad row (up to ``limit``), so an all-or-nothing import can list them at once."""
    headers = list(headers)
    parser = RowParser(match_columns(headers, mapping), headers)
    names = [None if h is None else str(h).strip() for h in headers]
    errors: list[RowError] = []
    for row in rows:
        try:
            parser.values([row.values.get(h) if h else None for h in names], row.number)
        except RowError as error:
            errors.append(error)
            if len(errors) >= limit:
                break
    return errors
