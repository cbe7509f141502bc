"""The tree of the plan: index (I, II) → field (1…8) → criterion (1.1…8.5).

Codes are checked strictly: a wrong STT would attach a task to the wrong criterion for a whole
year, so a broken code stops the import with a message naming the line. Under SIPAS the lines
1–5 are criteria directly under the index, unless some "1.1" shows that "1" is a field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsipas.lib.text import fold

from .errors import PlanFormatError
from .issues import IssueLog
from .model import IndexKind, Level
from .records import Record

# Indices are numbered I, II (sometimes A, B); fields and criteria with digits.
_INDEX_CODE = re.compile(r"^(?:[IVXLC]+|[A-H])$")
_NUMERIC = re.compile(r"^\d+(?:\.\d+){0,2}$")
_DEFAULT_INDEX_TITLES: dict[IndexKind, str] = {"PAR": "CHỈ SỐ PAR INDEX", "SIPAS": "CHỈ SỐ SIPAS"}
_INDEX_BY_CODE: dict[str, IndexKind] = {"I": "PAR", "II": "SIPAS", "A": "PAR", "B": "SIPAS"}


@dataclass
class TreeEntry:
    record: Record | None  # None for an index the table does not name
    index: IndexKind
    code: str
    level: Level
    parent: str | None
    title_if_implicit: str = ""
    location_if_implicit: str = ""


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def normalize_code(raw: str) -> str | None:
    """'1.' → '1', '01.02' → '1.2', 'ii' → 'II'; None when it is no code."""
    code = re.sub(r"\s+", "", raw).rstrip(".")
    if re.fullmatch(r"[IVXLC]+", code.upper()) or re.fullmatch(r"[A-H]", code):
        return code.upper()  # "a", "b" are sub-items of a cell, never an index
    if _NUMERIC.match(code):
        return ".".join(str(int(part)) for part in code.split("."))
    return None


def label(index: IndexKind, code: str, level: Level) -> str:
    return f"{code} (SIPAS)" if index == "SIPAS" and level != "index" else code


class _TreeBuilder:
    def __init__(self, records: list[Record], titles: dict[int, str], log: IssueLog) -> None:
        self.records = records
        self.titles = titles  # record position -> final title, to recognise the indices
        self.log = log
        self.entries: list[TreeEntry] = []
        self.index: IndexKind | None = None
        self.index_code = ""
        self.seen: dict[tuple[str, str], str] = {}  # (index, code) -> location
        self.last_child: dict[tuple[str, str], int] = {}
        self.field_codes: set[str] = set()  # integer codes that have children, per section

    def build(self) -> list[TreeEntry]:
        codes = [self._code(r) for r in self.records]
        for position, (record, code) in enumerate(zip(self.records, codes, strict=True)):
            if _INDEX_CODE.match(code):
                self._index(record, code)
                self.field_codes = self._section_fields(codes, position + 1)
            elif "." not in code:
                if self.index is None:
                    self._implicit_index(record)
                    self.field_codes = self._section_fields(codes, position)
                self._top(record, code)
            else:
                self._criterion(record, code)
        return self.entries

    def _code(self, record: Record) -> str:
        code = normalize_code(record.code)
        if code is None:
            raise PlanFormatError(
                f"{_cap(record.location)}: mã STT «{record.code}» không hợp lệ "
                "(cần dạng I, II cho chỉ số; 1, 2 cho lĩnh vực; 1.1, 1.2 cho tiêu chí)."
            )
        return code

    @staticmethod
    def _section_fields(codes: list[str], start: int) -> set[str]:
        fields = set()
        for code in codes[start:]:
            if _INDEX_CODE.match(code):
                break
            if "." in code:
                fields.add(code.split(".")[0])
        return fields

    def _index(self, record: Record, code: str) -> None:
        title = fold(self.titles.get(record.order, ""))
        kind: IndexKind | None = None
        if "sipas" in title or "hai long" in title:
            kind = "SIPAS"
        elif re.search(r"\bpar\b", title) or "cai cach hanh chinh" in title:
            kind = "PAR"
        elif code in _INDEX_BY_CODE:
            kind = _INDEX_BY_CODE[code]
            self.log.add(
                record.order,
                "doubt",
                record.where(),
                f"Dòng chỉ số «{code}» không ghi rõ PAR INDEX hay SIPAS; đã hiểu là {kind} "
                "theo thứ tự thường gặp.",
            )
        if kind is None:
            raise PlanFormatError(
                f"{_cap(record.location)}: không nhận ra chỉ số «{code}» "
                f"(«{self.titles.get(record.order, '')}»); bảng chỉ có thể gồm Chỉ số PAR "
                "INDEX và Chỉ số SIPAS."
            )
        earlier = next((e for e in self.entries if e.level == "index" and e.index == kind), None)
        if earlier is not None:
            raise PlanFormatError(
                f"{_cap(record.location)}: chỉ số {kind} xuất hiện lần thứ hai (mã «{code}», "
                f"đã có mã «{earlier.code}» ở {self.seen[(kind, earlier.code)]})."
            )
        self._add(record, kind, code, "index", None)
        self.index, self.index_code = kind, code

    def _implicit_index(self, record: Record) -> None:
        self.index, self.index_code = "PAR", "I"
        where = f"trước {record.location} (không có trong bảng)"
        self.entries.append(
            TreeEntry(None, "PAR", "I", "index", None, _DEFAULT_INDEX_TITLES["PAR"], where)
        )
        self.seen[("PAR", "I")] = record.location
        self.log.add(
            record.order,
            "doubt",
            record.location,
            "Bảng không có dòng chỉ số (I. CHỈ SỐ PAR INDEX) trước các lĩnh vực; "
            "các lĩnh vực được xếp vào Chỉ số PAR INDEX.",
        )

    def _top(self, record: Record, code: str) -> None:
        assert self.index is not None
        is_field = self.index == "PAR" or code in self.field_codes
        self._add(record, self.index, code, "field" if is_field else "criterion", self.index_code)

    def _criterion(self, record: Record, code: str) -> None:
        parent = code.rsplit(".", 1)[0]
        if self.index is None or not any(
            e.index == self.index and e.level == "field" for e in self.entries
        ):
            raise PlanFormatError(
                f"{_cap(record.location)}: tiêu chí «{code}» đứng trước mọi lĩnh vực "
                f"(chưa có dòng lĩnh vực «{code.split('.')[0]}» phía trên)."
            )
        if (self.index, parent) not in self.seen:
            kind = "lĩnh vực" if parent.count(".") == 0 else "tiêu chí"
            raise PlanFormatError(
                f"{_cap(record.location)}: mục «{code}» thuộc {kind} {parent} nhưng phía trên "
                f"không có {kind} {parent} trong chỉ số {self.index}."
            )
        if code.count(".") == 2:
            self.log.add(
                record.order,
                "doubt",
                record.where(),
                f"«{code}» là tiêu chí thành phần; đã nhập như tiêu chí con của tiêu chí {parent}.",
            )
        code = self._excel_lost_zero(record, code, parent)
        self._add(record, self.index, code, "criterion", parent)

    def _excel_lost_zero(self, record: Record, code: str, parent: str) -> str:
        """Excel turns the typed number 7.10 into 7.1: read it as 7.10 when 7.9 precedes it."""
        assert self.index is not None
        candidate = code + "0"
        previous = self.last_child.get((self.index, parent))
        if (
            record.code_is_number
            and (self.index, code) in self.seen
            and (self.index, candidate) not in self.seen
            and previous is not None
            and int(candidate.rsplit(".", 1)[1]) == previous + 1
        ):
            self.log.add(
                record.order,
                "repair",
                record.location,
                f"Mã «{code}» do Excel lưu dạng số đã mất số 0 cuối; đọc là «{candidate}» "
                f"vì đứng sau «{parent}.{previous}».",
            )
            return candidate
        return code

    def _add(
        self, record: Record, index: IndexKind, code: str, level: Level, parent: str | None
    ) -> None:
        other = self.seen.get((index, code))
        if other is not None:
            what = "Chỉ số" if level == "index" else "Mã"
            raise PlanFormatError(
                f"{_cap(record.location)}: {what} «{code}» bị trùng trong chỉ số {index} "
                f"(đã có ở {other})."
            )
        self.seen[(index, code)] = record.location
        record.label = label(index, code, level)
        if parent is not None:
            self._check_sequence(record, index, code, parent)
        self.entries.append(TreeEntry(record, index, code, level, parent))

    def _check_sequence(self, record: Record, index: IndexKind, code: str, parent: str) -> None:
        number = int(code.rsplit(".", 1)[-1])
        previous = self.last_child.get((index, parent), 0)
        self.last_child[(index, parent)] = number
        if number != previous + 1:
            after = f"sau «{_join(parent, previous)}»" if previous else "ở đầu nhóm"
            self.log.add(
                record.order,
                "doubt",
                record.where(),
                f"Mã «{code}» không liền mạch ({after}): có thể thiếu mục hoặc đánh số nhầm.",
            )


def _join(parent: str, number: int) -> str:
    return f"{parent}.{number}" if not _INDEX_CODE.match(parent) else str(number)


def build_tree(records: list[Record], titles: dict[int, str], log: IssueLog) -> list[TreeEntry]:
    return _TreeBuilder(records, titles, log).build()
