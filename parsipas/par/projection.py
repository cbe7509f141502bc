"""The province's projected PAR Index: values from `sources`, scored by `scoring`.

`project(framework)` gives the projection as stored data make it; `project(framework,
what_if={code: value})` the same with some values changed, for the what-if page (nothing is
saved).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parsipas.par.models import Criterion, Framework, PublishedResult, Scope
from parsipas.par.scoring import Scored, TreeScore, score_tree
from parsipas.par.sources import PlanData, SourcedValue, province_values


@dataclass
class Line:
    criterion: Criterion
    scored: Scored
    depth: int
    sourced: SourcedValue | None = None  # leaves only
    changed: bool = False  # what-if: the value differs from the stored one
    baseline: Scored | None = None  # what-if: the score before the change

    @property
    def delta(self) -> Decimal | None:
        if self.baseline is None:
            return None
        return self.scored.points - self.baseline.points


@dataclass
class Projection:
    framework: Framework
    score: TreeScore
    lines: list[Line]
    plan: PlanData
    values: dict[str, SourcedValue]
    baseline: TreeScore | None = None
    what_if: dict[str, Decimal] = field(default_factory=dict)
    computed_at: Any = None  # when the automatic inputs were read

    @property
    def parts(self) -> list[Line]:
        return [line for line in self.lines if line.depth == 0]

    @property
    def delta(self) -> Decimal | None:
        return None if self.baseline is None else self.score.points - self.baseline.points

    def line(self, code: str) -> Line:
        return next(line for line in self.lines if line.criterion.code == code)

    def sources_count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for value in self.values.values():
            counts[value.source] = counts.get(value.source, 0) + 1
        return counts


def province_framework(year: int | None = None) -> Framework | None:
    frameworks = Framework.objects.filter(scope=Scope.PROVINCE, criteria__isnull=False).distinct()
    if year is not None:
        return frameworks.filter(year=year).first()
    return frameworks.order_by("-year").first()


def project(
    framework: Framework,
    what_if: Mapping[str, Decimal | None] | None = None,
    fresh: bool = False,
) -> Projection:
    """The projection; its automatic inputs come from `par.inputs` (cached per framework and
    year, recomputed when they change, or now with `fresh`)."""
    from parsipas.par import inputs

    criteria = list(framework.criteria.select_related("parent").order_by("order", "pk"))
    automatic = inputs.automatic(framework, criteria, fresh=fresh)
    data = automatic.plan
    values = province_values(framework, automatic=automatic, criteria=criteria)
    stored = {code: v.value for code, v in values.items()}
    scoring = [c.as_scoring() for c in criteria]
    score = score_tree(scoring, stored, "province")
    baseline = None
    changes: dict[str, Decimal] = {}
    if what_if:
        changed_values = dict(stored)
        for code, value in what_if.items():
            if code in stored and value is not None and value != stored[code]:
                changed_values[code] = value
                changes[code] = value
        baseline = score
        score = score_tree(scoring, changed_values, "province")
    depth = depths(criteria)
    lines = [
        Line(
            criterion=c,
            scored=score.nodes[c.code],
            depth=depth[c.pk],
            sourced=values.get(c.code),
            changed=c.code in changes,
            baseline=baseline.nodes[c.code] if baseline else None,
        )
        for c in criteria
    ]
    return Projection(
        framework, score, lines, data, values, baseline, changes, automatic.computed_at
    )


def depths(criteria: list[Criterion]) -> dict[int, int]:
    """Depth in the tree (0 = top level) of every criterion, by primary key, without queries."""
    parent_of = {c.pk: c.parent_id for c in criteria}
    result: dict[int, int] = {}
    for c in criteria:
        depth, parent, seen = 0, parent_of.get(c.pk), set()
        while parent is not None and parent not in seen:
            seen.add(parent)
            depth += 1
            parent = parent_of.get(parent)
        result[c.pk] = depth
    return result


@dataclass
class Risk:
    line: Line
    part: str  # title of the top-level part

    @property
    def at_risk(self) -> Decimal:
        return self.line.scored.at_risk


def points_at_risk(projection: Projection) -> list[Risk]:
    """Leaf criteria at risk, most points first (ties: framework order).

    At risk means the known value already scores below the criterion's maximum, or, for a
    value not known yet, that even its best case cannot reach it (`scoring` module docstring).
    A criterion whose value is merely missing is not listed here: see `missing_data`."""
    part_of: dict[str, str] = {}
    current = ""
    for line in projection.lines:
        if line.depth == 0:
            current = line.criterion.title
        part_of[line.criterion.code] = current
    risks = [
        Risk(line, part_of[line.criterion.code])
        for line in projection.lines
        if not line.criterion.is_group and line.scored.applicable and line.scored.at_risk > 0
    ]
    risks.sort(key=lambda r: r.at_risk, reverse=True)
    return risks


def missing_data(projection: Projection) -> list[Risk]:
    """Leaf criteria without a value (or with a SIPAS sample below the planned size), most
    points in play first: what to collect or estimate next."""
    part_of: dict[str, str] = {}
    current = ""
    for line in projection.lines:
        if line.depth == 0:
            current = line.criterion.title
        part_of[line.criterion.code] = current
    rows = [
        Risk(line, part_of[line.criterion.code])
        for line in projection.lines
        if not line.criterion.is_group and line.scored.applicable and line.scored.missing
    ]
    rows.sort(key=lambda r: r.line.scored.open_points, reverse=True)
    return rows


@dataclass
class Comparison:
    """A year's result next to the others: published ones and this year's projection."""

    year: int
    points: Decimal
    max_points: Decimal
    parts: dict[str, tuple[Decimal, Decimal]]  # code -> (points, max)
    rank: str = ""
    projected: bool = False
    source: str = ""
    # a projection with missing data: the range of the total and of each part
    low: Decimal | None = None
    high: Decimal | None = None
    part_ranges: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    missing_count: int = 0

    @property
    def percent(self) -> Decimal | None:
        return self.points * 100 / self.max_points if self.max_points else None


def comparisons(projection: Projection | None) -> list[Comparison]:
    rows = [
        Comparison(
            year=r.year,
            points=r.points,
            max_points=r.max_points,
            parts={p.code: (p.points, p.max_points) for p in r.parts.all()},
            rank=f"{r.rank}/{r.rank_of}" if r.rank else "",
            source=r.source,
        )
        for r in PublishedResult.objects.prefetch_related("parts").order_by("year")
    ]
    if projection is not None:
        rows.append(
            Comparison(
                year=projection.framework.year,
                points=projection.score.points,
                max_points=projection.score.max_points,
                parts={
                    p.criterion.code: (p.scored.points, p.scored.max_points)
                    for p in projection.parts
                },
                projected=True,
                low=projection.score.low,
                high=projection.score.high,
                part_ranges={
                    p.criterion.code: (p.scored.low or Decimal(0), p.scored.high or Decimal(0))
                    for p in projection.parts
                    if p.scored.missing
                },
                missing_count=projection.score.missing_count,
            )
        )
    return rows


# value of v that makes a method give `fraction` of its maximum (None: no such single value)
def value_for_fraction(criterion: Criterion, fraction: Decimal) -> Decimal | None:
    params = criterion.params or {}
    if criterion.method == "survey":
        return fraction * 100
    if criterion.method == "ratio":
        return fraction * Decimal(str(params.get("full_at", 100)))
    if criterion.method == "manual":
        return fraction * criterion.max_points
    return None


def estimates_from_published(projection: Projection, result: PublishedResult, user: Any) -> int:
    """Give every criterion without data an estimate at its part's published rate of `result`
    (e.g. part C 18.29/22 → each survey criterion at 83.14%). Methods that are not
    proportional (binary, tiers, deduct) are left for the office. Returns how many were made."""
    from parsipas.par.models import Estimate

    parts = {p.code: p for p in result.parts.all()}
    part_of: dict[str, str] = {}
    current = ""
    for line in projection.lines:
        if line.depth == 0:
            current = line.criterion.code
        part_of[line.criterion.code] = current
    made = 0
    for line in projection.lines:
        part = parts.get(part_of[line.criterion.code])
        if (
            line.sourced is None
            or line.sourced.source != "none"
            or part is None
            or not part.max_points
        ):
            continue
        fraction = part.points / part.max_points
        value = value_for_fraction(line.criterion, fraction)
        if value is None:
            continue
        Estimate.objects.create(
            criterion=line.criterion,
            value=value,
            entered_by=user,
            note=f"Theo tỷ lệ điểm phần {part.code} năm {result.year} ({part.points}/{part.max_points}).",
        )
        made += 1
    return made
