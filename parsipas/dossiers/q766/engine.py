"""Decision 766/QĐ-TTg: the national portal's points for the groups whose rules are known.

Pure functions, no Django. The rules and the rounding follow ``FORMULAS.md`` beside this
module (reverse-engineered from the published numbers of the national portal,
dichvucong.gov.vn); they reproduce every published score of the reference
CSVs to the cent. The portal's published ``score`` stays the authority.

Rounding, as the portal does it (JavaScript ``toFixed(2)`` on doubles):

1. a share becomes a percentage rounded to 2 dp: ``pct = round2(100 * n / d)``;
2. a part's points are ``round2(min(max, weight * pct / divisor))`` computed on doubles, then
   rounded half-up on the *exact binary value* of the double — so ``6 * 93.25 / 100``, stored
   as 5.59499…, gives 5.59, not 5.60;
3. a group total is the sum of the already-rounded parts;
4. the group ratio is ``total / max * 100`` (2 dp; 1 dp on the payment group). The progress
   group publishes its on-time percentage as its ratio instead.

The online-service group (max 12) has no known formula: it is listed in ``GROUPS`` as
unknown and :func:`score_group` refuses it rather than guessing. :func:`total_known` adds up
the known groups and says which groups (and how many points) it covers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from os import PathLike
from typing import IO, NamedTuple

from parsipas.dossiers.q766.rules import (
    GROUPS,
    KNOWN_GROUPS,
    UNKNOWN_GROUPS,
    ZERO,
    GroupRule,
    Number,
    PartRule,
    group_rule,
    percent,
    round_half_up,
)

__all__ = [
    "GROUPS",
    "KNOWN_GROUPS",
    "UNKNOWN_GROUPS",
    "GroupRule",
    "GroupScore",
    "KnownTotal",
    "MissingCountsError",
    "PartGap",
    "PartRule",
    "PartScore",
    "PortalRow",
    "PublishedPart",
    "PublishedScore",
    "UnknownFormulaError",
    "biggest_loss",
    "group_rule",
    "missing_fields",
    "percent",
    "read_portal_csv",
    "round_half_up",
    "score_digitization",
    "score_group",
    "score_part",
    "score_payment",
    "score_progress",
    "score_satisfaction",
    "score_transparency",
    "total_known",
    "units_needed",
    "what_it_takes",
]


class UnknownFormulaError(NotImplementedError):
    """The group exists in Decision 766 but its formula from counts is not established."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.message_vi = (
            f"Chưa xác định được công thức tính điểm nhóm '{GROUPS[group].label_vi}' từ số liệu: "
            "lấy điểm do Cổng DVCQG công bố."
        )
        super().__init__(f"no known formula for the 766 group {group!r}")


class MissingCountsError(KeyError):
    """Some count fields the group's formula needs are absent (or null)."""

    def __init__(self, group: str, fields: list[str]) -> None:
        self.group = group
        self.fields = fields
        super().__init__(f"{group}: missing counts {', '.join(fields)}")


# --- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartScore:
    numerator: Number | None
    denominator: Number | None
    pct: Decimal
    score: Decimal
    max: int


@dataclass(frozen=True)
class GroupScore:
    group: str
    score: Decimal
    max: int
    ratio: Decimal
    parts: dict[str, PartScore] = field(default_factory=dict)

    @property
    def lost(self) -> Decimal:
        return self.max - self.score


def missing_fields(group_name: str, counts: Mapping[str, Number | None]) -> list[str]:
    """The input fields of a group that ``counts`` lacks (absent or None)."""
    rule = group_rule(group_name)
    fields = (f for part in rule.parts for f in part.input_fields)
    return [f for f in dict.fromkeys(fields) if counts.get(f) is None]


def score_part(part: PartRule, counts: Mapping[str, Number | None]) -> PartScore:
    if part.ratio_input:
        pct = round_half_up(float(counts[part.ratio_input] or 0))
        return PartScore(None, None, pct, part.points(pct), part.max)
    numerator = counts[part.numerator or ""]
    denominator = counts[part.denominator or ""]
    assert numerator is not None and denominator is not None
    if numerator < 0 or denominator < 0:
        raise ValueError(f"{part.name}: negative count {numerator}/{denominator}")
    pct = percent(numerator, denominator)
    if not denominator:
        points = Decimal(part.max).quantize(ZERO) if part.on_zero == "full" else ZERO
    else:
        points = part.points(pct)
    return PartScore(numerator, denominator, pct, points, part.max)


def score_group(group_name: str, counts: Mapping[str, Number | None]) -> GroupScore:
    """Score one group from the portal's count fields (flattened ``METRIC_numerator`` names)."""
    rule = group_rule(group_name)
    if not rule.known:
        raise UnknownFormulaError(rule.name)
    missing = missing_fields(rule.name, counts)
    if missing:
        raise MissingCountsError(rule.name, missing)
    parts = {part.name: score_part(part, counts) for part in rule.parts}
    total = sum((p.score for p in parts.values()), ZERO)
    if rule.ratio_is_part_pct:
        ratio = parts[rule.parts[0].name].pct
    else:
        ratio = round_half_up(float(total) / rule.max * 100, rule.ratio_places)
    return GroupScore(rule.name, total, rule.max, ratio, parts)


