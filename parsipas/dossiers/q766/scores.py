"""Decision 766 scorecards: per unit, per level and for the province, for any period.

The engine (``engine.py``) does the arithmetic; here we gather its inputs and say where each
group's figure comes from:

1. the portal's figures imported for that scope, group and period (``PortalScore``): scored
   from their counts, with the portal's own score beside ours; a row that publishes a score
   but no counts (the online group's children) counts with the published score;
2. otherwise parsipas' own data: the dossiers (read through ``stats.counts_by_unit`` and
   ``stats.dossiers_in``), the procedure catalogue (``Procedure``), the reform office's rule
   for a satisfied dossier (``SatisfactionRule``) and the petitions' counts
   (:class:`PetitionCounts`, from the petitions register through `register_petition_counter`;
   without a registered counter the two petition parts of
   the satisfaction group are reported missing until one provides them);
3. otherwise the group is missing, with the fields it lacks in Vietnamese.

A level (provincial agencies, communes) adds up its units' counts: the portal's when every
row of that level was imported with counts, else ours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, Q

from parsipas.dossiers import cache
from parsipas.dossiers.indicators import Counts, Period, to_766_counts, total
from parsipas.dossiers.models import Channel, PortalScore, Procedure, SatisfactionRule
from parsipas.dossiers.q766 import engine
from parsipas.dossiers.q766.rules import Number, field_label
from parsipas.dossiers.stats import counts_by_unit, dossiers_in
from parsipas.units.models import COMMUNE_KINDS, Unit, UnitKind

PORTAL = "portal"
PORTAL_PUBLISHED = "portal_published"
OWN = "own"
NONE = ""
SOURCE_LABELS = {
    PORTAL: "Cổng DVCQG",
    PORTAL_PUBLISHED: "Cổng DVCQG (điểm công bố)",
    OWN: "Số liệu parsipas",
    NONE: "Chưa có số liệu",
}
LEVELS = (
    ("agencies", "Cơ quan cấp tỉnh", "PROVINCE"),
    ("communes", "Cấp xã (xã, phường)", "COMMUNE"),
)


@dataclass
class GroupResult:
    group: str
    label: str
    max: int
    source: str  # PORTAL | PORTAL_PUBLISHED | OWN | NONE
    detail: str = ""  # where exactly: the file, the dossiers and catalogue …
    score: engine.GroupScore | None = None
    published: dict[str, Any] | None = None
    matches: bool | None = None
    missing: list[str] = field(default_factory=list)  # Vietnamese labels of absent inputs

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]

    @property
    def points(self) -> Decimal | None:
        return None if self.score is None else self.score.score

    @property
    def lost(self) -> Decimal | None:
        return None if self.score is None else self.score.lost

    @cached_property
    def gaps(self) -> list[engine.PartGap]:
        """What it takes, part by part (computed when asked: the unit table does not)."""
        if self.score is None or not self.score.parts:
            return []
        return engine.what_it_takes(self.score)

    @property
    def biggest(self) -> engine.PartGap | None:
        return self.gaps[0] if self.gaps and self.gaps[0].lost > 0 else None


@dataclass
class Scorecard:
    label: str
    groups: list[GroupResult]
    target: Decimal | None = None
    unit: Unit | None = None
    level: str = ""  # "" for a unit; province | agencies | communes

    @property
    def total(self) -> engine.Total:
        return engine.total(g.score for g in self.groups if g.score is not None)

    @property
    def losing_groups(self) -> list[GroupResult]:
        """Scored groups that lose points, the biggest loss first."""
        scored = [g for g in self.groups if g.score is not None and g.score.lost > 0]
        return sorted(scored, key=lambda g: g.score.lost, reverse=True)  # type: ignore[union-attr]

    @property
    def worst(self) -> GroupResult | None:
        losing = self.losing_groups
        return losing[0] if losing else None

    @property
    def losing_parts(self) -> list[engine.PartGap]:
        gaps = [gap for g in self.groups for gap in g.gaps if gap.lost > 0]
        return sorted(gaps, key=lambda gap: gap.lost, reverse=True)

    @property
    def short_of_target(self) -> Decimal | None:
        """Points missing to the target; None without a target or while groups are missing
        (the shortfall of a partial total would be mostly the groups not yet scored)."""
        if self.target is None or not self.total.complete:
            return None
        return self.total.short_of(self.target)

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or not self.total.complete:
            return None
        return self.total.score >= self.target

    @property
    def sources(self) -> dict[str, list[str]]:
        """Source label -> the groups taken from it."""
        found: dict[str, list[str]] = defaultdict(list)
        for g in self.groups:
            found[g.source_label].append(g.label)
        return dict(found)


# --- one group ------------------------------------------------------------------------------


def _scored(
    group: str,
    counts: Mapping[str, Number | None],
    source: str,
    detail: str,
    published: dict[str, Any] | None = None,
    matches: bool | None = None,
) -> GroupResult:
    rule = engine.GROUPS[group]
    result = GroupResult(group, rule.label_vi, rule.max, source, detail, published=published)
    result.matches = matches
    missing = engine.missing_fields(group, counts)
    if missing:
        result.source = NONE if source == OWN else source
        result.missing = _missing_labels(group, missing)
        return result
    result.score = engine.score_group(group, counts)
    return result


def _from_portal(group: str, rows: list[PortalScore]) -> GroupResult | None:
    """The portal's figures of one scope: one row (a unit, the province), or a level's rows
    added up. None when nothing usable was imported."""
    rule = engine.GROUPS[group]
    inputs = [f for part in rule.parts for f in part.input_fields]
    with_counts = [r for r in rows if all(r.counts.get(f) is not None for f in inputs)]
    if len(rows) == 1:
        row = rows[0]
        detail = f"tệp “{row.source.file_name}” nhập {row.source.imported_at:%d/%m/%Y}"
        if with_counts:
            return _scored(group, row.counts, PORTAL, detail, row.published or None, row.matches)
        if row.published.get("score") is not None:
            points = Decimal(str(row.published["score"]))
            result = GroupResult(group, rule.label_vi, rule.max, PORTAL_PUBLISHED, detail)
            result.published = row.published
            result.score = engine.GroupScore(group, points, rule.max, _ratio(points, rule.max))
            return result
        return None
    if not with_counts or len(with_counts) < len(rows):
        return None
    summed: dict[str, Number] = {}
    for row in with_counts:
        for name in inputs:
            summed[name] = summed.get(name, 0) + row.counts[name]
    if rule.parts and any(p.ratio_input for p in rule.parts):
        for part in rule.parts:  # a published ratio cannot be added up: the lowest counts
            if part.ratio_input:
                summed[part.ratio_input] = min(r.counts[part.ratio_input] for r in with_counts)
    return _scored(group, summed, PORTAL, f"cộng số liệu {len(with_counts)} đơn vị đã nhập")


def _ratio(points: Decimal, maximum: int) -> Decimal:
    return engine.round_half_up(float(points) / maximum * 100) if maximum else Decimal(0)


# --- parsipas' own data ------------------------------------------------------------------------


@dataclass(frozen=True)
class PetitionCounts:
    """A scope's feedback and petitions (PAKN) for a period, as a petitions register counts
    them: the inputs of the satisfaction group's two petition parts."""

    received: int  # petitions to handle in the period
    on_time: int  # handled on time (within 15 working days; in progress and not yet late)
    rated: int  # handled petitions whose sender rated the handling
    satisfied: int  # of those, rated satisfied

    def fields(self) -> dict[str, int]:
        """The portal's fields. No petitions gives denominators 0: full points (the rule of
        the engine)."""
        return {
            "PETITION_PROCESSING_ON_TIME_numerator": self.on_time,
            "PETITION_PROCESSING_ON_TIME_denominator": self.received,
            "PETITION_HANDLING_SATISFACTION_numerator": self.satisfied,
            "PETITION_HANDLING_SATISFACTION_denominator": self.rated,
        }


