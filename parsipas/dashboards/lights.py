"""Traffic lights: one rule, used by every dashboard, the Word report and the public page.

A light summarises a group of assignments (a field, SIPAS, a criterion, a unit) in one period:

- **red**    — less than 50 % of the assignments are *done or on track*, or a criterion of the
               group is past its deadline with units that have not reported it done
               (`overdue` > 0);
- **amber**  — 50 % to less than 80 % done or on track;
- **green**  — at least 80 % done or on track, and nothing overdue;
- **grey**   — nothing assigned, or no report sent yet.

"On track" means reported *in progress* on a criterion whose deadline has not passed yet: work
under way still counts while there is time. Once the deadline is past only *done* counts.
"""

from __future__ import annotations

from dataclasses import dataclass

GREEN_FROM = 80.0  # percent done or on track
AMBER_FROM = 50.0

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
LABELS = {GREEN: "Đạt tiến độ", AMBER: "Cần đôn đốc", RED: "Có nguy cơ", GREY: "Chưa có số liệu"}
CHIPS = {GREEN: "chip-ok", AMBER: "chip-warn", RED: "chip-danger", GREY: "chip-muted"}


@dataclass(frozen=True)
class Light:
    colour: str
    percent: float | None  # done or on track, 0–100
    reason: str

    @property
    def label(self) -> str:
        return LABELS[self.colour]

    @property
    def chip(self) -> str:
        return CHIPS[self.colour]


def _vn(percent: float) -> str:
    from parsipas.lib import numbers

    return numbers.percent(percent)


def share(assigned: int, good: int) -> float | None:
    """Percentage of assignments done or on track (None when nothing is assigned)."""
    if assigned <= 0:
        return None
    return round(100 * good / assigned, 1)


def light(assigned: int, good: int, overdue: int = 0, reported: int | None = None) -> Light:
    """The light of a group of `assigned` assignments of which `good` are done or on track and
    `overdue` criteria are past their deadline with units not done. `reported` (assignments with
    a sent report) lets a group with no report at all yet stay grey instead of red."""
    percent = share(assigned, good)
    if percent is None:
        return Light(GREY, None, "Không có nhiệm vụ được giao")
    if overdue > 0:
        return Light(RED, percent, f"{overdue} tiêu chí đã quá hạn mà còn đơn vị chưa hoàn thành")
    if reported == 0:
        return Light(GREY, percent, "Chưa có đơn vị gửi báo cáo trong kỳ")
    if percent >= GREEN_FROM:
        return Light(GREEN, percent, f"{_vn(percent)} nhiệm vụ hoàn thành hoặc đúng tiến độ")
    if percent >= AMBER_FROM:
        return Light(AMBER, percent, f"{_vn(percent)} nhiệm vụ hoàn thành hoặc đúng tiến độ")
    return Light(RED, percent, f"Chỉ {_vn(percent)} nhiệm vụ hoàn thành hoặc đúng tiến độ")


def good_of_criterion(done: int, in_progress: int, deadline: object, today: object) -> int:
    """Done, plus in progress while the criterion's deadline (a date or None) has not passed."""
    passed = deadline is not None and deadline < today  # type: ignore[operator]
    return done + (0 if passed else in_progress)
