"""Dossier figures for pages, commands and the reporting form: indicators against the plan.

The plan's criteria 3.8, 7.10, 7.12 and 7.13 (and 3.9, the 766 score) are found by their
``Node.key`` in the year's published plan; each ``Target`` is tied to an indicator by what its
sentence is about (``indicator_for_target``). A target the dossiers cannot measure (7.13's
"số TTHC …" lines count procedures, not dossiers) stays unmatched.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from parsipas.dossiers import cache
from parsipas.dossiers.indicators import Counts, Period, gap_to_target, rate, total
from parsipas.dossiers.stats import counts_by_unit
from parsipas.lib.text import fold
from parsipas.plans.models import Plan, Target
from parsipas.reporting.targets import MET, NOT_MET, UNKNOWN, evaluate
from parsipas.units.models import COMMUNE_KINDS, Unit, UnitKind


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    node_code: str  # the plan criterion it measures
    numerator: str  # Counts fields
    denominator: str
    qualifying: str  # what one more qualifying dossier is, for "what it takes"
    missing_filter: str  # the drill-down to the dossiers that do not qualify


INDICATORS: tuple[Indicator, ...] = (
    Indicator("on_time", "Giải quyết đúng hạn", "3.8", "on_time", "received",
              "hồ sơ giải quyết đúng hạn", "late"),
    Indicator("apology", "Thư xin lỗi khi trễ hạn", "3.8", "late_with_apology", "late",
              "thư xin lỗi", "late_without_apology"),
    Indicator("fully_online", "Hồ sơ trực tuyến toàn trình", "7.12", "fully_online", "received",
              "hồ sơ trực tuyến toàn trình", "not_fully_online"),
    Indicator("online_payment", "Thanh toán trực tuyến (hồ sơ có phí)", "7.13", "paid_online",
              "fee_required", "hồ sơ thanh toán trực tuyến", "fee_not_paid_online"),
    Indicator("digitized", "Số hóa hồ sơ", "7.10", "digitized", "received", "hồ sơ được số hóa",
              "not_digitized"),
)  # fmt: skip
BY_NAME = {i.name: i for i in INDICATORS}
NODE_CODES = ("3.8", "3.9", "7.10", "7.12", "7.13")


def indicator_for_target(node_code: str, text: str) -> str | None:
    """Which indicator a target sentence of the plan measures, or None."""
    words = fold(text)
    if node_code == "3.8":
        return "apology" if "xin loi" in words else "on_time" if "dung han" in words else None
    if node_code == "7.12":
        return "fully_online"
    if node_code == "7.13":
        # "số hồ sơ có phát sinh giao dịch thanh toán trực tuyến" — not "số TTHC ...".
        return "online_payment" if "ho so" in words and "tthc" not in words else None
    if node_code == "7.10":
        return "digitized"
    return None


def score_766_target(plan: Plan | None) -> Target | None:
    """The 3.9 target (the 766 score), if the plan has one."""
    if plan is None:
        return None
    return Target.objects.filter(node__plan=plan, node__index="PAR", node__code="3.9").first()


def score_766_target_value(plan: Plan | None) -> Decimal | None:
    """The points the 3.9 target asks for at least (94 in the 2026 plan), if any."""
    target = score_766_target(plan)
    if target is None or target.value is None:
        return None
    value = Decimal(str(target.value))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def published_plan(year: int) -> Plan | None:
    return Plan.objects.filter(year=year, status=Plan.Status.PUBLISHED).first()


def plan_targets(plan: Plan | None) -> dict[str, Target]:
    """Indicator name -> the plan's target for it (the first one matched)."""
    found: dict[str, Target] = {}
    if plan is None:
        return found
    targets = Target.objects.filter(
        node__plan=plan, node__index="PAR", node__code__in=NODE_CODES
    ).select_related("node")
    for target in targets.order_by("node__order", "order"):
        name = indicator_for_target(target.node.code, target.text)
        if name and name not in found:
            found[name] = target
    return found


# --- periods ---------------------------------------------------------------------------------