PetitionCounter = Callable[[Period, list[int]], dict[int, PetitionCounts]]
_petition_counters: list[PetitionCounter] = []


def register_petition_counter(counter: PetitionCounter) -> None:
    """The petitions register (an app above this one) gives each unit's counts for a period."""
    _petition_counters[:] = [counter]


def petition_counts(period: Period, unit_ids: list[int]) -> dict[int, PetitionCounts] | None:
    if not _petition_counters:
        return None
    return _petition_counters[0](period, unit_ids)


def sum_petitions(found: Iterable[PetitionCounts]) -> PetitionCounts:
    rows = list(found)
    return PetitionCounts(
        sum(r.received for r in rows),
        sum(r.on_time for r in rows),
        sum(r.rated for r in rows),
        sum(r.satisfied for r in rows),
    )


def satisfied_dossiers(counts: Counts, rule: SatisfactionRule) -> int:
    """Dossiers rated at least ``rule.min_rating`` (plus the unrated ones if the rule says so),
    from the rating histogram of the dossier counts."""
    satisfied = sum(n for rating, n in counts.rating_histogram.items() if rating >= rule.min_rating)
    if rule.unrated_satisfied:
        satisfied += counts.received - counts.ratings
    return satisfied


def satisfaction_fields(
    counts: Counts, rule: SatisfactionRule | None, petitions: PetitionCounts | None
) -> dict[str, int]:
    """The satisfaction group's inputs that parsipas has: the dossier part when a rule is set
    (denominator: every dossier received, as the portal counts it), the petition parts when
    the petitions are counted."""
    fields: dict[str, int] = {}
    if rule is not None and counts.received:
        fields["DOSSIER_RECEIVING_SATISFACTION_numerator"] = satisfied_dossiers(counts, rule)
        fields["DOSSIER_RECEIVING_SATISFACTION_denominator"] = counts.received
    if petitions is not None:
        fields.update(petitions.fields())
    return fields


