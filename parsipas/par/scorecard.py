"""Scoring a whole framework for its units, with values overridden from a file if asked.

Used by `parsipas par score` and the ranking pages. Stored values are:
- province scope: one "unit", ``province``, whose values come from `sources` (reports, SIPAS,
  dossiers, estimates);
- agency/commune scope: each unit's self-assessment, with the appraisal team's score (final,
  else appraised) taking the place of the method where there is one.

A values file is a CSV/XLSX with columns ``unit,code,value``: it overrides the stored value of
that unit's criterion (and any appraisal score of it). ``value`` may be ``na`` (or "không áp
dụng") for a criterion that does not apply to that unit, or empty to clear it. For the
province, ``unit`` is ``province`` (``tinh`` and an empty cell are accepted too).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, BinaryIO

from parsipas.lib.tabular import ImportRefused, column_map, open_table, refused
from parsipas.lib.text import fold
from parsipas.par.models import Framework, Scope, UnitAssessment
from parsipas.par.scoring import (
    NOT_APPLICABLE,
    ScoringError,
    UnitResult,
    Value,
    competition_ranks,
    score_tree,
    shown,
    to_decimal,
)

PROVINCE_UNIT = "province"
PROVINCE_WORDS = {"", "province", "tinh", "toan tinh", fold("tỉnh")}
NA_WORDS = {"na", "n/a", "khong ap dung", "kad", "-"}
VALUE_ALIASES = {
    "unit": ["đơn vị", "mã đơn vị"],
    "code": ["mã tiêu chí", "tiêu chí", "mã"],
    "value": ["giá trị"],
}


def read_values(
    stream: BinaryIO, filename: str, framework: Framework
) -> dict[str, dict[str, Value]]:
    """unit code -> {criterion code: value | NOT_APPLICABLE | None}; every bad row reported."""
    headers, rows = open_table(stream, filename)
    columns = column_map(headers, VALUE_ALIASES)
    missing = [c for c in ("unit", "code", "value") if c not in columns]
    if missing:
        raise ImportRefused(
            [f"Tệp '{filename}' thiếu cột: {', '.join(missing)} (cần unit,code,value)."]
        )
    codes = set(framework.criteria.values_list("code", flat=True))
    groups = set(framework.criteria.filter(method="group").values_list("code", flat=True))
    errors: list[str] = []
    values: dict[str, dict[str, Value]] = {}
    for row in rows:
        unit = row.values.get(columns["unit"], "").strip()
        code = row.values.get(columns["code"], "").strip()
        text = row.values.get(columns["value"], "").strip()
        if framework.scope == Scope.PROVINCE:
            if fold(unit) not in PROVINCE_WORDS:
                errors.append(
                    f"Dòng {row.number}, cột '{columns['unit']}': bộ tiêu chí của tỉnh chỉ có đơn vị 'province', không phải '{unit}'."
                )
                continue
            unit = PROVINCE_UNIT
        elif not unit:
            errors.append(f"Dòng {row.number}, cột '{columns['unit']}': thiếu mã đơn vị.")
            continue
        if code not in codes:
            errors.append(
                f"Dòng {row.number}, cột '{columns['code']}': bộ tiêu chí không có tiêu chí '{code}'."
            )
            continue
        if code in groups:
            errors.append(
                f"Dòng {row.number}, cột '{columns['code']}': '{code}' là nhóm, điểm là tổng các tiêu chí con."
            )
            continue
        value: Value
        if fold(text) in NA_WORDS:
            value = NOT_APPLICABLE
        elif not text:
            value = None
        else:
            try:
                value = to_decimal(text)
            except ScoringError as exc:
                errors.append(f"Dòng {row.number}, cột '{columns['value']}': {exc}")
                continue
        values.setdefault(unit, {})[code] = value
    if errors:
        raise refused(errors)
    return values


@dataclass
class UnitInput:
    code: str
    name: str
    values: dict[str, Value]
    given: dict[str, Decimal]


def stored_inputs(framework: Framework) -> dict[str, UnitInput]:
    if framework.scope == Scope.PROVINCE:
        from parsipas.par.sources import province_values

        values = {code: v.value for code, v in province_values(framework).items()}
        from django.conf import settings

        return {
            PROVINCE_UNIT: UnitInput(
                PROVINCE_UNIT, f"Tỉnh {settings.PROVINCE_NAME}", dict(values), {}
            )
        }
    inputs: dict[str, UnitInput] = {}
    for assessment in framework.assessments.select_related("unit").prefetch_related(
        "entries__criterion"
    ):
        item = UnitInput(assessment.unit.code, assessment.unit.name, {}, {})
        for entry in assessment.entries.all():
            code = entry.criterion.code
            if entry.not_applicable:
                item.values[code] = NOT_APPLICABLE
                continue
            item.values[code] = entry.value
            if entry.score is not None:
                item.given[code] = entry.score
        inputs[item.code] = item
    return inputs


def score_framework(
    framework: Framework,
    overrides: dict[str, dict[str, Value]] | None = None,
    all_units: bool = False,
) -> list[tuple[UnitInput, UnitResult]]:
    """Every unit with stored or overriding values (or every unit in scope if `all_units`),
    scored and ranked best first."""
    from parsipas.par.assessments import units_in_scope

    inputs = stored_inputs(framework)
    overrides = overrides or {}
    if framework.is_internal:
        known = {u.code: u for u in units_in_scope(framework)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ImportRefused(
                [f"Không có đơn vị '{code}' trong phạm vi {framework}." for code in unknown]
            )
        wanted = set(known) if all_units else set(inputs) | set(overrides)
        for code in wanted:
            if code not in inputs:
                inputs[code] = UnitInput(code, known[code].name, {}, {})
        inputs = {code: item for code, item in inputs.items() if code in wanted}
    for unit, values in overrides.items():
        item = inputs[unit]
        for code, value in values.items():
            item.values[code] = value
            item.given.pop(code, None)
    criteria = framework.scoring_criteria()
    results = [
        (
            item,
            UnitResult(item.code, score_tree(criteria, item.values, framework.scope, item.given)),
        )
        for item in inputs.values()
    ]
    ranked = competition_ranks(results, key=lambda pair: pair[1].percent)
    for rank, (_, result) in ranked:
        result.rank = rank
    return [pair for _, pair in ranked]


def _number(value: Decimal | None) -> float | None:
    rounded = shown(value)
    return None if rounded is None else float(rounded)


def as_json(framework: Framework, scored: list[tuple[UnitInput, UnitResult]]) -> dict[str, Any]:
    """The `parsipas par score --format json` document; numbers to 2 decimals."""
    return {
        "year": framework.year,
        "scope": framework.scope,
        "framework": framework.title,
        "units": [
            {
                "unit": item.code,
                "name": item.name,
                "points": _number(result.points),
                "max": _number(result.max_points),
                "percent": _number(result.percent),
                "rank": result.rank,
                "criteria": {
                    code: _number(node.points)
                    for code, node in result.score.nodes.items()
                    if node.applicable
                },
                "missing": result.score.missing_codes,
            }
            for item, result in scored
        ],
    }


def assessment_status(framework: Framework) -> dict[str, str]:
    return {
        a.unit.code: a.get_status_display()
        for a in UnitAssessment.objects.filter(framework=framework).select_related("unit")
    }
