"""Collects import issues in table order, and summarises the trivial clean-ups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .cleaning import CLEANUP_HTML, CLEANUP_INVISIBLE, CLEANUP_SPACES, CLEANUP_UNICODE
from .model import ImportIssue, Severity

_CLEANUP_MESSAGES = {
    CLEANUP_HTML: "Đã bỏ thẻ HTML (<p>, <ul>, <li>...) còn sót trong ô ({count} dòng): {where}.",
    CLEANUP_SPACES: "Đã bỏ khoảng trắng thừa hoặc khoảng trắng đặc biệt ({count} dòng): {where}.",
    CLEANUP_INVISIBLE: "Đã bỏ ký tự ẩn (gạch nối mềm, khoảng trắng rộng 0) ({count} dòng): {where}.",
    CLEANUP_UNICODE: "Đã chuẩn hóa dấu tiếng Việt (Unicode dựng sẵn) ({count} dòng): {where}.",
}


@dataclass
class _Entry:
    order: int
    severity: Severity
    where: Callable[[], str]  # resolved at the end: the item's code is known only then
    message: str


@dataclass
class IssueLog:
    _entries: list[_Entry] = field(default_factory=list)
    _cleanups: dict[str, list[str]] = field(default_factory=dict)

    def add(
        self, order: int, severity: Severity, where: str | Callable[[], str], message: str
    ) -> None:
        resolve = where if callable(where) else (lambda: where)
        self._entries.append(_Entry(order, severity, resolve, message))

    def cleaned(self, kinds: set[str], location: str) -> None:
        for kind in kinds:
            places = self._cleanups.setdefault(kind, [])
            if location not in places:
                places.append(location)

    def issues(self) -> list[ImportIssue]:
        summaries = [
            ImportIssue("repair", "toàn bảng", _cleanup_message(kind, places))
            for kind, places in sorted(self._cleanups.items())
        ]
        ordered = sorted(self._entries, key=lambda e: e.order)  # stable: same row keeps order
        return summaries + [ImportIssue(e.severity, e.where(), e.message) for e in ordered]


def _cleanup_message(kind: str, places: list[str]) -> str:
    shown = ", ".join(places[:12])
    if len(places) > 12:
        shown += f" và {len(places) - 12} dòng khác"
    return _CLEANUP_MESSAGES[kind].format(count=len(places), where=shown)