@dataclass
class OwnData:
    """What parsipas knows of one scope for a period, in the portal's count fields."""

    counts: Counts
    procedures: list[Procedure]
    by_procedure: dict[str, dict[str, int]]  # procedure code -> received, online, paid
    online_channel: int
    rule: SatisfactionRule | None = None
    petitions: PetitionCounts | None = None  # from the petitions register

    def fields(self) -> dict[str, dict[str, Number]]:
        counts = self.counts
        groups: dict[str, dict[str, Number]] = {}
        if counts.received:
            groups.update(to_766_counts(counts))
            groups["online"] = {
                "channelOnlineSum": self.online_channel,
                "channelTotalSum": counts.received,
            }
        if self.procedures:
            online = [p for p in self.procedures if p.online != Procedure.Online.NONE]
            fee = [p for p in self.procedures if p.fee_bearing]
            used = self.by_procedure
            groups.setdefault("online", {}).update(
                authorityCount=len(self.procedures),
                partialCount=sum(p.online == Procedure.Online.PARTIAL for p in self.procedures),
                fullCount=sum(p.online == Procedure.Online.FULL for p in self.procedures),
                onlineServiceTotal=len(online),
                onlineDossierCount=sum(used.get(p.code, {}).get("online", 0) > 0 for p in online),
            )
            groups.setdefault("payment", {}).update(
                totalFeeFormality=len(fee),
                totalFeeDossierFormality=sum(
                    used.get(p.code, {}).get("received", 0) > 0 for p in fee
                ),
                totalDossierOnlineFormalityPaymentSuccess=sum(
                    used.get(p.code, {}).get("paid", 0) > 0 for p in fee
                ),
            )
        satisfaction = satisfaction_fields(counts, self.rule, self.petitions)
        if satisfaction or counts.received:
            groups["satisfaction"] = dict(satisfaction)
        return groups

    def detail(self) -> str:
        parts = []
        if self.counts.received:
            parts.append(f"{self.counts.received:,} hồ sơ đã nhập".replace(",", "."))
        if self.procedures:
            parts.append(f"danh mục {len(self.procedures)} TTHC")
        return ", ".join(parts)


