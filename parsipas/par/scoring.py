"""PAR Index scoring: the methods, the tree sum, re-basing and ranking. Pure Python, no Django.

A framework (bộ tiêu chí) is a tree of criteria. A leaf turns one value into points by its
method; a group scores the sum of its children. Everything is Decimal and nothing is rounded
here: rounding to 2 decimals happens only where a number is shown (templates, JSON output).

Methods, for a value v and a criterion worth `max` points:

- ``binary`` {"op": ">=", "target": t}: max if ``v op t`` else 0 (ops: >=, >, <=, <, =, !=).
- ``ratio`` {"full_at": f} (default 100): max × min(1, v / f); v in percent, negative v is 0.
- ``tiers`` {"tiers": [[100, 1], [80, 0.5], [0, 0]]}: max × the factor of the highest
  threshold v reaches; 0 when v reaches none. The order of the pairs does not matter.
- ``manual``: v is the points, kept within 0..max.
- ``survey``: max × v / 100, v a survey result in percent, kept within 0..max.
- ``deduct`` {"per": p}: max(0, max − p × v), v a count of faults.

Re-basing: a criterion that does not apply to a unit (its ``applies_to`` is another kind of
unit, or the unit's value for it is ``NOT_APPLICABLE``) is left out of both the points and
the maximum, so percent = points / applicable max. A group none of whose children apply does
not apply either.

Missing data is not a zero. A leaf without a value is flagged ``missing`` and adds nothing to
``points`` (the points *known* so far); its ``low`` … ``high`` is the range its method can still
give (``method_range``: 0 … max, or the best tier's share of max), so a group's and the tree's
``low`` … ``high`` is the range of the total once every missing value is known, and
``known_max`` the maximum of the leaves that have a value.

At risk: the plan aims at every criterion's full points (its targets are the framework's
full-point thresholds, e.g. ≥ 98% dossiers on time for 3.8), so a leaf's ``at_risk`` is the
points by which its best case falls short of its maximum: for a known value the points it loses
(``max − points``), for a missing value ``max − high``, which is 0 unless even the method's best
outcome cannot reach the maximum. A missing value alone is therefore never "at risk": it is
missing, shown as such with its range. A group's ``at_risk`` is the sum of its leaves'.

Ranking is by percent (re-based), highest first; equal percents share a rank and the next
rank skips ("1, 2, 2, 4"). Percents are compared exactly, not as displayed.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

GROUP = "group"
METHODS = ("group", "binary", "ratio", "tiers", "manual", "survey", "deduct")
METHOD_LABELS = {
    "group": "Nhóm (cộng điểm các tiêu chí con)",
    "binary": "Đạt / không đạt",
    "ratio": "Theo tỷ lệ",
    "tiers": "Theo mức",
    "manual": "Chấm trực tiếp",
    "survey": "Điều tra xã hội học",
    "deduct": "Trừ điểm theo số lỗi",
}
BINARY_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "=": operator.eq,
    "==": operator.eq,
    "!=": operator.ne,
}
APPLIES_TO = ("province", "agency", "commune", "all")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


class ScoringError(ValueError):
    """A value or parameter that cannot be scored (message in Vietnamese)."""


class _NotApplicable:
    """The value of a criterion that does not apply to a unit (re-based out)."""

    _instance: _NotApplicable | None = None

    def __new__(cls) -> _NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = _NotApplicable()
Value = Decimal | _NotApplicable | None


LARGEST = Decimal("1e12")


def to_decimal(value: Any, what: str = "giá trị") -> Decimal:
    """Decimal from an int, float, Decimal or text ("61,5" and "61.5" alike)."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ScoringError(f"{what} phải là số.")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(" ", "").replace("%", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation as exc:
            raise ScoringError(f"{what} '{value}' không phải là số.") from exc
    else:
        raise ScoringError(f"{what} phải là số.")
    if not result.is_finite():
        raise ScoringError(f"{what} '{value}' không phải là số hữu hạn.")
    # 1e999999 is finite to Decimal but Inf to a float column (SQLite): every figure here is a
    # score, a percentage or a count, far below this bound.
    if abs(result) >= LARGEST:
        raise ScoringError(f"{what} '{str(value)[:30]}' quá lớn.")
    return result


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def _tiers(params: Mapping[str, Any]) -> list[tuple[Decimal, Decimal]]:
    raw = params.get("tiers")
    if not isinstance(raw, list) or not raw:
        raise ScoringError('Phương pháp "tiers" cần "tiers": danh sách [ngưỡng, hệ số].')
    pairs = []
    for item in raw:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise ScoringError(
                f'Mỗi mức trong "tiers" phải là [ngưỡng, hệ số], không phải {item!r}.'
            )
        threshold = to_decimal(item[0], "ngưỡng")
        factor = to_decimal(item[1], "hệ số")
        if not ZERO <= factor <= 1:
            raise ScoringError(f"Hệ số {item[1]} phải nằm trong khoảng 0..1.")
        pairs.append((threshold, factor))
    return sorted(pairs, key=lambda p: p[0], reverse=True)