def score_progress(counts: Mapping[str, Number | None]) -> GroupScore:
    """Needs ``totalOnTime``, ``totalReceived``."""
    return score_group("progress", counts)


def score_payment(counts: Mapping[str, Number | None]) -> GroupScore:
    """Needs ``totalDossierOnlinePaymentSuccess``, ``totalDossierFinancialObligation``,
    ``totalDossierOnlineFormalityPaymentSuccess``, ``totalFeeDossierFormality``,
    ``totalFeeFormality``. A part whose denominator is 0 is worth 0."""
    return score_group("payment", counts)


def score_transparency(counts: Mapping[str, Number | None]) -> GroupScore:
    """Needs ``METRIC_numerator``/``METRIC_denominator`` for the four metrics."""
    return score_group("transparency", counts)


def score_satisfaction(counts: Mapping[str, Number | None]) -> GroupScore:
    """Needs the three scored metrics; no petitions (denominator 0) earns the full 6 points."""
    return score_group("satisfaction", counts)


def score_digitization(counts: Mapping[str, Number | None]) -> GroupScore:
    """Needs six count metrics and ``ELECTRONIC_CERTIFIED_COPY_ratio`` (a published ratio)."""
    return score_group("digitization", counts)


@dataclass(frozen=True)
class KnownTotal:
    """The sum over the groups that could be scored, and what it leaves out."""

    score: Decimal
    max: int
    groups: tuple[str, ...]
    unknown_groups: tuple[str, ...]
    unknown_max: int

    @property
    def ratio(self) -> Decimal:
        return round_half_up(float(self.score) / self.max * 100) if self.max else ZERO


def total_known(results: Iterable[GroupScore]) -> KnownTotal:
    """Add up scored groups. With all five known groups: max 88; online (12) stays unknown."""
    by_group = {r.group: r for r in results}
    groups = tuple(name for name in GROUPS if name in by_group)
    left_out = tuple(name for name in GROUPS if name not in by_group)
    return KnownTotal(
        score=sum((by_group[g].score for g in groups), ZERO),
        max=sum(GROUPS[g].max for g in groups),
        groups=groups,
        unknown_groups=left_out,
        unknown_max=sum(GROUPS[g].max for g in left_out),
    )


# --- what it takes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PartGap:
    """How far one part is from its full points, and how many more units would close it."""

    part: str
    label_vi: str
    score: Decimal
    max: int
    lost: Decimal
    numerator: Number | None
    denominator: Number | None
    target_pct: Decimal
    # Extra numerator units needed (denominator unchanged); None when counts cannot help:
    # a ratio-based part, a zero denominator, or a target above 100 %.
    units_needed: int | None


def units_needed(
    part: PartRule, numerator: int, denominator: int, target_pct: Number | None = None
) -> int | None:
    """Smallest k >= 0 such that ``numerator + k`` over the same denominator earns the part's
    full points — or, given ``target_pct``, reaches that (portal-rounded) percentage.

    The denominator stays fixed: the extra units are dossiers (or procedures, petitions)
    already counted that would have had to qualify, e.g. late dossiers handled on time.
    Uses the engine's own rounding, so a part that rounds to full points below 100 % (say
    6 · 99.95 / 100 = 5.997 → 6.00) needs fewer units than the exact share suggests.
    """

    def reached(k: int) -> bool:
        if target_pct is not None:
            return percent(numerator + k, denominator) >= Decimal(str(target_pct))
        counts = {part.numerator or "": numerator + k, part.denominator or "": denominator}
        return score_part(part, counts).score >= part.max

    if part.ratio_input:
        return None
    if reached(0):
        return 0
    high = denominator - numerator
    if denominator == 0 or high <= 0 or not reached(high):
        return None
    low = 0  # invariant: not reached(low), reached(high); points grow with the numerator
    while high - low > 1:
        mid = (low + high) // 2
        if reached(mid):
            high = mid
        else:
            low = mid
    return high


def what_it_takes(
    result: GroupScore, target_pct: Number | Mapping[str, Number] | None = None
) -> list[PartGap]:
    """The parts of a scored group, the one losing most points first.

    ``target_pct`` (one number, or one per part name) replaces "full points" as the goal of
    ``units_needed``; by default the goal is the part's full points (reached at 80, 90 or
    100 % depending on the part).
    """
    rule = group_rule(result.group)
    gaps = []
    for part in rule.parts:
        scored = result.parts[part.name]
        target = target_pct.get(part.name) if isinstance(target_pct, Mapping) else target_pct
        needed = None
        if scored.numerator is not None and scored.denominator is not None:
            needed = units_needed(part, int(scored.numerator), int(scored.denominator), target)
        elif scored.score >= part.max:
            needed = 0
        gaps.append(
            PartGap(
                part=part.name,
                label_vi=part.label_vi,
                score=scored.score,
                max=part.max,
                lost=part.max - scored.score,
                numerator=scored.numerator,
                denominator=scored.denominator,
                target_pct=Decimal(str(target)) if target is not None else part.full_at_pct,
                units_needed=needed,
            )
        )
    # sorted() is stable: equal losses keep the portal's order of parts.
    return sorted(gaps, key=lambda gap: gap.lost, reverse=True)


