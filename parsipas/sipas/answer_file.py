"""Read a file of survey answers, one respondent a row, checking every row before any use.

The layout (the `parsipas sipas compute` input and the base of the response import):
``respondent_id, unit_code, submitted_at`` and one column per question. In the satisfaction
layout a column named ``E<k>.<n>`` is a satisfaction question of element ``E<k>`` whatever
``n``; answers are 1–5, with 0 or blank for "no opinion"; any other column is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import BinaryIO

from parsipas.lib.tabular import Problems, Row, open_table, refused
from parsipas.lib.text import fold
from parsipas.sipas.indices import NO_OPINION, Tally

REQUIRED_COLUMNS = ("respondent_id", "unit_code", "submitted_at")
SATISFACTION_COLUMN = re.compile(r"^E(\d+)\.(\d+)$", re.IGNORECASE)
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d")
DATETIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")


@dataclass(frozen=True)
class SatisfactionRow:
    number: int
    respondent_id: str
    unit_code: str
    submitted_at: datetime
    answers: dict[str, int]  # question code (upper case) -> 0..5; blank is stored as 0


def parse_moment(text: str) -> datetime | None:
    """ISO date/datetime or Vietnamese dd/mm/yyyy [hh:mm[:ss]]; naive unless the text has an offset."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment
    except ValueError:
        pass
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    for fmt in DATE_FORMATS:
        try:
            return datetime.combine(datetime.strptime(text, fmt).date(), time(12, 0))
        except ValueError:
            continue
    return None


def as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time(12, 0))


def element_of(column: str) -> str | None:
    """'E3.2' -> 'E3'; None for a column that is not a satisfaction question."""
    match = SATISFACTION_COLUMN.match(column.strip())
    return f"E{int(match.group(1))}" if match else None


def map_required(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """The file's header for each required column (any case or spacing), and the problems."""
    by_fold = {fold(h).replace(" ", "_"): h for h in headers}
    found = {name: by_fold[name] for name in REQUIRED_COLUMNS if name in by_fold}
    missing = [name for name in REQUIRED_COLUMNS if name not in found]
    errors = [f"Thiếu cột bắt buộc '{name}'." for name in missing]
    return found, errors


def read_satisfaction_file(stream: BinaryIO, filename: str = "tệp") -> list[SatisfactionRow]:
    """Every row of a satisfaction-only file, or ImportRefused listing the problems."""
    headers, rows = open_table(stream, filename, max_bytes=0)
    return parse_satisfaction_rows(headers, rows)


def parse_satisfaction_rows(headers: list[str], rows: Iterable[Row]) -> list[SatisfactionRow]:
    required, errors = map_required(headers)
    question_columns: list[tuple[str, str]] = []  # (header, code)
    for header in headers:
        if header in required.values():
            continue
        if not header.strip():
            errors.append("Có cột không có tiêu đề.")
        elif element_of(header) is None:
            errors.append(
                f"Cột '{header}' không hợp lệ: chỉ chấp nhận respondent_id, unit_code, submitted_at "
                "và các câu hỏi hài lòng dạng E<k>.<n> (ví dụ E1.1)."
            )
        else:
            question_columns.append((header, header.strip().upper()))
    codes = [code for _, code in question_columns]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        errors.append(f"Câu hỏi {code} có nhiều hơn một cột.")
    if not question_columns and not errors:
        errors.append("Tệp không có cột câu hỏi nào (E1.1, E1.2, …).")
    if errors:
        raise refused(errors)

    parsed: list[SatisfactionRow] = []
    seen: dict[str, int] = {}
    problems = Problems()
    for row in rows:
        before = len(problems)
        respondent = row.values[required["respondent_id"]]
        unit_code = row.values[required["unit_code"]].strip()
        moment_text = row.values[required["submitted_at"]]
        if not respondent:
            problems.add("để trống.", row.number, "respondent_id")
        elif respondent in seen:
            problems.add(
                f"'{respondent}' đã có ở dòng {seen[respondent]}.", row.number, "respondent_id"
            )
        else:
            seen[respondent] = row.number
        if not unit_code:
            problems.add("để trống.", row.number, "unit_code")
        moment = parse_moment(moment_text)
        if moment is None:
            problems.add(
                f"'{moment_text}' không phải ngày giờ (ví dụ 2026-03-15 hoặc 15/03/2026 09:30).",
                row.number,
                "submitted_at",
            )
        answers: dict[str, int] = {}
        for header, code in question_columns:
            text = row.values[header]
            value = parse_answer(text)
            if value is None:
                problems.add(
                    f"'{text[:50]}' không hợp lệ (chỉ 1–5, hoặc 0/để trống nếu không ý kiến).",
                    row.number,
                    header,
                )
            else:
                answers[code] = value
        if len(problems) > before:
            continue
        assert moment is not None
        parsed.append(SatisfactionRow(row.number, respondent, unit_code, moment, answers))
    problems.raise_if_any()
    return parsed


def parse_answer(text: str) -> int | None:
    """'1'..'5' -> the value; '' or '0' -> 0 (no opinion); anything else -> None."""
    text = text.strip()
    if text == "":
        return NO_OPINION
    if text.endswith(".0"):  # spreadsheets write 4 as 4.0
        text = text[:-2]
    if text in {"0", "1", "2", "3", "4", "5"}:
        return int(text)
    return None


def tally_rows(rows: Iterable[SatisfactionRow]) -> tuple[Tally, dict[str, Tally]]:
    """(province, {unit code: unit}) tallies; the province pools every row."""
    province = Tally()
    units: dict[str, Tally] = {}
    for row in rows:
        unit = units.setdefault(row.unit_code, Tally())
        unit.respondents += 1
        province.respondents += 1
        for code, value in row.answers.items():
            element = element_of(code)
            assert element is not None
            unit.add(element, value)
            province.add(element, value)
    return province, units
