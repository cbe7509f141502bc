"""SIPAS indices from answer counts: element indices, the SIPAS index, Wilson intervals.

Pure Python, no Django: the command, the pages, the PAR projection and the benchmark all
feed it counts of answers (how many answers of each value each element's satisfaction
questions received in a scope) and read back figures.

The default rule (documented, replaceable, because the formula of Decision 1001/QĐ-BNV was
not available):

- An answer is *valid* when its value is on the scale (1–5). Blank answers and "không ý
  kiến" (no opinion, stored as 0) are left out of every figure.
- The index of an element is the share of its valid answers that count as *satisfied*
  (4 "hài lòng" or 5 "rất hài lòng"), in percent.
- The SIPAS index is the weighted mean of the element indices (all weights 1 by default:
  the plain mean of the five). An element without any valid answer has no index and is left
  out of the mean; with no element index at all there is no SIPAS index.
- A scope bigger than a unit (a kind of unit, the province) pools the answers of all its
  units: the province's E1 is the share of satisfied answers among all valid E1 answers in
  the province, not the mean of the units' E1. Large units weigh more, as in a survey of the
  province's users.
- Percentages are computed exactly (fractions) and rounded half-up to 2 decimals once, at
  the end: the SIPAS index is the mean of the unrounded element shares.

Intervals are 95% Wilson score intervals over answers, which treats the answers of one
respondent as independent; they are therefore somewhat narrower than a design-based interval
and are meant to show which differences are noise, not as an exact confidence statement.
For the SIPAS index (a weighted mean of proportions) the Wilson interval is taken on an
effective sample size n_eff = (Σw)² / Σ(w²/n) — the size of one simple sample that would
give the mean the same precision if the elements were equally variable.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NO_OPINION = 0
DEFAULT_ELEMENTS: tuple[str, ...] = ("E1", "E2", "E3", "E4", "E5")
Z95 = 1.959963984540054
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    """Which answers count, which count as satisfied, and how much each element weighs."""

    valid: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    satisfied: frozenset[int] = frozenset({4, 5})
    weights: Mapping[str, Fraction] = field(
        default_factory=dict
    )  # element code -> weight; missing = 1

    def __post_init__(self) -> None:
        if not self.satisfied <= self.valid:
            raise ValueError("satisfied answers must be valid answers")
        if NO_OPINION in self.valid:
            raise ValueError("'no opinion' (0) cannot be a valid answer")
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("element weights cannot be negative")

    def weight(self, element: str) -> Fraction:
        return Fraction(self.weights.get(element, 1))

    @classmethod
    def with_threshold(cls, scale_max: int = 5, satisfied_from: int = 4, **kw: object) -> Rule:
        """Valid 1..scale_max, satisfied satisfied_from..scale_max."""
        if not 1 <= satisfied_from <= scale_max:
            raise ValueError("the satisfied threshold must lie on the scale")
        return cls(
            valid=frozenset(range(1, scale_max + 1)),
            satisfied=frozenset(range(satisfied_from, scale_max + 1)),
            **kw,  # type: ignore[arg-type]
        )


DEFAULT_RULE = Rule()


def round_pct(value: Fraction | float) -> Decimal:
    """A share in [0, 1] as a percentage rounded half-up to 2 decimals."""
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator * 100) / Decimal(value.denominator)
    else:
        exact = Decimal(repr(value * 100))
    return exact.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def wilson(successes: float, trials: float, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion, as shares in [0, 1]; None without trials."""
    if trials <= 0:
        return None
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Figure:
    """One percentage with what it was computed from."""

    pct: Decimal
    low: Decimal
    high: Decimal
    satisfied: int  # satisfied answers (for SIPAS: not meaningful, 0)
    answers: int  # valid answers behind the figure
    share: Fraction  # the exact share, for further arithmetic

    @property
    def margin(self) -> Decimal:
        """Half the interval's width, in percentage points (for '± x')."""
        return ((self.high - self.low) / 2).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _figure(share: Fraction, n_eff: float, satisfied: int, answers: int) -> Figure:
    low, high = wilson(float(share) * n_eff, n_eff) or (0.0, 0.0)
    return Figure(round_pct(share), round_pct(low), round_pct(high), satisfied, answers, share)