def biggest_loss(result: GroupScore) -> PartGap | None:
    """The part that loses most points, or None when the group has full points."""
    gaps = what_it_takes(result)
    return gaps[0] if gaps and gaps[0].lost > 0 else None


# --- the portal's published rows -------------------------------------------------------------

# Group-level outputs of the portal (never formula inputs); the first five are read into
# PublishedScore, the rest kept in ``other``.
_GROUP_SCORE_COLUMNS = {"score", "totalScore", "maxScore", "totalMaxScore", "ratio"}
_GROUP_OUTPUTS = _GROUP_SCORE_COLUMNS | {"averageScore"}
_METRIC_OUTPUT_SUFFIXES = ("_ratio", "_score", "_maxScore")
_IDENTITY = ("departmentCode", "departmentName", "level")


@dataclass(frozen=True)
class PublishedPart:
    pct: Decimal | None
    score: Decimal | None
    max: Decimal | None


@dataclass(frozen=True)
class PublishedScore:
    """What the portal published for one unit and group: the figures to reproduce."""

    score: Decimal
    max: Decimal
    ratio: Decimal
    parts: dict[str, PublishedPart]
    # Other published outputs that are not scored parts (averageScore, tracking metrics).
    other: dict[str, Decimal]


class PortalRow(NamedTuple):
    code: str
    name: str
    level: str
    counts: dict[str, Number]
    published: PublishedScore


def _number(text: str) -> int | Decimal:
    value = Decimal(text)
    return int(value) if "." not in text else value


def _decimal(row: Mapping[str, str], column: str) -> Decimal | None:
    text = (row.get(column) or "").strip()
    return Decimal(text) if text else None


def _published(rule: GroupRule, row: Mapping[str, str], outputs: list[str]) -> PublishedScore:
    def first(*columns: str) -> Decimal:
        for column in columns:
            value = _decimal(row, column)
            if value is not None:
                return value
        raise ValueError(f"{row.get('departmentCode')}: none of {columns} is published")

    score = first("totalScore", "score")
    ratio = first("ratio")
    parts = {}
    for part in rule.parts:
        if rule.ratio_is_part_pct:  # progress: the single part's pct is the group ratio
            parts[part.name] = PublishedPart(ratio, score, Decimal(part.max))
        elif f"{part.name}_score" in row:  # nested metrics publish their own figures
            parts[part.name] = PublishedPart(
                _decimal(row, f"{part.name}_ratio"),
                _decimal(row, f"{part.name}_score"),
                _decimal(row, f"{part.name}_maxScore"),
            )
    taken = _GROUP_SCORE_COLUMNS | {
        f"{name}{suffix}" for name in parts for suffix in _METRIC_OUTPUT_SUFFIXES
    }
    other = {}
    for column in outputs:
        if column not in taken and (value := _decimal(row, column)) is not None:
            other[column] = value
    return PublishedScore(score, first("totalMaxScore", "maxScore"), ratio, parts, other)


def read_portal_csv(path_or_file: str | PathLike[str] | IO[str], group: str) -> list[PortalRow]:
    """Read a reference CSV of the portal (one row per unit, nested metrics flattened as
    ``METRIC_field``) into ``(code, name, level, counts, published)`` rows.

    ``counts`` holds every numeric input column (counts, the ECC ratio, context figures such as
    ``avgProcessingDays``); ``published`` the portal's own score, ratio and part figures.
    """
    rule = group_rule(group)
    if isinstance(path_or_file, str | PathLike):
        with open(path_or_file, encoding="utf-8-sig", newline="") as handle:
            return read_portal_csv(handle, group)
    reader = csv.DictReader(path_or_file)
    columns = [c for c in reader.fieldnames or [] if c not in _IDENTITY]
    inputs = {f for part in rule.parts for f in part.input_fields}
    absent = sorted(inputs - set(columns))
    if absent:
        raise MissingCountsError(rule.name, absent)
    outputs = [
        c
        for c in columns
        if c not in inputs and (c in _GROUP_OUTPUTS or c.endswith(_METRIC_OUTPUT_SUFFIXES))
    ]
    count_columns = [c for c in columns if c not in outputs]
    rows = []
    for row in reader:
        counts: dict[str, Number] = {
            c: _number(row[c].strip()) for c in count_columns if (row[c] or "").strip()
        }
        rows.append(
            PortalRow(
                code=row["departmentCode"],
                name=row["departmentName"],
                level=row["level"],
                counts=counts,
                published=_published(rule, row, outputs),
            )
        )
    return rows
