"""Signs that an appendix is probably incomplete: cut short, without its SIPAS part, with far
fewer fields than the plan it replaces or the year before, or removing many criteria.

A truncated file parses: its first half is a valid plan. Applied, it would shrink the stored
plan. The import report lists these signs and applying then needs an explicit confirmation
(`--allow-shrink` on the command line, a checkbox naming what disappears on the page).
Pure: the caller passes the counts of the stored plans.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from parsipas.lib.tabular import text_encoding
from parsipas.plans.parsing import ParsedPlan

SHRINK_SHARE = 0.10  # removing more than this share of the stored criteria needs confirmation
FEWEST_FIELDS_SHARE = 0.5  # fewer fields than half of the plan it replaces (or last year's)


@dataclass(frozen=True)
class Baseline:
    """What the file is compared with: the stored plan of the year, else last year's."""

    label: str  # "kế hoạch đã lưu", "kế hoạch năm 2025"
    fields: int
    criteria: int


def ends_mid_row(data: bytes) -> bool:
    """A text appendix whose last table line has fewer cells than the table's rows."""
    if data.startswith(b"PK"):
        return False
    text = data.decode(text_encoding(data) or "utf-8", errors="replace")
    rows = [line for line in text.splitlines() if "\t" in line]
    if not rows:
        return False
    width = Counter(len(row.split("\t")) for row in rows).most_common(1)[0][0]
    last = next(line for line in reversed(text.splitlines()) if line.strip())
    return "\t" in last and len(last.split("\t")) < width


def incomplete_signs(
    data: bytes,
    parsed: ParsedPlan,
    baseline: Baseline | None,
    leaving_criteria: int,
) -> list[str]:
    """Why this file is probably not the whole appendix (Vietnamese), or nothing."""
    signs = []
    if ends_mid_row(data):
        signs.append("Tệp kết thúc giữa chừng một hàng của bảng: có thể đã bị cắt.")
    criteria = [n for n in parsed.nodes if n.level == "criterion"]
    if criteria and not any(n.index == "SIPAS" for n in criteria):
        signs.append("Tệp không có phần Chỉ số SIPAS.")
    fields = sum(1 for n in parsed.nodes if n.level == "field")
    if baseline is not None and baseline.fields and fields < FEWEST_FIELDS_SHARE * baseline.fields:
        signs.append(
            f"Tệp chỉ có {fields} lĩnh vực, trong khi {baseline.label} có {baseline.fields}."
        )
    if (
        baseline is not None
        and baseline.label == "kế hoạch đã lưu"
        and baseline.criteria
        and leaving_criteria > SHRINK_SHARE * baseline.criteria
    ):
        share = f"{100 * leaving_criteria / baseline.criteria:.0f}".replace(".", ",")
        signs.append(
            f"Áp dụng tệp này sẽ bỏ {leaving_criteria} trong {baseline.criteria} tiêu chí của "
            f"kế hoạch đã lưu ({share}%, quá mức {100 * SHRINK_SHARE:.0f}%)."
        )
    return signs
