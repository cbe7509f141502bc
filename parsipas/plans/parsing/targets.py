"""Measurable targets read from a criterion's content ("từ 98% hồ sơ ... trở lên").

Each number of a clause is judged by its neighbourhood: the words before it give the comparison
("ít nhất", "từ ... trở lên", "không quá"), what follows gives the unit ("%", "sáng kiến",
"TTHC"). Numbers that are years, dates, document numbers, versions, ranks or list markers are no
targets. A bare count ("tổ chức 02 cuộc đối thoại") counts only with a known unit, so that
"3 cấp chính quyền" or "34 tỉnh" stay prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Target, TargetOp

# Units of countable results, longest first when matching. Matching is case-insensitive; the
# spelling here is the one reported.
COUNT_UNITS: tuple[str, ...] = (
    "sáng kiến",
    "giải pháp",
    "mô hình",
    "cuộc đối thoại",
    "cuộc kiểm tra",
    "cuộc thanh tra",
    "cuộc thi",
    "hội thi",
    "hội nghị",
    "diễn đàn",
    "cuộc",
    "đợt",
    "lớp",
    "buổi",
    "lượt",
    "TTHC",
    "thủ tục hành chính",
    "thủ tục",
    "dịch vụ công",
    "dịch vụ",
    "DVC",
    "hồ sơ",
    "văn bản",
    "VBQPPL",
    "báo cáo",
    "nhiệm vụ",
    "điểm",
    "đơn vị",
    "cơ quan",
    "doanh nghiệp",
    "người",
    "cán bộ",
    "công chức",
    "viên chức",
    "CBCCVC",
    "tin bài",
    "phóng sự",
    "chuyên mục",
    "chuyên đề",
    "tỷ đồng",
    "triệu đồng",
    "kiến nghị",
    "đề án",
    "ứng dụng",
    "phần mềm",
    "cơ sở dữ liệu",
    "tài khoản",
    "giao dịch",
    "sản phẩm",
)
_UNITS_BY_LENGTH = sorted(COUNT_UNITS, key=len, reverse=True)

_NUMBER_TEXT = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# Not part of a date, a document number ("766/QĐ-TTg"), a version ("3.0") or a word.
_NUMBER = re.compile(rf"(?<![\w/.,])({_NUMBER_TEXT})(?![\w/]|[.,]\d)")
_RANGE_REST = re.compile(rf"^\s*(%)?\s*(?:-|–|—|đến|tới)\s*({_NUMBER_TEXT})\s*(%)?")

# Words right before a number that make it a reference, not a target.
_REFERENCE_BEFORE = re.compile(
    r"\b(?:(?:quyết định|nghị định|thông tư|kế hoạch|công văn|chỉ thị|nghị quyết|văn bản|"
    r"luật|phụ lục)(?: số)?|năm|phiên bản|version|thứ|nhóm|điều|khoản|mục|tiêu chí|lĩnh vực|"
    r"giai đoạn|ngày|tháng|quý|top|cấp|mức độ|bước)\s*$"
)
_OPS_BEFORE: tuple[tuple[re.Pattern[str], TargetOp], ...] = (
    (
        re.compile(r"(?:không quá|không vượt quá|tối đa|không lớn hơn|không cao hơn)(?: là)?\s*$"),
        "<=",
    ),
    (
        re.compile(
            r"(?:ít nhất|tối thiểu|không thấp hơn|không dưới|không ít hơn|đạt và vượt)"
            r"(?: là)?(?: mức)?\s*$"
        ),
        ">=",
    ),
    # "dưới 5%": the plans mean "at most", and the op set has no strict "<".
    (re.compile(r"\b(?:dưới|ít hơn|thấp hơn)\s*$"), "<="),
    (re.compile(r"\b(?:trên|hơn|vượt|cao hơn|lớn hơn|nhiều hơn)\s*$"), ">"),
    (re.compile(r"\btừ\s*$"), ">="),
)
_AT_LEAST_VERB = re.compile(r"\b(?:đạt|phấn đấu)(?: tỷ lệ)?\s*$")
_UP_OR_DOWN_AFTER = re.compile(r"^[^;]*?\btrở (lên|xuống)\b")

_INCREASE = re.compile(
    r"\b(?:cao hơn|tăng|lớn hơn|nhiều hơn)\s+(?:so với\s+)?(?:năm trước|cùng kỳ|năm \d{4})",
    re.IGNORECASE,
)
_ABOVE_PLAN = re.compile(r"\bvượt\b[^;.\d]*?so với kế hoạch", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"(?<=[;.!?])\s+")
_LIST_MARKER = re.compile(r"^\(\d+\)")
_BULLET = re.compile(r"^\s*[-–•+*]\s*")


@dataclass(frozen=True)
class _Found:
    position: int
    target: Target


def _number_value(text: str) -> float:
    # Vietnamese notation: "1.000" is a thousand, "95,5" is ninety-five and a half.
    return float(text.replace(".", "").replace(",", "."))


def _clauses(content: str) -> list[str]:
    """Bullets, then sentences and ';'-parts; '(2) ...' list items stay with their sentence."""
    clauses: list[str] = []
    for line in content.splitlines():
        line = _BULLET.sub("", line).strip()
        parts: list[str] = []
        for piece in _CLAUSE_BREAK.split(line):
            if parts and _LIST_MARKER.match(piece):
                parts[-1] += " " + piece
            else:
                parts.append(piece)
        clauses.extend(p for p in parts if p.strip())
    return clauses


def _unit_after(rest: str, explicit: bool) -> str | None:
    """The unit right after a number; with an explicit comparison, any short noun will do."""
    stripped = rest.lstrip()
    lowered = stripped.casefold()
    for unit in _UNITS_BY_LENGTH:
        if lowered.startswith(unit.casefold()):
            after = stripped[len(unit) : len(unit) + 1]
            if not after or not after.isalnum():
                return unit
    if not explicit:
        return None
    words = re.match(r"([^\W\d]+(?: [^\W\d]+)?)", stripped)
    return words.group(1) if words else ""


def _op_before(before: str) -> TargetOp | None:
    for pattern, op in _OPS_BEFORE:
        if pattern.search(before):
            return op
    return None


def _clause_text(clause: str) -> str:
    return clause.strip().rstrip(";,").strip()


def _is_reference(before: str, rest: str, value: float) -> bool:
    """A year, a document or list number, a rank: not a quantity to reach."""
    if _REFERENCE_BEFORE.search(before) or (before.endswith("(") and rest.startswith(")")):
        return True
    return 1900 <= value <= 2100 and not rest.lstrip().startswith("%")


def _range_target(text: str, value: float, rest: str, range_rest: re.Match[str]) -> Target:
    percent = range_rest.group(1) or range_rest.group(3)
    unit = "%" if percent else _unit_after(rest[range_rest.end() :], explicit=True)
    low, high = sorted((value, _number_value(range_rest.group(2))))
    return Target(text, "between", low, high, unit or "")


def _single_target(text: str, value: float, before: str, rest: str) -> Target | None:
    op = _op_before(before)
    up_or_down = _UP_OR_DOWN_AFTER.match(rest)
    if up_or_down:
        op = ">=" if up_or_down.group(1) == "lên" else "<="
    if rest.lstrip().startswith("%"):
        # A bare "100% ..." is a commitment to reach at least that share.
        return Target(text, op or ">=", value, None, "%")
    unit = _unit_after(rest, explicit=op is not None)
    if unit is None:
        return None
    if op is None:
        op = ">=" if _AT_LEAST_VERB.search(before) else "="
    return Target(text, op, value, None, unit)


def _number_targets(clause: str) -> list[_Found]:
    found: list[_Found] = []
    text = _clause_text(clause)
    consumed_until = 0  # the second number of a range is no target of its own
    for match in _NUMBER.finditer(clause):
        start, end = match.span(1)
        if start < consumed_until:
            continue
        before, rest = clause[:start].casefold(), clause[end:]
        value = _number_value(match.group(1))
        range_rest = _RANGE_REST.match(rest)
        if range_rest:
            consumed_until = end + range_rest.end()
        if _is_reference(before, rest, value):
            continue
        if range_rest:
            target: Target | None = _range_target(text, value, rest, range_rest)
        else:
            target = _single_target(text, value, before, rest)
        if target is not None:
            found.append(_Found(start, target))
    return found


def _comparison_targets(clause: str) -> list[_Found]:
    text = _clause_text(clause)
    found = [
        _Found(m.start(), Target(text, "increase", None, None, ""))
        for m in _INCREASE.finditer(clause)
    ]
    # "vượt ... so với kế hoạch": above 100% of the plan.
    found += [
        _Found(m.start(), Target(text, ">", 100.0, None, "% kế hoạch"))
        for m in _ABOVE_PLAN.finditer(clause)
    ]
    return found


def extract_targets(content: str) -> list[Target]:
    """The measurable targets of a content text, in text order."""
    targets: list[Target] = []
    for clause in _clauses(content):
        found = sorted(
            _number_targets(clause) + _comparison_targets(clause), key=lambda f: f.position
        )
        for item in found:
            # "100% các phòng ... đạt tỷ lệ 100%" is one commitment, not two.
            if item.target not in targets:
                targets.append(item.target)
    return targets
