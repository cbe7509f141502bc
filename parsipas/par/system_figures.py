"""What parsipas itself knows for criterion X of unit U in year Y, beside the unit's own value.

The internal index asks each unit to self-assess values the system often holds already: the
dossier rates (3.8, 7.10, 7.12, 7.13, from the daily dossier counts), the registers' counts
(inspections, initiatives, tasks, dialogues) and the unit's own reports on the linked plan
criteria. The appraiser sees them next to the self-assessed value, with the difference (it
matters when the two give different points), and the unit's form starts from them.

The figures come from the one registry every page uses (`reporting.computed`: the registers'
and the dossiers' sources, the same numbers the report form and the dashboards show); report
statuses use the words and the latest sent period of `par.sources`. A criterion is tied to the
plan by its ``plan_codes``; when a plan criterion has several figures (3.8: on time, apology
letters), the one whose label shares most words with the criterion's title is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parsipas.lib import numbers
from parsipas.lib.text import fold
from parsipas.par.models import Criterion, Framework
from parsipas.par.scoring import ScoringError, method_points
from parsipas.par.sources import STATUS_REASONS, _latest_period
from parsipas.reporting import computed
from parsipas.reporting.models import Report
from parsipas.units.models import Unit

STATUS_WORDS = {**STATUS_REASONS, "done": "hoàn thành"}
WORKFLOW_WORDS = {
    "draft": "bản nháp, chưa gửi",
    "submitted": "đã gửi, chờ duyệt",
    "accepted": "đã được chấp nhận",
    "returned": "bị trả lại",
}
# The difference of two percentages (or counts) below this is rounding, not a finding.
NOTICEABLE = Decimal("0.5")
# Words a label and a title share that say nothing about which figure is meant.
_COMMON = {
    "ty",
    "le",
    "ho",
    "so",
    "tthc",
    "cua",
    "va",
    "cac",
    "khi",
    "duoc",
    "tren",
    "thuc",
    "hien",
}


@dataclass(frozen=True)
class ReportLine:
    """One of the unit's reports on a linked plan criterion."""

    node_code: str
    period: str  # "Năm 2026"
    status: str  # "done"
    workflow: str  # "accepted"
    late: bool

    @property
    def text(self) -> str:
        late = ", gửi muộn" if self.late else ""
        return (
            f"Tiêu chí {self.node_code}, {self.period}: {STATUS_WORDS.get(self.status, self.status)}"
            f" ({WORKFLOW_WORDS.get(self.workflow, self.workflow)}{late})"
        )


@dataclass(frozen=True)
class SystemFigure:
    """The system's value for one criterion of one unit; `value` is None when it only informs."""

    value: Decimal | None
    text: str  # "2117/2500 hồ sơ (84,68%)"
    source: str  # "Số liệu hồ sơ TTHC (hệ thống một cửa)"
    url: str = ""
    reports: tuple[ReportLine, ...] = field(default_factory=tuple)

    @property
    def is_percent(self) -> bool:
        """The value is a rate (the texts of rates end in "(84,68%)"): shown with a % sign."""
        return self.value is not None and "%" in self.text


@dataclass(frozen=True)
class Comparison:
    figure: SystemFigure
    self_value: Decimal | None
    difference: Decimal | None  # self − system
    system_score: Decimal | None  # the points the system's value would earn
    matters: bool  # the two values give different points (or differ noticeably)

    def _shown(self, value: Decimal | None) -> str:
        return numbers.percent(value) if self.figure.is_percent else numbers.number(value)

    @property
    def value_text(self) -> str:
        """ "84,68%": the system's value as the pages write it."""
        return self._shown(self.figure.value)

    @property
    def self_text(self) -> str:
        return self._shown(self.self_value)

    @property
    def difference_text(self) -> str:
        """ "+10,32 điểm %" (the unit claims more than the system counts), "−2", "0"."""
        if self.difference is None:
            return ""
        sign = "+" if self.difference > 0 else "−" if self.difference < 0 else ""
        unit = " điểm %" if self.figure.is_percent else ""
        return f"{sign}{numbers.number(abs(self.difference))}{unit}"


def _words(text: str) -> set[str]:
    return {w for w in fold(text).replace(",", " ").split() if w not in _COMMON and len(w) > 1}


