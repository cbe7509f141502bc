"""Where the province's projected values come from: one provider per source.

Each provider returns a `SourcedValue` (the value, where it came from, how it was computed) or
None when it has nothing for that criterion. The sources are the reporting, SIPAS and dossier
apps, below this one in the layers (docs/dev/ARCHITECTURE.md): each is asked through its public
functions (`reporting.rollups`, `sipas.api.province_sipas`, `dossiers.api.province_rates`).

The order for a leaf criterion of the province's framework:
1. an estimate of the reform office marked "dùng thay cho số liệu tự động";
2. the automatic source: SIPAS for criteria whose source is `sipas`; the dossier module for
   criteria linked to a dossier indicator (when that module exposes province figures), and
   for 3.9 the province's Decision 766 total (`dossiers.api.province_766`, all six groups);
   the plan's reports for criteria with `plan_codes`;
3. the reform office's estimate;
4. nothing: the criterion scores 0 and is shown as "chưa có số liệu".

Rules for values from the plan's reports (the latest reporting period of the year that has
any submitted report; only submitted or accepted reports count):
- ``ratio``, ``tiers``, ``binary``: the province-wide figure of the linked criterion's first
  target that has one (`reporting.rollups.target_figures`: the share of units meeting it, the
  sum of the units' figures, or the figure the lead entered); when no target has a figure,
  the share (%) of the linked criteria's assigned units that reported the task done.
- ``deduct``: the number of assigned units that reported the task "không hoàn thành" (one
  fault each).
- ``manual`` and ``survey``: no value from reports (points are a judgement; the survey is the
  Ministry's) — use an estimate.
With several plan codes, the first figure found is used, and the share is pooled over all
their assignments.

SIPAS (`parsipas.sipas.api.province_sipas(year)`): a criterion linked to ``SIPAS:k`` takes the
index of element ``Ek`` (the k-th SIPAS line of the plan); one without an element takes the
overall SIPAS index. Only with no fewer valid responses than the sample planner asks for
(`parsipas.sipas.api.sample_needed(year)`): below it the value is "chưa đủ mẫu (n/N)" and counts
as missing (an estimate, if any, is used instead), so a handful of answers cannot move the index.

Units holding a criterion back are listed from the plan whatever the value's source: every
assigned unit of the linked criteria whose report in the period is missing, not "done", or
whose figure does not meet the target.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parsipas.dossiers import api as dossiers_api
from parsipas.par.models import Criterion, Estimate, Framework
from parsipas.plans.models import Assignment, Node, Plan
from parsipas.reporting import rollups
from parsipas.reporting.models import Report, ReportingPeriod, TargetFigure
from parsipas.reporting.rollups import CriterionRollup, TargetRollup
from parsipas.sipas import api as sipas_api
from parsipas.units.models import Unit

SOURCE_LABELS = {
    "plan": "Báo cáo thực hiện kế hoạch",
    "sipas": "Khảo sát SIPAS",
    "dossiers": "Số liệu hồ sơ TTHC",
    "estimate": "Ước tính",
    "none": "Chưa có số liệu",
}
STATUS_REASONS = {
    "not_submitted": "chưa gửi báo cáo",
    "not_started": "chưa triển khai",
    "in_progress": "đang thực hiện",
    "not_done": "không hoàn thành",
}
FIGURE_METHODS = ("ratio", "tiers", "binary")


@dataclass
class Behind:
    """A unit holding a criterion back, and why."""

    unit_code: str
    unit_name: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class SourcedValue:
    value: Decimal | None
    source: str  # plan | sipas | dossiers | estimate | none
    detail: str = ""
    behind: list[Behind] = field(default_factory=list)
    note: str = ""  # why another source was not used, or what is missing
    sample: tuple[int, int] | None = None  # SIPAS below the planned sample: (have, needed)

    @property
    def label(self) -> str:
        if self.sample is not None and self.value is None:
            return f"Chưa đủ mẫu ({self.sample[0]}/{self.sample[1]})"
        return SOURCE_LABELS[self.source]

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass
class YearFigures:
    """The province's SIPAS result and dossier rates of a year, read once for the whole
    framework (a projection asks for them per criterion: each would otherwise be a full
    aggregation per criterion)."""

    year: int
    _sipas: Any = field(default=None, repr=False)
    _rates: Any = field(default=None, repr=False)
    _needed: int = field(default=0, repr=False)
    _read: set[str] = field(default_factory=set, repr=False)

    def sipas(self) -> dict[str, Any] | None:
        if "sipas" not in self._read:
            self._sipas = sipas_api.province_sipas(self.year)
            self._read.add("sipas")
        return self._sipas

    def sample_needed(self) -> int:
        if "needed" not in self._read:
            self._needed = sipas_api.sample_needed(self.year)
            self._read.add("needed")
        return self._needed

    def dossier_rates(self) -> dict[str, Any] | None:
        if "rates" not in self._read:
            self._rates = dossiers_api.province_rates(self.year)
            self._read.add("rates")
        return self._rates


# --- reporting ------------------------------------------------------------------------------


@dataclass
class PlanData:
    """What the reports say for one year, gathered once for the whole framework."""

    available: bool
    reason: str = ""
    period_name: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)  # "PAR:3.8" -> Node
    rollups: dict[int, CriterionRollup] = field(default_factory=dict)  # by node_id
    targets: dict[int, list[TargetRollup]] = field(default_factory=dict)  # by node_id
    grid: dict[tuple[int, int], str] = field(default_factory=dict)
    unmet: set[tuple[int, int]] = field(default_factory=set)  # (node_id, unit_id) figures not met
    units: dict[int, tuple[str, str]] = field(default_factory=dict)  # unit_id -> (code, name)
    assigned: dict[int, list[int]] = field(default_factory=dict)  # node_id -> unit ids


def plan_data(year: int) -> PlanData:
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        return PlanData(False, f"Chưa có kế hoạch năm {year}.")
    data = PlanData(True)
    data.nodes = {n.key: n for n in Node.objects.filter(plan=plan, level=Node.Level.CRITERION)}
    for node_id, unit_id in Assignment.objects.filter(node__plan=plan).values_list(
        "node_id", "unit_id"
    ):
        data.assigned.setdefault(node_id, []).append(unit_id)
    data.units = {
        u.pk: (u.code, u.name) for u in Unit.objects.filter(assignments__node__plan=plan).distinct()
    }
    period = _latest_period(year)
    if period is None:
        data.available = False
        data.reason = f"Chưa có báo cáo nào được gửi trong năm {year}."
        return data
    name = period.name.strip()
    data.period_name = (
        f"báo cáo năm {year}" if name.lower() == "năm" else f"báo cáo {name} năm {year}"
    )
    data.rollups = {r.node_id: r for r in rollups.criterion_rollup(plan, period)}
    for t in rollups.target_figures(plan, period):
        data.targets.setdefault(t.node_id, []).append(t)
    data.grid = rollups.assignment_grid(plan, period)
    data.unmet = set(
        TargetFigure.objects.filter(
            report__period=period,
            report__workflow__in=("submitted", "accepted"),
            target__node__plan=plan,
            result="not_met",
        ).values_list("report__assignment__node_id", "report__assignment__unit_id")
    )
    return data


def _latest_period(year: int) -> ReportingPeriod | None:
    """The latest period of the year with at least one report sent to the lead."""
    sent = Report.objects.filter(period__year=year).exclude(workflow="draft")
    return ReportingPeriod.objects.filter(pk__in=sent.values("period_id")).order_by("-end").first()


def behind_units(criterion: Criterion, data: PlanData) -> list[Behind]:
    """Empty when there is nothing reported yet: no unit is blamed before the first report."""
    if not data.available:
        return []
    found: dict[int, Behind] = {}
    for key in criterion.plan_codes or []:
        node = data.nodes.get(key)
        if node is None:
            continue
        for unit_id in data.assigned.get(node.pk, []):
            reasons = []
            status = data.grid.get((node.pk, unit_id), "not_submitted")
            if status != "done":
                reasons.append(STATUS_REASONS.get(status, status))
            if (node.pk, unit_id) in data.unmet:
                reasons.append("chưa đạt chỉ tiêu")
            if reasons:
                code, name = data.units.get(unit_id, ("?", "?"))
                entry = found.setdefault(unit_id, Behind(code, name))
                entry.reasons.extend(f"{node.code}: {r}" for r in reasons)
    return sorted(found.values(), key=lambda b: b.unit_name)


def plan_value(criterion: Criterion, data: PlanData) -> SourcedValue | None:
    nodes = [data.nodes[k] for k in criterion.plan_codes or [] if k in data.nodes]
    if not nodes or not data.available:
        return None
    if criterion.method in FIGURE_METHODS:
        for node in nodes:
            for t in data.targets.get(node.pk, []):
                if t.figure is not None and getattr(t, "computed", False):
                    how = "nhập thay số tự động, lý do: " if t.overridden else ""
                    return SourcedValue(
                        Decimal(t.figure),
                        "plan",
                        f"Chỉ tiêu {node.code} “{t.text[:80]}”: {t.figure} — {how}"
                        f"{t.override_reason if t.overridden else t.source_text} ({t.source}).",
                    )
                if t.figure is not None:
                    unit = f" {t.unit}" if t.unit else ""
                    return SourcedValue(
                        Decimal(t.figure),
                        "plan",
                        f"Chỉ tiêu {node.code} “{t.text[:80]}”: số liệu toàn tỉnh {t.figure}{unit} "
                        f"({t.units_reported}/{t.units_assigned} đơn vị có số liệu, {data.period_name}).",
                    )
        assigned = sum(data.rollups[n.pk].assigned for n in nodes if n.pk in data.rollups)
        done = sum(data.rollups[n.pk].done for n in nodes if n.pk in data.rollups)
        if not assigned:
            return None
        share = Decimal(100 * done) / Decimal(assigned)
        return SourcedValue(
            share,
            "plan",
            f"{done}/{assigned} đơn vị được giao đã báo cáo hoàn thành ({data.period_name}).",
        )
    if criterion.method == "deduct":
        faults = sum(
            data.rollups[n.pk].by_status["not_done"] for n in nodes if n.pk in data.rollups
        )
        return SourcedValue(
            Decimal(faults),
            "plan",
            f"{faults} đơn vị báo cáo “không hoàn thành” ({data.period_name}).",
        )
    return None


# --- SIPAS and dossiers -------------------------------------------------------------------


def sipas_value(
    criterion: Criterion, year: int, figures: YearFigures | None = None
) -> SourcedValue | None:
    figures = figures or YearFigures(year)
    result = figures.sipas()
    if not result:
        return None
    have, needed = int(result.get("n") or 0), figures.sample_needed()
    if have < needed:
        return SourcedValue(
            None,
            "sipas",
            f"Chưa đủ mẫu: {have}/{needed} phiếu hợp lệ năm {year}, kế hoạch cỡ mẫu cần ít nhất "
            f"{needed} phiếu; chưa tính điểm theo SIPAS.",
            sample=(have, needed),
        )
    elements = result.get("elements") or {}
    for key in criterion.plan_codes or []:
        if not key.startswith("SIPAS:"):
            continue
        number = key.split(":", 1)[1]
        for candidate in (f"E{number}", number, int(number) if number.isdigit() else None, key):
            if candidate in elements and elements[candidate] is not None:
                value = elements[candidate]
                value = value.get("index", value.get("pct")) if isinstance(value, dict) else value
                if value is not None:
                    return SourcedValue(
                        Decimal(str(value)),
                        "sipas",
                        f"Chỉ số thành phần {number} của SIPAS năm {year} ({result.get('n', 0)} phiếu).",
                    )
    if result.get("sipas") is None:
        return None
    return SourcedValue(
        Decimal(str(result["sipas"])),
        "sipas",
        f"Chỉ số SIPAS năm {year} ({result.get('n', 0)} phiếu).",
    )


# plan criteria that a dossier indicator measures directly
DOSSIER_INDICATORS = {
    "PAR:3.8": "on_time_rate",
    "PAR:7.10": "digitized_rate",
    "PAR:7.12": "fully_online_rate",
    "PAR:7.13": "online_payment_rate",
}


def dossier_value(
    criterion: Criterion, year: int, figures: YearFigures | None = None
) -> SourcedValue | None:
    """From `parsipas.dossiers.api.province_rates(year)` -> {indicator: pct}."""
    rates = (figures or YearFigures(year)).dossier_rates() or {}
    for key in criterion.plan_codes or []:
        indicator = DOSSIER_INDICATORS.get(key)
        if indicator and rates.get(indicator) is not None:
            return SourcedValue(
                Decimal(str(rates[indicator])),
                "dossiers",
                f"Số liệu hồ sơ TTHC năm {year} ({indicator}).",
            )
    return None


def q766_value(criterion: Criterion, year: int) -> SourcedValue | None:
    """Criterion 3.9 (the Decision 766 score): the province's 766 total for the year, from
    `parsipas.dossiers.api.province_766(year)` when all six groups are scored."""
    if "PAR:3.9" not in (criterion.plan_codes or []):
        return None
    found = dossiers_api.province_766(year)
    if not found:
        return None
    return SourcedValue(Decimal(str(found["score"])), "dossiers", str(found["detail"]))


# --- estimates and the resolution order ---------------------------------------------------


def estimate_value(estimate: Estimate | None) -> SourcedValue | None:
    if estimate is None:
        return None
    who = estimate.entered_by.display_name if estimate.entered_by else "hệ thống"
    when = estimate.entered_at.strftime("%d/%m/%Y") if estimate.entered_at else ""
    detail = f"Ước tính của {who} ngày {when}."
    if estimate.note:
        detail += f" Căn cứ: {estimate.note}"
    return SourcedValue(estimate.value, "estimate", detail)


def automatic_value(
    criterion: Criterion, year: int, data: PlanData, figures: YearFigures | None = None
) -> SourcedValue | None:
    figures = figures or YearFigures(year)
    if criterion.source == Criterion.Source.SIPAS:
        found = sipas_value(criterion, year, figures)
        if found:
            return found
    found = q766_value(criterion, year) or dossier_value(criterion, year, figures)
    if found:
        return found
    return plan_value(criterion, data)


@dataclass
class Automatic:
    """What the other apps say for a framework's leaves, gathered once (and cached by
    `par.inputs`): the reports' period, each leaf's automatic value (None: nothing; a value of
    None with `sample`: SIPAS below the planned sample), why a leaf has none, and the units
    holding each leaf back."""

    plan: PlanData  # available, reason and period_name only (the dicts are not kept)
    values: dict[str, SourcedValue | None] = field(default_factory=dict)
    why_none: dict[str, str] = field(default_factory=dict)
    behind: dict[str, list[Behind]] = field(default_factory=dict)
    computed_at: Any = None


def automatic_values(
    framework: Framework, criteria: Any = None, data: PlanData | None = None
) -> Automatic:
    from django.utils import timezone

    data = data if data is not None else plan_data(framework.year)
    leaves = [
        c
        for c in (criteria if criteria is not None else framework.criteria.all())
        if c.method != Criterion.Method.GROUP
    ]
    figures = YearFigures(framework.year)
    found = Automatic(
        PlanData(data.available, data.reason, data.period_name), computed_at=timezone.now()
    )
    for criterion in leaves:
        found.values[criterion.code] = automatic_value(criterion, framework.year, data, figures)
        found.why_none[criterion.code] = _why_none(criterion, data)
        found.behind[criterion.code] = behind_units(criterion, data)
    return found


def province_values(
    framework: Framework,
    data: PlanData | None = None,
    automatic: Automatic | None = None,
    criteria: Any = None,
) -> dict[str, SourcedValue]:
    """A SourcedValue for every leaf criterion of the framework: its automatic value (given,
    or computed now) weighed against the office's estimate (always read now)."""
    if automatic is None:
        automatic = automatic_values(framework, criteria, data)
    estimates = {
        e.criterion_id: e
        for e in Estimate.objects.filter(criterion__framework=framework).select_related(
            "entered_by"
        )
    }
    leaves = [
        c
        for c in (criteria if criteria is not None else framework.criteria.all())
        if c.method != Criterion.Method.GROUP
    ]
    values: dict[str, SourcedValue] = {}
    for criterion in leaves:
        estimate = estimates.get(criterion.pk)
        found = automatic.values.get(criterion.code)
        auto = copy.copy(found) if found is not None else None
        short = None
        if auto is not None and auto.value is None:  # SIPAS below the sample size
            short, auto = auto, None
        if estimate is not None and estimate.overrides:
            chosen = estimate_value(estimate)
            if auto is not None and chosen is not None:
                chosen.note = f"Thay cho số liệu tự động {auto.value:.2f} ({auto.label.lower()})."
        elif auto is not None:
            chosen = auto
            if estimate is not None:
                chosen.note = f"Có ước tính {estimate.value:.2f} nhưng đang dùng số liệu tự động."
        else:
            chosen = estimate_value(estimate)
            if chosen is None and short is not None:
                chosen = SourcedValue(None, "none", short.detail, sample=short.sample)
            elif chosen is None:
                chosen = SourcedValue(None, "none", automatic.why_none.get(criterion.code, ""))
            elif short is not None and short.sample is not None:
                chosen.note = f"SIPAS chưa đủ mẫu ({short.sample[0]}/{short.sample[1]} phiếu)."
        assert chosen is not None
        chosen.behind = list(automatic.behind.get(criterion.code, []))
        values[criterion.code] = chosen
    return values


def _why_none(criterion: Criterion, data: PlanData) -> str:
    if criterion.method in ("manual", "survey") and criterion.source != Criterion.Source.SIPAS:
        return "Tiêu chí chấm theo đánh giá/điều tra: cần nhập ước tính."
    if criterion.source == Criterion.Source.SIPAS:
        return "Chưa có kết quả khảo sát SIPAS của năm: cần nhập ước tính."
    if not criterion.plan_codes:
        return "Tiêu chí không gắn với tiêu chí nào của kế hoạch: cần nhập ước tính."
    if not data.available:
        return data.reason or "Chưa có số liệu báo cáo."
    return "Các đơn vị chưa báo cáo số liệu cho tiêu chí này."
