"""Decision 766/QĐ-TTg: the national portal's points, for all six groups.

Pure functions, no Django. The rules and the rounding follow ``FORMULAS.md`` beside this
module (reverse-engineered from the published numbers of the national portal,
dichvucong.gov.vn); they reproduce every published score of the reference CSVs to the cent,
from the counts alone. The portal's published ``score`` stays the authority: where it is
known, :func:`matches` says whether ours agrees.

Rounding, as the portal does it (JavaScript ``toFixed(2)`` on doubles):

1. a share becomes a percentage rounded to 2 dp: ``pct = round2(100 * n / d)``;
2. a part's points are ``round2(min(max, weight * pct / divisor))`` computed on doubles, then
   rounded half-up on the *exact binary value* of the double — so ``6 * 93.25 / 100``, stored
   as 5.59499…, gives 5.59, not 5.60;
3. a group total is the sum of the already-rounded parts;
4. the group ratio is ``total / max * 100`` (2 dp; 1 dp on the payment group). The progress
   group publishes its on-time percentage as its ratio instead.

:func:`total` adds up the groups scored (100 points with all six) and names those missing;
:func:`what_it_takes` and :func:`losing_parts` say, per part, how many more dossiers,
procedures or petitions would reach full points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from parsipas.dossiers.q766.rules import (
    GROUPS,
    QUALIFYING_VI,
    TOTAL_MAX,
    ZERO,
    GroupRule,
    Number,
    PartRule,
    field_label,
    group_rule,
    percent,
    round_half_up,
)

__all__ = [
    "GROUPS",
    "TOTAL_MAX",
    "CountsError",
    "GroupRule",
    "GroupScore",
    "MissingCountsError",
    "PartGap",
    "PartRule",
    "PartScore",
    "PublishedPart",
    "PublishedScore",
    "Total",
    "biggest_loss",
    "count_problems",
    "group_rule",
    "losing_parts",
    "matches",
    "missing_fields",
    "percent",
    "round_half_up",
    "score_digitization",
    "score_group",
    "score_online",
    "score_part",
    "score_payment",
    "score_progress",
    "score_satisfaction",
    "score_transparency",
    "total",
    "units_needed",
    "what_it_takes",
]


class MissingCountsError(KeyError):
    """Some count fields the group's formula needs are absent (or null)."""

    def __init__(self, group: str, fields: list[str]) -> None:
        self.group = group
        self.fields = fields
        super().__init__(f"{group}: missing counts {', '.join(fields)}")

    @property
    def labels_vi(self) -> list[str]:
        return [field_label(f) for f in self.fields]


class CountsError(ValueError):
    """Counts that cannot be scored: negative, or a numerator above its denominator."""

    def __init__(self, group: str, problems: list[str]) -> None:
        self.group = group
        self.problems = problems
        super().__init__("; ".join(problems))


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


def count_problems(group_name: str, counts: Mapping[str, Number | None]) -> list[str]:
    """Why the group's counts cannot be scored, in Vietnamese, naming each field: a negative
    count, or a numerator above its denominator. Empty when they can."""
    rule = group_rule(group_name)
    problems = []
    for part in rule.parts:
        values = {f: counts.get(f) for f in part.input_fields}
        negative = [f for f, v in values.items() if v is not None and v < 0]
        for name in negative:
            problems.append(f"{name} ({field_label(name)}) âm: {values[name]}")
        if negative or part.ratio_input:
            if part.ratio_input and (values[part.ratio_input] or 0) > 100:
                problems.append(f"{part.ratio_input} lớn hơn 100%: {values[part.ratio_input]}")
            continue
        numerator = [values[f] for f in part.numerator_fields]
        denominator = values[part.denominator or ""]
        if denominator is None or any(v is None for v in numerator):
            continue
        top = sum(numerator)  # type: ignore[arg-type]
        if top > denominator:
            names = " + ".join(part.numerator_fields)
            problems.append(
                f"{names} ({top}) lớn hơn mẫu số {part.denominator} ({denominator}) "
                f"ở chỉ tiêu “{part.label_vi}”"
            )
    return problems


def score_part(part: PartRule, counts: Mapping[str, Number | None]) -> PartScore:
    if part.ratio_input:
        pct = round_half_up(float(counts[part.ratio_input] or 0))
        return PartScore(None, None, pct, part.points(pct), part.max)
    values = [counts[f] for f in part.numerator_fields]
    denominator = counts[part.denominator or ""]
    assert denominator is not None and all(v is not None for v in values)
    numerator = sum(values)  # type: ignore[arg-type]
    if numerator < 0 or denominator < 0:
        raise CountsError("", [f"{part.name}: negative count {numerator}/{denominator}"])
    pct = percent(numerator, denominator)
    if not denominator:
        points = Decimal(part.max).quantize(ZERO) if part.on_zero == "full" else ZERO
    else:
        points = part.points(pct)
    return PartScore(numerator, denominator, pct, points, part.max)