def _best(criterion: Criterion, items: list[computed.Computed]) -> computed.Computed | None:
    usable = [i for i in items if i.value is not None]
    if not usable:
        return None
    title = _words(criterion.title)
    ranked = sorted(
        usable,
        key=lambda i: (
            -len(title & _words(i.label)),
            i.target_order is None,
            i.target_order or 0,
        ),
    )
    if len(usable) > 1 and not title & _words(ranked[0].label):
        return None  # several figures and none names what the criterion measures
    return ranked[0]


def _reports(framework: Framework, unit: Unit, keys: set[str]) -> dict[str, list[ReportLine]]:
    """node key -> the unit's reports of the latest period that has any sent report."""
    period = _latest_period(framework.year)
    if period is None or not keys:
        return {}
    found: dict[str, list[ReportLine]] = {}
    rows = Report.objects.filter(
        period=period,
        assignment__unit=unit,
        assignment__node__plan__year=framework.year,
    ).select_related("assignment__node")
    for report in rows:
        node = report.assignment.node
        if node.key in keys:
            found.setdefault(node.key, []).append(
                ReportLine(
                    node.code,
                    f"{period.name} {period.year}",
                    report.status,
                    report.workflow,
                    report.late,
                )
            )
    return found


def for_unit(framework: Framework, unit: Unit) -> dict[int, SystemFigure]:
    """criterion id -> what the system knows of it for `unit` in the framework's year."""
    criteria = [c for c in framework.criteria.all() if c.plan_codes and not c.is_group]
    keys = {key for c in criteria for key in c.plan_codes}
    if not keys:
        return {}
    window = computed.Window.of_year(framework.year)
    items = computed.unit_figures(window, [unit.pk]).get(unit.pk, [])
    by_key: dict[str, list[computed.Computed]] = {}
    for item in items:
        by_key.setdefault(item.node_key, []).append(item)
    reports = _reports(framework, unit, keys)
    found: dict[int, SystemFigure] = {}
    for c in criteria:
        lines = tuple(line for key in c.plan_codes for line in reports.get(key, []))
        best = _best(c, [i for key in c.plan_codes for i in by_key.get(key, [])])
        if best is not None:
            found[c.pk] = SystemFigure(best.value, best.text, best.source, best.url, lines)
        elif lines:
            found[c.pk] = _from_reports(c, lines)
    return found


def _from_reports(criterion: Criterion, lines: tuple[ReportLine, ...]) -> SystemFigure:
    """A yes/no criterion reads "done" in the unit's sent reports as 1; others only inform."""
    sent = [line for line in lines if line.workflow in ("submitted", "accepted")]
    value = None
    if criterion.method == Criterion.Method.BINARY and sent:
        value = Decimal(1) if all(line.status == "done" for line in sent) else Decimal(0)
    text = "; ".join(line.text for line in lines)
    return SystemFigure(value, text, "Báo cáo định kỳ của đơn vị", "", lines)


def compare(criterion: Criterion, self_value: Decimal | None, figure: SystemFigure) -> Comparison:
    """The self-assessed value beside the system's, and whether the gap changes the points."""
    if figure.value is None or self_value is None:
        return Comparison(figure, self_value, None, _score(criterion, figure.value), False)
    difference = Decimal(self_value) - Decimal(figure.value)
    system_score = _score(criterion, figure.value)
    own_score = _score(criterion, self_value)
    changes_points = (
        system_score is not None and own_score is not None and system_score != own_score
    )
    return Comparison(
        figure,
        self_value,
        difference,
        system_score,
        changes_points or abs(difference) >= NOTICEABLE,
    )


def _score(criterion: Criterion, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return method_points(criterion.method, criterion.params or {}, criterion.max_points, value)
    except ScoringError:
        return None


def comparisons(framework: Framework, unit: Unit, entries: list[Any]) -> dict[int, Comparison]:
    """entry id -> the comparison of its value with the system's (entries that have one)."""
    figures = for_unit(framework, unit)
    return {
        e.pk: compare(e.criterion, None if e.not_applicable else e.value, figures[e.criterion_id])
        for e in entries
        if e.criterion_id in figures
    }