def check_params(method: str, params: Mapping[str, Any]) -> list[str]:
    """Problems with a method's parameters, in Vietnamese (empty when they are fine)."""
    if method not in METHODS:
        return [f"phương pháp '{method}' không có (chọn một trong: {', '.join(METHODS)})"]
    problems: list[str] = []
    try:
        if method == "binary":
            if params.get("op", ">=") not in BINARY_OPS:
                problems.append(
                    f"phép so sánh '{params.get('op')}' không có (dùng {', '.join(BINARY_OPS)})"
                )
            if "target" not in params:
                problems.append('phương pháp "binary" cần "target" (mức phải đạt)')
            else:
                to_decimal(params["target"], '"target"')
        elif method == "ratio":
            if to_decimal(params.get("full_at", 100), '"full_at"') <= 0:
                problems.append('"full_at" phải lớn hơn 0')
        elif method == "tiers":
            _tiers(params)
        elif method == "deduct":
            if "per" not in params:
                problems.append('phương pháp "deduct" cần "per" (số điểm trừ cho mỗi lỗi)')
            elif to_decimal(params["per"], '"per"') < 0:
                problems.append('"per" không được âm')
    except ScoringError as exc:
        problems.append(str(exc))
    return problems


def method_points(method: str, params: Mapping[str, Any], max_points: Any, value: Any) -> Decimal:
    """Points a leaf criterion earns for value `value` (no rounding)."""
    top = to_decimal(max_points, "điểm tối đa")
    v = to_decimal(value)
    if method == "binary":
        compare = BINARY_OPS.get(str(params.get("op", ">=")))
        if compare is None:
            raise ScoringError(f"Phép so sánh '{params.get('op')}' không có.")
        return top if compare(v, to_decimal(params.get("target"), '"target"')) else ZERO
    if method == "ratio":
        full_at = to_decimal(params.get("full_at", 100), '"full_at"')
        if full_at <= 0:
            raise ScoringError('"full_at" phải lớn hơn 0.')
        return top * _clamp(v / full_at, ZERO, Decimal(1))
    if method == "tiers":
        for threshold, factor in _tiers(params):
            if v >= threshold:
                return top * factor
        return ZERO
    if method == "manual":
        return _clamp(v, ZERO, top)
    if method == "survey":
        return _clamp(top * v / HUNDRED, ZERO, top)
    if method == "deduct":
        return max(ZERO, top - to_decimal(params.get("per"), '"per"') * v)
    if method == GROUP:
        raise ScoringError("Tiêu chí nhóm không chấm theo giá trị: điểm là tổng các tiêu chí con.")
    raise ScoringError(f"Phương pháp '{method}' không có.")


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    max_points: Decimal
    method: str = GROUP
    params: Mapping[str, Any] = field(default_factory=dict)
    parent_code: str = ""
    applies_to: str = "all"

    @property
    def is_group(self) -> bool:
        return self.method == GROUP

    def applies(self, kind: str) -> bool:
        return self.applies_to == "all" or kind == "all" or self.applies_to == kind


def percent_of(points: Decimal, max_points: Decimal) -> Decimal | None:
    return points * HUNDRED / max_points if max_points > 0 else None


@dataclass
class Scored:
    """One criterion's result for one unit."""

    code: str
    points: Decimal
    max_points: Decimal  # the applicable (re-based) maximum; 0 when not applicable
    applicable: bool = True
    value: Decimal | None = None
    missing: bool = False  # a leaf without a value, or a group with such a leaf
    low: Decimal | None = None  # fewest points once every missing value is known (None: points)
    high: Decimal | None = None  # most points once every missing value is known (None: points)
    known_max: Decimal | None = None  # maximum of the leaves with a value (None: max_points)
    missing_count: int = 0  # applicable leaves without a value
    lost: Decimal | None = None  # points at risk (see the module docstring; None: leaf rule)

    def __post_init__(self) -> None:
        if self.low is None:
            self.low = self.points
        if self.high is None:
            self.high = self.points
        if self.known_max is None:
            self.known_max = ZERO if self.missing else self.max_points
        if self.missing and not self.missing_count and self.applicable:
            self.missing_count = 1

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.points, self.max_points)

    @property
    def known_percent(self) -> Decimal | None:
        """Percent of the points that the leaves with a value could earn."""
        return percent_of(self.points, self.known_max or ZERO)

    @property
    def at_risk(self) -> Decimal:
        """Points the best case falls short of the maximum by (0 for a missing value whose
        method can still give full points): see the module docstring."""
        if not self.applicable:
            return ZERO
        if self.lost is not None:
            return self.lost
        return max(ZERO, self.max_points - (self.high or ZERO))

    @property
    def open_points(self) -> Decimal:
        """Points that depend on values not known yet (high − low)."""
        return (self.high or ZERO) - (self.low or ZERO) if self.applicable else ZERO

    @property
    def state(self) -> str:
        """not_applicable | missing | at_risk | partial (a group: some values missing, none
        short) | full."""
        if not self.applicable:
            return "not_applicable"
        if self.at_risk > 0:
            return "at_risk"
        if self.missing:
            return "missing" if not self.known_max else "partial"
        return "full"