@dataclass
class Tally:
    """Answer counts of one scope: answers[element][value] and the number of respondents."""

    respondents: int = 0
    answers: dict[str, Counter[int]] = field(default_factory=dict)

    def add(self, element: str, value: int, count: int = 1) -> None:
        self.answers.setdefault(element, Counter())[value] += count

    def merge(self, other: Tally) -> Tally:
        self.respondents += other.respondents
        for element, values in other.answers.items():
            self.answers.setdefault(element, Counter()).update(values)
        return self

    def count(self, element: str, values: Iterable[int]) -> int:
        counter = self.answers.get(element)
        return sum(counter[v] for v in values) if counter else 0

    def no_opinion(self, element: str) -> int:
        counter = self.answers.get(element)
        return counter[NO_OPINION] if counter else 0


@dataclass(frozen=True)
class Result:
    respondents: int
    elements: dict[str, Figure | None]
    sipas: Figure | None

    @property
    def answers(self) -> int:
        return sum(f.answers for f in self.elements.values() if f is not None)

    def as_dict(self) -> dict[str, object]:
        """Plain numbers for JSON: {"n", "elements": {code: pct | None}, "sipas": pct | None}."""
        return {
            "n": self.respondents,
            "elements": {k: (float(f.pct) if f else None) for k, f in self.elements.items()},
            "sipas": float(self.sipas.pct) if self.sipas else None,
        }


def element_figure(tally: Tally, element: str, rule: Rule = DEFAULT_RULE) -> Figure | None:
    valid = tally.count(element, rule.valid)
    if not valid:
        return None
    satisfied = tally.count(element, rule.satisfied)
    return _figure(Fraction(satisfied, valid), valid, satisfied, valid)


def sipas_figure(elements: Mapping[str, Figure | None], rule: Rule = DEFAULT_RULE) -> Figure | None:
    """The weighted mean of the element indices that exist (weight-0 elements are shown, not counted)."""
    present = [
        (rule.weight(code), f)
        for code, f in elements.items()
        if f is not None and rule.weight(code) > 0
    ]
    if not present:
        return None
    total_weight = sum((w for w, _ in present), Fraction(0))
    share = sum((w * f.share for w, f in present), Fraction(0)) / total_weight
    n_eff = float(total_weight) ** 2 / sum(float(w) ** 2 / f.answers for w, f in present)
    return _figure(share, n_eff, 0, sum(f.answers for _, f in present))


def compute(
    tally: Tally, rule: Rule = DEFAULT_RULE, elements: Iterable[str] = DEFAULT_ELEMENTS
) -> Result:
    """Element indices and SIPAS for one scope. Elements present in the tally but not listed
    in `elements` are added after them, so no answer is silently dropped."""
    codes = list(elements)
    codes += sorted(set(tally.answers) - set(codes), key=element_sort_key)
    figures = {code: element_figure(tally, code, rule) for code in codes}
    return Result(tally.respondents, figures, sipas_figure(figures, rule))


def pooled(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


def element_sort_key(code: str) -> tuple[str, int, str]:
    """E2 before E10."""
    head = code.rstrip("0123456789")
    tail = code[len(head) :]
    return (head, int(tail) if tail else -1, code)


def required_sample(population: int, margin: float) -> int:
    """Yamane's sample size n = N / (1 + N·e²), rounded up; 0 for an empty population."""
    if population < 0:
        raise ValueError("the number of dossiers cannot be negative")
    if not 0 < margin < 1:
        raise ValueError("the margin must be a share between 0 and 1 (e.g. 0.05)")
    if population == 0:
        return 0
    # Fractions avoid 399.99999 -> 400 surprises from binary floats.
    e = Fraction(str(margin))
    return math.ceil(Fraction(population) / (1 + population * e * e))
