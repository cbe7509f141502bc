"""Figures the system computes instead of letting a person type them: one registry, many sources.

A *source* (the registers, the dossiers, later the petitions) registers itself in its app's
``ready()`` and answers two questions for a window of time (a reporting period, or a year):

- ``unit_figures(window, unit_ids)`` -> {unit_id: [Computed, ...]}: each unit's own figure;
- ``province_figures(window)`` -> [Computed, ...]: the province-wide figure.

A `Computed` names its target by the plan node's key ("PAR:1.4") and the target's order inside that
criterion (optionally a few words its sentence must contain), never by a database id, so it survives
a re-import of the plan. ``target_order=None`` is a figure for a criterion without a measurable
target (4.8, 7.10): shown by ``registers figures`` and on the criterion's pages, never compared.

The rules every page follows (see DESIGN: "a figure the system can compute is computed"):
- a unit's report form shows the computed figure already filled, with where it comes from;
- `workflow.save_report` stores it with a snapshot of the source; a different number is refused
  unless the person gives a reason (`override_reason`), and is marked as an override wherever it
  shows (report page, review, roll-ups, dashboards, Word/Excel);
- the province figure of a target with a computed province value is that value
  (`rollups.target_figures`), unless the criterion's lead entered another one with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from parsipas.lib.text import fold, slug

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Window:
    """The dates a figure covers: a reporting period, or a whole year."""

    year: int
    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def of_period(cls, period: Any) -> Window:
        return cls(period.year, period.start, period.end, period.label)

    @classmethod
    def of_year(cls, year: int) -> Window:
        return cls(year, dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}")

    @property
    def year_start(self) -> dt.date:
        """Registers count from 1 January: the criteria are about the whole year so far."""
        return dt.date(self.year, 1, 1)


@dataclass(frozen=True)
class Computed:
    node_key: str  # "PAR:1.4"
    target_order: int | None  # Target.order in that criterion; None: no target to compare with
    label: str  # what is counted: "Vấn đề đã khắc phục / vấn đề phát hiện"
    value: Decimal | None  # None: nothing to count yet (no finding, no dossier)
    text: str  # "1/2 vấn đề (50,00%)"
    source: str  # "Sổ theo dõi kiểm tra CCHC"
    url: str  # the rows behind the value
    rows: int  # how many records the value counts
    target_hint: str = ""  # words the target sentence contains (folded), tried before the order

    @property
    def key(self) -> str:
        suffix = self.target_order if self.target_order is not None else slug(self.label)
        return f"{self.node_key}#{suffix}"


class Source(Protocol):
    name: str

    def unit_figures(self, window: Window, unit_ids: list[int]) -> dict[int, list[Computed]]: ...

    def province_figures(self, window: Window) -> list[Computed]: ...


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    """Called from an AppConfig.ready(); registering the same name again replaces it."""
    _sources[source.name] = source


def sources() -> list[Source]:
    return list(_sources.values())


# --- numbers and texts the sources share -----------------------------------------------------


def percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(CENT)


def number(value: Decimal | int | None) -> str:
    """'50,00' — a figure as the pages write it."""
    if value is None:
        return "—"
    text = f"{Decimal(value):.2f}" if isinstance(value, Decimal) else str(value)
    if text.endswith(".00"):
        text = text[:-3]
    return text.replace(".", ",")


def ratio_text(numerator: int, denominator: int, noun: str, empty: str = "") -> str:
    """'1/2 vấn đề đã khắc phục (50%)'; `empty` (or 'chưa có số liệu') when nothing to count."""
    value = percent(numerator, denominator)
    if value is None:
        return empty or "chưa có số liệu"
    return f"{numerator}/{denominator} {noun} ({number(value)}%)"


def same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a).quantize(CENT) == Decimal(b).quantize(CENT)


# --- matching figures to the plan's targets ---------------------------------------------------


def _target_for(item: Computed, targets: list[Any]) -> Any | None:
    if item.target_order is None:
        return None
    if item.target_hint:
        for t in targets:
            if item.target_hint in fold(t.text):
                return t
    return next((t for t in targets if t.order == item.target_order), None)


def _node_key(target: Any) -> str:
    return f"{target.node.index}:{target.node.code}"


def match(items: Iterable[Computed], targets: Iterable[Any]) -> dict[int, Computed]:
    """target id -> its computed figure. `targets` need `node` loaded (select_related)."""
    by_node: dict[str, list[Any]] = {}
    for t in targets:
        by_node.setdefault(_node_key(t), []).append(t)
    found: dict[int, Computed] = {}
    for item in items:
        target = _target_for(item, by_node.get(item.node_key, []))
        if target is not None and target.pk not in found:
            found[target.pk] = item
    return found


# --- what pages and the workflow ask -----------------------------------------------------------


def unit_figures(window: Window, unit_ids: list[int]) -> dict[int, list[Computed]]:
    merged: dict[int, list[Computed]] = {u: [] for u in unit_ids}
    for source in sources():
        for unit_id, items in source.unit_figures(window, unit_ids).items():
            merged.setdefault(unit_id, []).extend(items)
    return merged


def province_figures(window: Window) -> list[Computed]:
    found: list[Computed] = []
    for source in sources():
        found.extend(source.province_figures(window))
    return found


def for_unit(window: Window, unit_id: int, targets: Iterable[Any]) -> dict[int, Computed]:
    """target id -> computed figure of one unit (targets with `node` loaded)."""
    targets = list(targets)
    if not targets:
        return {}
    return match(unit_figures(window, [unit_id]).get(unit_id, []), targets)


def for_report(report: Any, targets: Iterable[Any]) -> dict[int, Computed]:
    """target id -> computed figure for one report's unit and period (targets of its criterion)."""
    targets = list(targets)
    node = report.assignment.node
    for t in targets:
        t.node = node  # every target of the list belongs to the report's criterion
    return for_unit(Window.of_period(report.period), report.assignment.unit_id, targets)


def untargeted_for_report(report: Any) -> list[Computed]:
    """The computed figures of the report's criterion that have no target to fill (4.8, 7.10):
    shown beside the report so the unit writes its narrative from the same rows."""
    node = report.assignment.node
    key = f"{node.index}:{node.code}"
    unit_id = report.assignment.unit_id
    items = unit_figures(Window.of_period(report.period), [unit_id]).get(unit_id, [])
    return [i for i in items if i.node_key == key and i.target_order is None]


def province_by_target(period: Any, targets: Iterable[Any]) -> dict[int, Computed]:
    return match(province_figures(Window.of_period(period)), targets)


def override_problem(target: Any, item: Computed, value: Decimal | None, reason: str) -> str:
    """The refusal when `value` differs from the computed figure without a reason ('' if fine)."""
    if same(value, item.value) or reason.strip():
        return ""
    return (
        f"Chỉ tiêu “{' '.join(target.text.split())[:80]}”: số liệu {number(value)} khác số liệu "
        f"tự động {item.text} ({item.source}). Muốn dùng số khác, hãy ghi lý do nhập thay."
    )


def provenance(rollup: Any) -> str:
    """How a province figure's origin is written in Word and Excel ('' for a typed figure)."""
    if not getattr(rollup, "computed", False):
        return ""
    if rollup.overridden:
        return (
            f"Nhập thay số liệu tự động ({rollup.source_text}, {rollup.source}): "
            f"{rollup.override_reason}"
        )
    return f"Số liệu tự động: {rollup.source_text} ({rollup.source})"