def score_group(group_name: str, counts: Mapping[str, Number | None]) -> GroupScore:
    """Score one group from the portal's count fields (flattened ``METRIC_numerator`` names).

    Raises ``MissingCountsError`` naming absent fields and ``CountsError`` for counts that
    cannot be right (negative, numerator above denominator)."""
    rule = group_rule(group_name)
    missing = missing_fields(rule.name, counts)
    if missing:
        raise MissingCountsError(rule.name, missing)
    problems = count_problems(rule.name, counts)
    if problems:
        raise CountsError(rule.name, problems)
    parts = {part.name: score_part(part, counts) for part in rule.parts}
    total_points = sum((p.score for p in parts.values()), ZERO)
    if rule.ratio_is_part_pct:
        ratio = parts[rule.parts[0].name].pct
    else:
        ratio = round_half_up(float(total_points) / rule.max * 100, rule.ratio_places)
    return GroupScore(rule.name, total_points, rule.max, ratio, parts)


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
    """Needs the three scored metrics. The two petition parts take the petitions' counts as
    inputs (from the portal, or later a petitions register): no petitions (denominator 0)
    earns the full 6 points of each."""
    return score_group("satisfaction", counts)


def score_digitization(counts: Mapping[str, Number | None]) -> GroupScore:
    """Needs six count metrics and ``ELECTRONIC_CERTIFIED_COPY_ratio`` (a published ratio)."""
    return score_group("digitization", counts)


def score_online(counts: Mapping[str, Number | None]) -> GroupScore:
    """Needs ``authorityCount``, ``partialCount``, ``fullCount`` (procedures),
    ``onlineServiceTotal``, ``onlineDossierCount`` (online services, those with dossiers),
    ``channelOnlineSum``, ``channelTotalSum`` (dossiers)."""
    return score_group("online", counts)


# --- the portal's own figures --------------------------------------------------------------


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
    ratio: Decimal | None
    parts: dict[str, PublishedPart]
    # Other published outputs that are not scored parts (averageScore, tracking metrics).
    other: dict[str, Decimal]


def matches(result: GroupScore | None, published: PublishedScore | None) -> bool | None:
    """Whether our score agrees with the portal's (the group score and every published part
    score); None when either side is missing. A mismatch is a finding, not an error."""
    if result is None or published is None:
        return None
    if result.score != published.score:
        return False
    for name, part in published.parts.items():
        ours = result.parts.get(name)
        if part.score is not None and (ours is None or ours.score != part.score):
            return False
    return True


# --- totals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    """The sum over the groups that could be scored, and the groups it leaves out."""

    score: Decimal
    max: int
    groups: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def missing_max(self) -> int:
        return sum(GROUPS[g].max for g in self.missing)

    @property
    def ratio(self) -> Decimal:
        return round_half_up(float(self.score) / self.max * 100) if self.max else ZERO

    def short_of(self, target: Number) -> Decimal:
        """Points missing to reach ``target`` (0 when reached)."""
        return max(ZERO, (Decimal(str(target)) - self.score).quantize(ZERO))


def total(results: Iterable[GroupScore]) -> Total:
    """Add up scored groups: 100 points with all six."""
    by_group = {r.group: r for r in results}
    groups = tuple(name for name in GROUPS if name in by_group)
    return Total(
        score=sum((by_group[g].score for g in groups), ZERO),
        max=sum(GROUPS[g].max for g in groups),
        groups=groups,
        missing=tuple(name for name in GROUPS if name not in by_group),
    )


# --- what it takes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PartGap:
    """How far one part is from its full points, and how many more units would close it."""

    group: str
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

    @property
    def qualifying_vi(self) -> str:
        """What one unit is: "hồ sơ giải quyết đúng hạn", "TTHC cung cấp trực tuyến" …"""
        return QUALIFYING_VI.get(self.part, "")


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
        first, *others = part.numerator_fields
        counts = {first: numerator + k, **dict.fromkeys(others, 0)}
        counts[part.denominator or ""] = denominator
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
                group=rule.name,
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


def losing_parts(results: Iterable[GroupScore]) -> list[PartGap]:
    """Every part of every scored group that loses points, the biggest loss first (the
    portal's order of groups and parts on ties)."""
    gaps = [gap for result in results for gap in what_it_takes(result) if gap.lost > 0]
    return sorted(gaps, key=lambda gap: gap.lost, reverse=True)