PORTAL_ONLY = ("transparency",)  # nothing of it is in parsipas' own data
NO_DATA = "số liệu của Cổng DVCQG (hoặc hồ sơ, danh mục TTHC của kỳ)"


def _missing_labels(group: str, missing: list[str]) -> list[str]:
    """The absent inputs in Vietnamese; one phrase for a group only the portal measures."""
    if group in PORTAL_ONLY:
        return ["số liệu của Cổng DVCQG (không tính được từ hồ sơ)"]
    return [field_label(f) for f in missing]


def from_own_data(group: str, own: OwnData) -> GroupResult:
    rule = engine.GROUPS[group]
    counts = own.fields().get(group)
    if counts is None:
        missing = _missing_labels(group, []) if group in PORTAL_ONLY else [NO_DATA]
        return GroupResult(group, rule.label_vi, rule.max, NONE, missing=missing)
    return _scored(group, counts, OWN, own.detail())


def _card(
    label: str,
    portal: Mapping[str, list[PortalScore]],
    own: OwnData,
    target: Decimal | None,
    *,
    unit: Unit | None = None,
    level: str = "",
) -> Scorecard:
    groups = []
    for name in engine.GROUPS:
        found = _from_portal(name, list(portal.get(name, []))) if portal.get(name) else None
        groups.append(found if found is not None else from_own_data(name, own))
    return Scorecard(label, groups, target, unit, level)


# --- gathering a period's data once ----------------------------------------------------------


@dataclass
class PeriodData:
    period: Period
    units: list[Unit]
    counts: dict[int, Counts]
    by_unit_procedure: dict[int, dict[str, dict[str, int]]]
    procedures: list[Procedure]
    handled_by: dict[int, list[Procedure]]  # unit id -> its procedures
    portal: list[PortalScore]
    rule: SatisfactionRule | None = None
    petitions: dict[int, PetitionCounts] | None = None  # None: no petitions register

    @cached_property
    def portal_by_unit(self) -> dict[int, list[PortalScore]]:
        found: dict[int, list[PortalScore]] = defaultdict(list)
        for row in self.portal:
            if row.unit_id is not None:
                found[row.unit_id].append(row)
        return found

    def own(self, unit_ids: Iterable[int], procedures: list[Procedure]) -> OwnData:
        ids = list(unit_ids)
        counts = total((self.counts[i] for i in ids if i in self.counts), self.period)
        by_procedure: dict[str, dict[str, int]] = {}
        for unit_id in ids:
            for code, values in self.by_unit_procedure.get(unit_id, {}).items():
                entry = by_procedure.setdefault(code, {"received": 0, "online": 0, "paid": 0})
                for key, value in values.items():
                    entry[key] += value
        online = sum(v["online"] for v in by_procedure.values())
        petitions = (
            None
            if self.petitions is None
            else sum_petitions(self.petitions[i] for i in ids if i in self.petitions)
        )
        return OwnData(counts, procedures, by_procedure, online, self.rule, petitions)


def _by_unit_procedure(period: Period, ids: list[int]) -> dict[int, dict[str, dict[str, int]]]:
    rows = (
        dossiers_in(period)
        .filter(unit_id__in=ids)
        .values("unit_id", "procedure_code")
        .annotate(
            received=Count("id"),
            online=Count("id", filter=Q(channel=Channel.ONLINE)),
            paid=Count("id", filter=Q(fee_required=True, paid_online=True)),
        )
    )
    found: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    for row in rows:
        found[row["unit_id"]][row["procedure_code"]] = {
            "received": row["received"],
            "online": row["online"],
            "paid": row["paid"],
        }
    return dict(found)


