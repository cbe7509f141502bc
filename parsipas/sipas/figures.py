"""SIPAS figures from the database: counts in SQL, formulas in `indices`.

One aggregate query counts the answers that count (valid responses only) per unit × question
× value (× month, for trends) over a range of months; `indices` turns the counts into figures
for every unit, every kind of unit and the province (pooled answers, see `indices`).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.cache import cache
from django.db.models import Count

from parsipas.sipas.indices import (
    DEFAULT_RULE,
    Figure,
    Result,
    Rule,
    Tally,
    compute,
    element_sort_key,
    pooled,
    round_pct,
    wilson,
)
from parsipas.sipas.models import (
    DEFAULT_TARGET,
    Answer,
    Element,
    Instrument,
    Question,
    QuestionKind,
    Response,
    SipasTarget,
    Status,
)
from parsipas.sipas.periods import QUARTERS, Period, period
from parsipas.units.models import Unit, UnitKind

Row = tuple[int, int, int, int]  # unit id, question id, value, count


@dataclass(frozen=True)
class QuestionInfo:
    id: int
    code: str
    kind: str
    element: str
    text: str
    choices: dict[int, str]


def catalog() -> dict[int, QuestionInfo]:
    """Every question of every instrument (answers of retired questions still count)."""
    questions = Question.objects.select_related("element", "scale").prefetch_related(
        "scale__choices"
    )
    return {
        q.pk: QuestionInfo(
            q.pk,
            q.code,
            q.kind,
            q.element.code if q.element else "",
            q.text,
            {c.value: c.label for c in q.scale.choices.all()},
        )
        for q in questions
    }


def current_rule() -> Rule:
    instrument = Instrument.objects.current()
    return instrument.rule() if instrument else DEFAULT_RULE


def element_labels() -> dict[str, str]:
    """Element code -> name, from the current instrument first."""
    labels: dict[str, str] = {}
    for element in Element.objects.select_related("instrument").order_by(
        "-instrument__is_current", "order"
    ):
        labels.setdefault(element.code, element.name)
    return labels


def element_codes(labels: dict[str, str] | None = None) -> list[str]:
    codes = list(labels or element_labels()) or ["E1", "E2", "E3", "E4", "E5"]
    return sorted(codes, key=element_sort_key)


def count_answers(
    first_month: int,
    last_month: int,
    unit_ids: Collection[int] | None = None,
    by_month: bool = False,
    scored: bool = True,
) -> list[tuple[int, ...]]:
    """(unit, question, value[, month], count) of answers that count, in one grouped query:
    answers to satisfaction questions (scored) or to the others (perception, expectation)."""
    answers = Answer.objects.filter(
        counted=True, scored=scored, month__gte=first_month, month__lte=last_month
    )
    if unit_ids is not None:
        answers = answers.filter(unit_id__in=list(unit_ids))
    columns = ["unit_id", "question_id", "value"] + (["month"] if by_month else [])
    return list(answers.order_by().values_list(*columns).annotate(n=Count("*")))


def count_respondents(
    first_month: int,
    last_month: int,
    unit_ids: Collection[int] | None = None,
    status: str = Status.VALID,
    by_month: bool = False,
) -> dict[tuple[int, ...], int]:
    responses = Response.objects.filter(
        status=status, month__gte=first_month, month__lte=last_month
    )
    if unit_ids is not None:
        responses = responses.filter(unit_id__in=list(unit_ids))
    columns = ["unit_id"] + (["month"] if by_month else [])
    return {
        tuple(row[:-1]): row[-1]
        for row in responses.order_by().values_list(*columns).annotate(n=Count("*"))
    }


@dataclass
class Scope:
    """Counts of one scope: the satisfaction tally and every question's value counts."""

    tally: Tally = field(default_factory=Tally)
    questions: dict[int, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))

    def merge(self, other: Scope) -> Scope:
        self.tally.merge(other.tally)
        for qid, counts in other.questions.items():
            self.questions[qid].update(counts)
        return self


def fold(
    rows: Iterable[tuple[int, ...]],
    respondents: dict[tuple[int, ...], int],
    questions: dict[int, QuestionInfo],
) -> dict[int, Scope]:
    """Per-unit scopes from (unit, question, value, count) rows."""
    scopes: dict[int, Scope] = defaultdict(Scope)
    for unit_id, question_id, value, n in rows:
        scope = scopes[unit_id]
        scope.questions[question_id][value] += n
        info = questions.get(question_id)
        if info is not None and info.kind == QuestionKind.SATISFACTION and info.element:
            scope.tally.add(info.element, value, n)
    for (unit_id, *_), n in respondents.items():
        scopes[unit_id].tally.respondents += n
    return scopes


@dataclass(frozen=True)
class QuestionFigure:
    info: QuestionInfo
    figure: Figure | None
    no_opinion: int