PERIOD_LABELS = {
    "Q1": "Quý I", "Q2": "Quý II", "Q3": "Quý III", "Q4": "Quý IV",
    "H1": "6 tháng đầu năm", "9M": "9 tháng", "Y": "Cả năm",
}  # fmt: skip
_QUARTERS = {
    "Q1": (1, 3),
    "Q2": (4, 6),
    "Q3": (7, 9),
    "Q4": (10, 12),
    "H1": (1, 6),
    "9M": (1, 9),
    "Y": (1, 12),
}


def parse_period(year: int, text: str = "Y") -> tuple[str, Period]:
    """'Q1'…'Q4', 'H1', '9M', 'Y' or 'YYYY-MM' (a month of that year) -> (label, Period)."""
    text = (text or "Y").strip().upper()
    if text in _QUARTERS:
        first, last = _QUARTERS[text]
        end = date(year, last, calendar.monthrange(year, last)[1])
        label = f"Cả năm {year}" if text == "Y" else f"{PERIOD_LABELS[text]} năm {year}"
        return label, Period(date(year, first, 1), end)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if match and 1 <= int(match[2]) <= 12:
        y, m = int(match[1]), int(match[2])
        return f"Tháng {m:02d}/{y}", Period(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))
    raise ValueError(f"Kỳ '{text}' không hợp lệ: dùng Q1, Q2, Q3, Q4, H1, 9M, Y hoặc YYYY-MM.")


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    numerator: int
    denominator: int
    value: Decimal | None  # percentage, 2 dp; None = no dossier
    target: Target | None
    result: str  # met | not_met | unknown
    needed: int | None  # more qualifying dossiers to reach the target's lower bound

    @property
    def target_text(self) -> str:
        return str(self.target) if self.target else ""

    @property
    def chip(self) -> str:
        chips: dict[str, str] = {MET: "chip-ok", NOT_MET: "chip-danger"}
        return chips.get(self.result, "chip-muted")


def target_floor(target: Target | None) -> Decimal | None:
    """The percentage a target asks for at least (≥, >, between), if any."""
    if target is None or target.value is None:
        return None
    if target.op in (Target.Op.GE, Target.Op.GT, Target.Op.BETWEEN, Target.Op.EQ):
        return min(Decimal(target.value), Decimal(100))
    return None


def figure(indicator: Indicator, counts: Counts, target: Target | None) -> Figure:
    numerator = getattr(counts, indicator.numerator)
    denominator = getattr(counts, indicator.denominator)
    value = rate(numerator, denominator)
    result = UNKNOWN
    if target is not None and value is not None:
        result = evaluate(target.op, target.value, target.value_max, value)
    floor = target_floor(target)
    needed = gap_to_target(numerator, denominator, floor) if floor is not None else None
    return Figure(indicator, numerator, denominator, value, target, result, needed)


def figures(counts: Counts, targets: dict[str, Target]) -> list[Figure]:
    return [figure(i, counts, targets.get(i.name)) for i in INDICATORS]


@dataclass
class Row:
    label: str
    unit: Unit | None
    counts: Counts
    figures: list[Figure]
    level: str = ""  # "" for a unit; province | agencies | communes for a roll-up


def table(
    period: Period, units: Iterable[Unit], targets: dict[str, Target], *, roll_ups: bool
) -> tuple[list[Row], list[Row]]:
    """(roll-up rows, unit rows) for a period: every given unit, with or without dossiers."""
    units = list(units)
    ids = [u.pk for u in units]
    by_unit = cache.remembered("counts", period, ids, lambda: counts_by_unit(period, ids))
    rows = []
    for unit in units:
        counts = by_unit.get(unit.pk, Counts(period))
        rows.append(Row(unit.name, unit, counts, figures(counts, targets)))
    levels: list[Row] = []
    if roll_ups:
        groups = [
            ("province", "Toàn tỉnh", rows),
            (
                "agencies",
                "Cơ quan cấp tỉnh",
                [r for r in rows if r.unit and r.unit.kind == UnitKind.AGENCY],
            ),
            (
                "communes",
                "Cấp xã (xã, phường)",
                [r for r in rows if r.unit and r.unit.kind in COMMUNE_KINDS],
            ),
        ]
        for level, label, members in groups:
            counts = total((r.counts for r in members), period)
            levels.append(Row(label, None, counts, figures(counts, targets), level))
    return levels, rows
