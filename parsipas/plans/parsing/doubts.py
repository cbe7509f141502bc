"""Things a human must look at: the parser keeps the document as written and says why it doubts.

None of these change the plan. They are the checks an officer of the reform office would make
reading the appendix: columns that look swapped, "the related agencies" that nobody named, a
content that says the opposite of its title, a deadline nobody can compute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from parsipas.lib.text import fold

from .model import ParsedNode

# (topic, marker): when title and content both speak of the topic, they must agree on the
# marker. PAR criteria 6.8/6.9 differ only by "một phần", and plans have swapped their contents.
CONTRADICTION_MARKERS: tuple[tuple[str, str], ...] = (("chi thường xuyên", "một phần"),)

_RELATED = re.compile(r"các (?:cơ quan|đơn vị|sở|ngành)[^;]*?(?:có )?liên quan", re.I)
_MEASURED_TITLE = re.compile(r"^(?:tỷ lệ|tỉ lệ|số lượng|số)\b", re.I)


@dataclass(frozen=True)
class Doubt:
    node: ParsedNode
    message: str


def _related_phrase(text: str) -> str:
    match = _RELATED.search(text)
    return match.group(0) if match else "các cơ quan có liên quan"


def agency_doubts(node: ParsedNode, field_lead: str = "") -> Iterator[str]:
    leads, implementers = node.leads, node.implementers
    if leads.groups and not leads.names and implementers.names:
        yield (
            f"Cột CƠ QUAN CHỦ TRÌ ghi một nhóm («{node.lead_text}») trong khi cột CƠ QUAN THỰC "
            f"HIỆN ghi cơ quan cụ thể («{node.implementers_text}»): có thể hai cột bị đặt ngược; "
            "quản trị viên cần kiểm tra và chọn cơ quan chủ trì."
        )
    elif leads.groups and not leads.names:
        yield (
            f"Cột CƠ QUAN CHỦ TRÌ ghi một nhóm («{node.lead_text}») chứ không phải cơ quan cụ "
            "thể: quản trị viên cần chọn cơ quan chủ trì."
        )
    for column, text, ref in (
        ("CƠ QUAN CHỦ TRÌ", node.lead_text, leads),
        ("CƠ QUAN THỰC HIỆN", node.implementers_text, implementers),
    ):
        if ref.related:
            yield (
                f"Cột {column} có «{_related_phrase(text)}»: quản trị viên cần chọn cụ thể "
                "các cơ quan này."
            )
    if node.level == "field" and leads.is_empty:
        yield (
            "Lĩnh vực chưa ghi cơ quan chủ trì (ở cột CƠ QUAN CHỦ TRÌ hoặc đầu nội dung, như "
            "«Sở Nội vụ chủ trì, ...»)."
        )
    if node.level == "criterion" and leads.is_empty:
        hint = f" (lĩnh vực {node.parent} do {field_lead} chủ trì)" if field_lead else ""
        yield f"Cột CƠ QUAN CHỦ TRÌ trống: quản trị viên cần chọn cơ quan chủ trì{hint}."
    if node.level == "criterion" and implementers.is_empty:
        yield "Cột CƠ QUAN THỰC HIỆN trống: chưa biết giao nhiệm vụ cho đơn vị nào."


def deadline_doubts(node: ParsedNode, year: int | None) -> Iterator[str]:
    if node.level != "criterion":
        return
    if not node.deadline_text:
        yield "Cột THỜI GIAN THỰC HIỆN trống: chưa có thời hạn."
    elif node.deadline is None and not node.deadline_by_authority:
        yield (
            f"Không đọc được thời hạn «{node.deadline_text}»: quản trị viên cần nhập ngày "
            "hoàn thành."
        )
    elif node.deadline and year and node.deadline.year != year:
        yield f"Thời hạn «{node.deadline_text}» không thuộc năm {year} của kế hoạch."


def content_doubts(node: ParsedNode) -> Iterator[str]:
    if node.level != "criterion":
        return
    if not node.title:
        yield "Thiếu tên tiêu chí (cột LĨNH VỰC, TIÊU CHÍ trống)."
    if not node.content:
        yield "Cột NỘI DUNG THỰC HIỆN trống."
    elif not node.targets and _MEASURED_TITLE.match(node.title):
        yield (
            "Tiêu chí đo bằng tỷ lệ hoặc số lượng nhưng nội dung không nêu chỉ tiêu cụ thể "
            "(như «100%», «từ 03 ... trở lên»): báo cáo sẽ không so được với chỉ tiêu."
        )


def _words_before(text: str, phrase: str, count: int = 6) -> str:
    at = text.casefold().find(phrase.casefold())
    if at < 0:
        return phrase
    before = re.split(r"[,;.()]", text[:at])[-1].split()[-count:]
    return " ".join([*before, text[at : at + len(phrase)]])


def _disagreement(node: ParsedNode, topic: str, marker: str) -> bool | None:
    """True if the title has the marker and the content not, False the reverse, else None."""
    title, content = fold(node.title), fold(node.content)
    if fold(topic) not in title or fold(topic) not in content:
        return None
    in_title, in_content = fold(marker) in title, fold(marker) in content
    return None if in_title == in_content else in_title


def contradiction_doubts(nodes: list[ParsedNode]) -> Iterator[Doubt]:
    criteria = [n for n in nodes if n.level == "criterion"]
    for topic, marker in CONTRADICTION_MARKERS:
        for node in criteria:
            side = _disagreement(node, topic, marker)
            if side is None:
                continue
            partners = [
                other.code
                for other in criteria
                if other is not node
                and other.index == node.index
                and other.parent == node.parent
                and _disagreement(other, topic, marker) is (not side)
            ]
            swap = (
                f"nội dung có thể bị hoán đổi với mục {', '.join(partners)}"
                if partners
                else "nội dung có thể chép nhầm"
            )
            yield Doubt(
                node,
                f"Tên tiêu chí nói «{_words_before(node.title, topic)}» nhưng nội dung nói "
                f"«{_words_before(node.content, topic)}»: {swap}; quản trị viên cần kiểm tra.",
            )