def period_data(period: Period, units: Iterable[Unit] | None = None) -> PeriodData:
    """Everything the scorecards of a period need, in a fixed number of queries."""
    units = list(units) if units is not None else list(Unit.objects.active())
    ids = [u.pk for u in units]
    # with the ratings, for the satisfaction rule; both passes over the period's dossiers are
    # kept until the next import (dossiers/cache.py)
    at = cache.version()
    counts = cache.remembered("counts", period, ids, lambda: counts_by_unit(period, ids), at=at)
    by_unit_procedure = cache.remembered(
        "by-procedure", period, ids, lambda: _by_unit_procedure(period, ids), at=at
    )
    procedures = list(Procedure.objects.prefetch_related("units"))
    handled_by: dict[int, list[Procedure]] = defaultdict(list)
    for procedure in procedures:
        for unit in procedure.units.all():
            handled_by[unit.pk].append(procedure)
    portal = list(
        PortalScore.objects.filter(period_start=period.start, period_end=period.end).select_related(
            "source", "unit"
        )
    )
    rule = SatisfactionRule.objects.order_by("-updated_at").first()
    return PeriodData(
        period,
        units,
        counts,
        by_unit_procedure,
        procedures,
        handled_by,
        portal,
        rule,
        petition_counts(period, ids),
    )


def _by_group(rows: Iterable[PortalScore]) -> dict[str, list[PortalScore]]:
    grouped: dict[str, list[PortalScore]] = defaultdict(list)
    for row in rows:
        grouped[row.group].append(row)
    return grouped


def province_card(data: PeriodData, target: Decimal | None = None) -> Scorecard:
    parents = _by_group(r for r in data.portal if r.level == "PARENT")
    own = data.own((u.pk for u in data.units), data.procedures)
    return _card("Toàn tỉnh", parents, own, target, level="province")


def level_cards(data: PeriodData, target: Decimal | None = None) -> list[Scorecard]:
    cards = []
    for level, label, portal_level in LEVELS:
        kinds = (UnitKind.AGENCY,) if level == "agencies" else COMMUNE_KINDS
        members = [u for u in data.units if u.kind in kinds]
        procedures = list(
            {p.pk: p for u in members for p in data.handled_by.get(u.pk, [])}.values()
        )
        rows = _by_group(r for r in data.portal if r.level == portal_level)
        cards.append(
            _card(label, rows, data.own((u.pk for u in members), procedures), target, level=level)
        )
    return cards


def unit_card(data: PeriodData, unit: Unit, target: Decimal | None = None) -> Scorecard:
    rows = _by_group(data.portal_by_unit.get(unit.pk, []))
    own = data.own([unit.pk], data.handled_by.get(unit.pk, []))
    return _card(unit.name, rows, own, target, unit=unit)


def unit_cards(data: PeriodData, target: Decimal | None = None) -> list[Scorecard]:
    """A card for every unit that has portal figures, dossiers or procedures in the period."""
    with_data = (
        {r.unit_id for r in data.portal if r.unit_id} | set(data.counts) | set(data.handled_by)
    )
    return [unit_card(data, u, target) for u in data.units if u.pk in with_data]


def unmatched_portal_rows(data: PeriodData) -> list[PortalScore]:
    """Imported departments that match no unit of the registry (to fix with portal codes)."""
    return [r for r in data.portal if r.level != "PARENT" and r.unit_id is None]


def year_card(year: int) -> Scorecard:
    """The province's card for a whole year against the published plan's 3.9 target."""
    from parsipas.dossiers import figures

    period = Period(date(year, 1, 1), date(year, 12, 31))
    target = figures.score_766_target_value(figures.published_plan(year))
    return province_card(period_data(period), target)


def criterion_panel(user: Any, node: Any) -> Scorecard | None:
    """Criterion 3.9's page shows the province's 766 total against its target (to viewers who
    may see the province's dossiers); registered with `plans.panels` in the app's ready()."""
    from parsipas.accounts import policy

    if not policy.can_view_province_dossiers(user):
        return None
    return year_card(node.plan.year)