@dataclass(frozen=True)
class ChoiceShare:
    question: QuestionInfo
    value: int
    label: str
    count: int
    pct: Decimal | None  # of respondents in scope


@dataclass
class Indices:
    period: Period
    rule: Rule
    elements: list[str]
    units: dict[int, Result]
    unit_objects: dict[int, Unit]
    kinds: dict[str, Result]
    province: Result
    scopes: dict[int, Scope]
    flagged: dict[int, int]

    def ranked_units(self) -> list[tuple[Unit, Result]]:
        """Units with responses, best SIPAS first (units without a SIPAS figure last)."""
        pairs = [
            (self.unit_objects[uid], r) for uid, r in self.units.items() if uid in self.unit_objects
        ]
        return sorted(
            pairs,
            key=lambda p: (p[1].sipas is None, -(p[1].sipas.share if p[1].sipas else 0), p[0].name),
        )

    def pooled_scope(self, unit_ids: Collection[int] | None = None) -> Scope:
        total = Scope()
        for uid, scope in self.scopes.items():
            if unit_ids is None or uid in unit_ids:
                total.merge(scope)
        return total


def indices(
    target: Period,
    unit_ids: Collection[int] | None = None,
    questions: dict[int, QuestionInfo] | None = None,
) -> Indices:
    """Figures for every unit with answers in the period, every kind of unit and the whole."""
    questions = questions if questions is not None else catalog()
    rows = count_answers(target.first, target.last, unit_ids)
    respondents = count_respondents(target.first, target.last, unit_ids)
    flagged = {
        k[0]: n
        for k, n in count_respondents(target.first, target.last, unit_ids, Status.FLAGGED).items()
    }
    return _indices(target, rows, respondents, flagged, questions, unit_ids)


def _indices(
    target: Period,
    rows: Iterable[tuple[int, ...]],
    respondents: dict[tuple[int, ...], int],
    flagged: dict[int, int],
    questions: dict[int, QuestionInfo],
    unit_ids: Collection[int] | None,
) -> Indices:
    rule = current_rule()
    codes = element_codes()
    scopes = fold(rows, respondents, questions)
    unit_objects = Unit.objects.in_bulk(set(scopes) | set(flagged) | set(unit_ids or ()))
    units = {uid: compute(scope.tally, rule, codes) for uid, scope in scopes.items()}
    by_kind: dict[str, list[Tally]] = defaultdict(list)
    for uid, scope in scopes.items():
        if uid in unit_objects:
            by_kind[unit_objects[uid].kind].append(scope.tally)
    kinds = {kind: compute(pooled(tallies), rule, codes) for kind, tallies in by_kind.items()}
    province = compute(pooled(s.tally for s in scopes.values()), rule, codes)
    return Indices(target, rule, codes, units, unit_objects, kinds, province, dict(scopes), flagged)


def question_figures(
    scope: Scope, questions: dict[int, QuestionInfo], rule: Rule
) -> list[QuestionFigure]:
    """Each satisfaction question's share of satisfied answers, weakest first."""
    result = []
    for qid, counts in scope.questions.items():
        info = questions.get(qid)
        if info is None or info.kind != QuestionKind.SATISFACTION:
            continue
        valid = sum(counts[v] for v in rule.valid)
        satisfied = sum(counts[v] for v in rule.satisfied)
        figure = None
        if valid:
            low, high = wilson(satisfied, valid) or (0.0, 0.0)
            share = Fraction(satisfied, valid)
            figure = Figure(
                round_pct(share), round_pct(low), round_pct(high), satisfied, valid, share
            )
        result.append(QuestionFigure(info, figure, counts[0]))
    return sorted(
        result,
        key=lambda q: (
            q.figure is None,
            q.figure.share if q.figure else 0,
            element_sort_key(q.info.element),
            q.info.code,
        ),
    )


def choice_shares(
    scope: Scope, questions: dict[int, QuestionInfo], kind: str
) -> dict[int, list[ChoiceShare]]:
    """For perception or expectation questions: how many respondents chose each option, most first."""
    respondents = scope.tally.respondents
    result: dict[int, list[ChoiceShare]] = {}
    for qid, counts in scope.questions.items():
        info = questions.get(qid)
        if info is None or info.kind != kind:
            continue
        shares = [
            ChoiceShare(
                info,
                value,
                info.choices.get(value, str(value)),
                n,
                round_pct(Fraction(n, respondents)) if respondents else None,
            )
            for value, n in counts.items()
        ]
        result[qid] = sorted(shares, key=lambda s: (-s.count, s.value))
    return dict(sorted(result.items(), key=lambda kv: kv[1][0].question.code if kv[1] else ""))


# --- trends and targets -------------------------------------------------------------------