STATE_LABELS = {
    "not_applicable": "Không áp dụng",
    "missing": "Chưa có số liệu",
    "at_risk": "Có nguy cơ mất điểm",
    "partial": "Còn thiếu số liệu",
    "full": "Đạt điểm tối đa",
}


@dataclass
class TreeScore:
    nodes: dict[str, Scored]
    top_codes: list[str]
    points: Decimal  # the points known so far (missing values add nothing)
    max_points: Decimal
    low: Decimal = ZERO  # the total's range once every missing value is known
    high: Decimal = ZERO
    known_max: Decimal = ZERO  # the maximum of the leaves with a value
    at_risk: Decimal = ZERO
    missing_count: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.points, self.max_points)

    @property
    def known_percent(self) -> Decimal | None:
        return percent_of(self.points, self.known_max)

    @property
    def is_complete(self) -> bool:
        return self.missing_count == 0

    @property
    def missing_codes(self) -> list[str]:
        return [c for c, s in self.nodes.items() if s.missing and s.applicable]


def children_of(criteria: Iterable[Criterion]) -> dict[str, list[Criterion]]:
    """Criteria by parent code ("" for the top level), in the order given."""
    children: dict[str, list[Criterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_code or "", []).append(criterion)
    return children


def score_tree(
    criteria: Sequence[Criterion],
    values: Mapping[str, Value],
    kind: str = "all",
    given_points: Mapping[str, Decimal] | None = None,
) -> TreeScore:
    """Score every criterion for one unit of kind `kind` (province | agency | commune | all).

    `given_points` are points set directly (an appraisal team's score), used instead of the
    method for those leaves and kept within 0..max.
    """
    given = given_points or {}
    children = children_of(criteria)
    nodes: dict[str, Scored] = {}

    def visit(criterion: Criterion, trail: frozenset[str]) -> Scored:
        if criterion.code in trail:
            raise ScoringError(f"Tiêu chí {criterion.code} nằm trong một vòng lặp cha–con.")
        kids = children.get(criterion.code, [])
        if criterion.is_group or kids:
            if not kids:
                raise ScoringError(f"Nhóm {criterion.code} không có tiêu chí con.")
            results = [visit(k, trail | {criterion.code}) for k in kids]
            applicable = criterion.applies(kind) and any(r.applicable for r in results)
            scored = _group(criterion.code, results, applicable)
        else:
            value = values.get(criterion.code)
            if not criterion.applies(kind) or value is NOT_APPLICABLE:
                scored = Scored(criterion.code, ZERO, ZERO, applicable=False)
            elif criterion.code in given:
                points = _clamp(to_decimal(given[criterion.code]), ZERO, criterion.max_points)
                number = None if value is None else to_decimal(value)
                scored = Scored(criterion.code, points, criterion.max_points, value=number)
            elif value is None:
                low, high = method_range(criterion.method, criterion.params, criterion.max_points)
                scored = Scored(
                    criterion.code, ZERO, criterion.max_points, missing=True, low=low, high=high
                )
            else:
                value = to_decimal(value)
                points = method_points(
                    criterion.method, criterion.params, criterion.max_points, value
                )
                scored = Scored(criterion.code, points, criterion.max_points, value=value)
        nodes[criterion.code] = scored
        return scored

    top = children.get("", [])
    results = [visit(c, frozenset()) for c in top]
    if len(nodes) != len(criteria):
        unreached = [c.code for c in criteria if c.code not in nodes]
        raise ScoringError("Tiêu chí không nối được vào cây: " + ", ".join(unreached))
    total = _group("", results, True)
    return TreeScore(
        nodes={c.code: nodes[c.code] for c in criteria},  # in the framework's order
        top_codes=[c.code for c in top],
        points=total.points,
        max_points=total.max_points,
        low=total.low or ZERO,
        high=total.high or ZERO,
        known_max=total.known_max or ZERO,
        at_risk=total.at_risk,
        missing_count=total.missing_count,
    )


def _group(code: str, results: Sequence[Scored], applicable: bool) -> Scored:
    """A group's score: the sums of its applicable children (points, range, known maximum,
    points at risk)."""
    kids = [r for r in results if r.applicable] if applicable else []
    return Scored(
        code,
        points=sum((r.points for r in kids), ZERO),
        max_points=sum((r.max_points for r in kids), ZERO),
        applicable=applicable,
        missing=any(r.missing for r in kids),
        low=sum((r.low or ZERO for r in kids), ZERO),
        high=sum((r.high or ZERO for r in kids), ZERO),
        known_max=sum((r.known_max or ZERO for r in kids), ZERO),
        missing_count=sum(r.missing_count for r in kids),
        lost=sum((r.at_risk for r in kids), ZERO),
    )


def method_range(
    method: str, params: Mapping[str, Any], max_points: Any
) -> tuple[Decimal, Decimal]:
    """The fewest and the most points a leaf's method can give, whatever the value: (0, max)
    for every method but ``tiers``, whose best is its highest factor × max (and whose worst is
    0: a value below every threshold)."""
    top = to_decimal(max_points, "điểm tối đa")
    if method == "tiers":
        try:
            best = max(factor for _threshold, factor in _tiers(params))
        except ScoringError:
            best = Decimal(1)
        return ZERO, top * best
    return ZERO, top


def describe_params(method: str, params: Mapping[str, Any] | None) -> str:
    """A method's parameters as a reader says them ("Đạt khi giá trị ≥ 98"), not as stored."""
    params = params or {}

    def num(value: Any) -> str:
        try:
            d = to_decimal(value)
        except ScoringError:
            return str(value)
        d = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        text = format(d, "f")
        return text.replace(".", ",")

    try:
        if method == "binary":
            op = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}.get(
                str(params.get("op", ">=")), str(params.get("op", ">="))
            )
            return f"Đủ điểm khi giá trị {op} {num(params.get('target'))}, không thì 0 điểm."
        if method == "ratio":
            return f"Điểm theo tỷ lệ, đủ điểm khi đạt {num(params.get('full_at', 100))}%."
        if method == "tiers":
            steps = [
                f"từ {num(threshold)}: {num(factor * HUNDRED)}% số điểm"
                for threshold, factor in _tiers(params)
            ]
            text = "; ".join(steps) + "; thấp hơn: 0 điểm."
            return text[:1].upper() + text[1:]
        if method == "deduct":
            return f"Trừ {num(params.get('per'))} điểm cho mỗi lỗi."
    except ScoringError as exc:
        return str(exc)
    known = {"op", "target", "full_at", "tiers", "per"}
    extra = {k: v for k, v in params.items() if k not in known}
    return "; ".join(f"{k}: {v}" for k, v in extra.items())


