"""Dossier indicators, Decision 766 scores, SIPAS indices and the PAR projection.

Statistics periods: Q1…Q4, H1 (6 months), 9M, Y — the dossier pages' vocabulary, mapped to
the survey's months for SIPAS.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from parsipas.accounts import policy
from parsipas.api.models import Scope
from parsipas.api.problems import ApiProblem, forbidden, not_found
from parsipas.api.schemas import (
    DossierIndicatorList,
    ProjectionOut,
    ScorecardOut,
    SipasOut,
    StatsPeriodCode,
)
from parsipas.api.views.common import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    call,
    decode_cursor,
    page,
    respond,
    this_year,
    token_of,
    unit_for,
)
from parsipas.dossiers import figures as dossier_figures
from parsipas.dossiers import stats
from parsipas.dossiers.indicators import Counts, Period, indicators, total
from parsipas.dossiers.q766 import scores
from parsipas.par.projection import project, province_framework
from parsipas.sipas.api import province_sipas, unit_sipas
from parsipas.units.models import Unit

router = Router(tags=["Chỉ số"])

SIPAS_PERIODS = {
    "Q1": "q1",
    "Q2": "q2",
    "Q3": "q3",
    "Q4": "q4",
    "H1": "6m",
    "9M": "9m",
    "Y": "year",
}


def _stats_period(year: int | None, code: str | None) -> tuple[int, str, Period]:
    year = year or this_year()
    code = code or "Y"
    try:
        _, period = dossier_figures.parse_period(year, code)
    except ValueError as exc:
        raise ApiProblem(400, str(exc), field="period") from None
    return year, code, period


def _indicators(unit: str | None, counts: Counts) -> dict[str, Any]:
    rates = indicators(counts)
    return {
        "unit": unit,
        "start": counts.period.start,
        "end": counts.period.end,
        "counts": counts.as_dict(),
        "on_time_rate": rates.on_time_rate,
        "fully_online_rate": rates.fully_online_rate,
        "online_payment_rate": rates.online_payment_rate,
        "digitization_rate": rates.digitization_rate,
        "apology_rate": rates.apology_rate,
        "average_rating": rates.average_rating,
    }


@router.get(
    "/dossiers/indicators",
    response=DossierIndicatorList,
    summary="Chỉ số hồ sơ TTHC theo đơn vị và kỳ",
)
@call(Scope.READ)
def dossier_indicators(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    period: StatsPeriodCode | None = Query(None, description="Mặc định: cả năm (Y)"),
    unit: str | None = Query(
        None, max_length=60, description="Mặc định: đơn vị của mã truy cập; '*' mọi đơn vị"
    ),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> HttpResponse:
    """Tỷ lệ đúng hạn, toàn trình, thanh toán trực tuyến, số hóa, xin lỗi, mức hài lòng; toàn
    tỉnh chỉ cho mã truy cập đọc được toàn tỉnh."""
    user = token_of(request).user
    year, code, the_period = _stats_period(year, period)
    province_reader = policy.can_view_province_dossiers(user)
    if unit == "*":
        if not province_reader:
            raise forbidden("Chỉ mã truy cập đọc được toàn tỉnh mới xem mọi đơn vị.")
        units = list(Unit.objects.filter(pk__gt=decode_cursor(cursor)).order_by("pk")[: limit + 1])
    else:
        one = unit_for(request, unit)
        if not policy.can_view_dossiers_of(user, one):
            raise not_found(f"Không tìm thấy đơn vị '{one.code}'.", field="unit")
        units = [one] if one.pk > decode_cursor(cursor) else []
    units, next_cursor = page(units, limit, lambda u: u.pk)
    counts = stats.counts_by_unit(the_period, [u.pk for u in units])
    items = [_indicators(u.code, counts.get(u.pk) or Counts(the_period)) for u in units]
    province = None
    if province_reader:
        every = stats.counts_by_unit(the_period, histogram=False)
        province = _indicators(None, total(every.values(), the_period))
    data = {
        "year": year,
        "period": code,
        "items": items,
        "province": province,
        "next_cursor": next_cursor,
    }
    return respond(request, DossierIndicatorList, data)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


@router.get("/q766/scores", response=ScorecardOut, summary="Điểm Quyết định 766/QĐ-TTg")
@call(Scope.READ)
def q766_scores(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    period: StatsPeriodCode | None = Query(None),
    unit: str | None = Query(None, max_length=60, description="Mặc định: đơn vị của mã truy cập"),
) -> HttpResponse:
    """Điểm từng nhóm chỉ tiêu, từ số liệu Cổng DVCQG khi đã nhập, nếu không thì từ hồ sơ."""
    user = token_of(request).user
    year, code, the_period = _stats_period(year, period)
    one = unit_for(request, unit)
    if not policy.can_view_dossiers_of(user, one):
        raise not_found(f"Không tìm thấy đơn vị '{one.code}'.", field="unit")
    card = scores.unit_card(scores.period_data(the_period, [one]), one)
    known = card.total
    data = {
        "unit": one.code,
        "year": year,
        "period": code,
        "groups": [
            {
                "group": g.group,
                "label": g.label,
                "max": g.max,
                "source": g.source,
                "score": g.score.score if g.score else None,
                "ratio": g.score.ratio if g.score else None,
                "parts": [
                    {
                        "part": name,
                        "numerator": _number(p.numerator),
                        "denominator": _number(p.denominator),
                        "pct": p.pct,
                        "score": p.score,
                        "max": p.max,
                    }
                    for name, p in (g.score.parts.items() if g.score else [])
                ],
                "missing": list(g.missing),
            }
            for g in card.groups
        ],
        "known_score": known.score,
        "known_max": known.max,
        "unknown_groups": list(known.missing),
    }
    return respond(request, ScorecardOut, data)


@router.get("/sipas/indices", response=SipasOut, summary="Chỉ số SIPAS")
@call(Scope.READ)
def sipas_indices(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    period: StatsPeriodCode | None = Query(None),
    unit: str | None = Query(
        None, max_length=60, description="Mặc định: đơn vị của mã truy cập; '*' toàn tỉnh"
    ),
) -> HttpResponse:
    """SIPAS và các chỉ số thành phần (%), số phiếu hợp lệ `n`."""
    user = token_of(request).user
    year = year or this_year()
    code = period or "Y"
    if unit == "*":
        if not policy.can_view_sipas_province(user):
            raise forbidden("Chỉ mã truy cập đọc được toàn tỉnh mới xem SIPAS toàn tỉnh.")
        result, unit_code = province_sipas(year, SIPAS_PERIODS[code]), None
    else:
        one = unit_for(request, unit)
        if not policy.can_view_sipas_unit(user, one):
            raise not_found(f"Không tìm thấy đơn vị '{one.code}'.", field="unit")
        result, unit_code = unit_sipas(one, year, SIPAS_PERIODS[code]), one.code
    result = result or {"sipas": None, "elements": {}, "n": 0}
    return respond(request, SipasOut, {"unit": unit_code, "year": year, "period": code, **result})


@router.get("/par/projection", response=ProjectionOut, summary="Điểm PAR Index dự kiến của tỉnh")
@call(Scope.READ)
def par_projection(
    request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)
) -> HttpResponse:
    """Điểm dự kiến theo phương pháp chính thức, từng tiêu chí với nguồn số liệu."""
    if not policy.can_view_par_projection(token_of(request).user):
        raise forbidden("Chỉ mã truy cập đọc được toàn tỉnh mới xem điểm PAR Index dự kiến.")
    framework = province_framework(year)
    if framework is None:
        raise not_found("Chưa có bộ tiêu chí PAR Index cấp tỉnh cho năm này.", field="year")
    projection = project(framework)
    data = {
        "year": framework.year,
        "framework": framework.title,
        "points": projection.score.points,
        "max_points": projection.score.max_points,
        "percent": projection.score.percent,
        "missing": projection.score.missing_codes,
        "lines": [
            {
                "code": line.criterion.code,
                "title": line.criterion.title,
                "depth": line.depth,
                "points": line.scored.points,
                "max_points": line.scored.max_points,
                "applicable": line.scored.applicable,
                "value": line.scored.value,
                "missing": line.scored.missing,
                "source": line.sourced.source if line.sourced else None,
            }
            for line in projection.lines
        ],
    }
    return respond(request, ProjectionOut, data)