def _unit_version_key(unit_id: int) -> str:
    return f"sipas:unit-data:{unit_id}"


def answers_changed(unit_ids: Iterable[int]) -> None:
    """A response of these units was stored, accepted, excluded or restored: their cached counts
    are stale. A unit's page must show its answers at once (issue 17: the E1–E5 table stayed
    empty after the first answers); the province-wide counts keep their one-minute cache."""
    cache.set_many({_unit_version_key(uid): uuid.uuid4().hex for uid in set(unit_ids)}, None)


def _scope_key(unit_ids: Collection[int] | None) -> str:
    if unit_ids is None:
        return "all"
    ids = sorted(unit_ids)
    versions = cache.get_many([_unit_version_key(uid) for uid in ids])
    return ",".join(f"{uid}.{versions.get(_unit_version_key(uid), '0')}" for uid in ids)


def _cached_year_rows(
    year: int, unit_ids: Collection[int] | None
) -> tuple[list[tuple[int, ...]], dict[tuple[int, ...], int]]:
    """A year's counts by month (one query), cached briefly: dashboards need not be to the second,
    and a unit's own counts are dropped as soon as one of its responses changes."""
    key = f"sipas:year-rows:{year}:{_scope_key(unit_ids)}"
    hit = cache.get(key)
    if hit is None:
        whole = period(year)
        hit = (
            count_answers(whole.first, whole.last, unit_ids, by_month=True),
            count_respondents(whole.first, whole.last, unit_ids, by_month=True),
        )
        cache.set(key, hit, timeout=60)
    return hit


def indices_from_year(
    target: Period,
    unit_ids: Collection[int] | None = None,
    questions: dict[int, QuestionInfo] | None = None,
) -> Indices:
    """Like `indices`, from the cached by-month counts of the year (for pages)."""
    questions = questions if questions is not None else catalog()
    rows, respondents = _cached_year_rows(target.year, unit_ids)
    in_period = ((u, q, v, n) for u, q, v, m, n in rows if target.contains(m))
    people: dict[tuple[int, ...], int] = defaultdict(int)
    for (uid, month), n in respondents.items():
        if target.contains(month):
            people[(uid,)] += n
    flagged = {
        k[0]: n
        for k, n in count_respondents(target.first, target.last, unit_ids, Status.FLAGGED).items()
    }
    figures = _indices(target, in_period, people, flagged, questions, unit_ids)
    for unit_id, question_id, value, n in _cached_choice_rows(target, unit_ids):
        figures.scopes.setdefault(unit_id, Scope()).questions[question_id][value] += n
    return figures


def _cached_choice_rows(target: Period, unit_ids: Collection[int] | None) -> list[tuple[int, ...]]:
    """Perception and expectation answers of the period (pages only), cached like the year's rows."""
    key = f"sipas:choice-rows:{target.year}:{target.kind.code}:{_scope_key(unit_ids)}"
    rows = cache.get(key)
    if rows is None:
        rows = count_answers(target.first, target.last, unit_ids, scored=False)
        cache.set(key, rows, timeout=60)
    return rows


@dataclass(frozen=True)
class TrendPoint:
    label: str
    result: Result


def trend(
    year: int, unit_ids: Collection[int] | None = None, years_back: int = 2
) -> list[TrendPoint]:
    """Quarter by quarter for `year`, and the whole of each of the `years_back` years before."""
    questions = catalog()
    rule = current_rule()
    codes = element_codes()
    points: list[TrendPoint] = []
    for past in range(year - years_back, year):
        rows, respondents = _cached_year_rows(past, unit_ids)
        if rows:
            points.append(
                TrendPoint(
                    f"Năm {past}",
                    _pooled_result(rows, respondents, lambda m: True, questions, rule, codes),
                )
            )
    rows, respondents = _cached_year_rows(year, unit_ids)
    for code in QUARTERS:
        quarter = period(year, code)
        points.append(
            TrendPoint(
                quarter.label,
                _pooled_result(rows, respondents, quarter.contains, questions, rule, codes),
            )
        )
    return points


def _pooled_result(rows, respondents, keep, questions, rule, codes) -> Result:
    tally = Tally()
    for _u, q, v, m, n in rows:
        info = questions.get(q)
        if keep(m) and info is not None and info.kind == QuestionKind.SATISFACTION and info.element:
            tally.add(info.element, v, n)
    tally.respondents = sum(n for (_u, m), n in respondents.items() if keep(m))
    return compute(tally, rule, codes)


def targets(year: int) -> dict[str, Decimal]:
    """The year's targets: SIPAS and each element, 80 % where the admin set none."""
    values = {code: DEFAULT_TARGET for code in ["SIPAS", *element_codes()]}
    values.update({t.element: t.pct for t in SipasTarget.objects.filter(year=year)})
    return values


KIND_LABELS = dict(UnitKind.choices)