def competition_ranks[T](
    items: Sequence[T], key: Callable[[T], Decimal | None]
) -> list[tuple[int | None, T]]:
    """Items sorted best first with their rank; equal keys share a rank ("1, 2, 2, 4").

    Items whose key is None (nothing applicable to score) come last, unranked.
    """
    ranked = sorted((i for i in items if key(i) is not None), key=lambda i: key(i), reverse=True)  # type: ignore[arg-type,return-value]
    out: list[tuple[int | None, T]] = []
    previous: Decimal | None = None
    rank = 0
    for position, item in enumerate(ranked, start=1):
        k = key(item)
        if previous is None or k != previous:
            rank = position
            previous = k
        out.append((rank, item))
    out.extend((None, i) for i in items if key(i) is None)
    return out


@dataclass
class UnitResult:
    unit: str
    score: TreeScore
    rank: int | None = None

    @property
    def points(self) -> Decimal:
        return self.score.points

    @property
    def max_points(self) -> Decimal:
        return self.score.max_points

    @property
    def percent(self) -> Decimal | None:
        return self.score.percent


def score_units(
    criteria: Sequence[Criterion],
    values_by_unit: Mapping[str, Mapping[str, Value]],
    kind_of: Mapping[str, str] | None = None,
) -> list[UnitResult]:
    """Score several units and rank them (by re-based percent), best first."""
    results = [
        UnitResult(unit, score_tree(criteria, values, (kind_of or {}).get(unit, "all")))
        for unit, values in values_by_unit.items()
    ]
    ranked = competition_ranks(results, key=lambda r: r.percent)
    for rank, result in ranked:
        result.rank = rank
    return [r for _, r in ranked]


def shown(value: Decimal | None, places: int = 2) -> Decimal | None:
    """A number as displayed: rounded half up to `places` decimals (for output only)."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
