"""Survey results: the province dashboard, a unit's own results, the sample-size planner."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.lib.xlsx import csv_text
from parsipas.sipas import conf, links
from parsipas.sipas.figures import (
    KIND_LABELS,
    Indices,
    catalog,
    choice_shares,
    element_labels,
    indices_from_year,
    question_figures,
    targets,
    trend,
)
from parsipas.sipas.indices import Figure, required_sample
from parsipas.sipas.models import Channel, Desk, QuestionKind, Response, SampleFrame, Status
from parsipas.sipas.periods import PERIOD_KINDS, Period, period
from parsipas.units.models import Unit


def _chosen_period(request: AuthenticatedHttpRequest) -> Period:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
        return period(year, request.GET.get("ky") or "year")
    except ValueError:
        return period(today.year)


def _years() -> list[int]:
    months = Response.objects.order_by().values_list("month", flat=True)
    first = months.order_by("month").first()
    last = months.order_by("-month").first()
    this_year = timezone.localdate().year
    low = min(this_year, first // 100) if first else this_year
    high = max(this_year, last // 100) if last else this_year
    return list(range(high, low - 1, -1))


def _period_context(request: AuthenticatedHttpRequest, chosen: Period) -> dict[str, Any]:
    return {
        "period": chosen,
        "years": _years(),
        "period_kinds": [(k.code, k.label) for k in PERIOD_KINDS.values()],
        "labels": element_labels(),
    }


# The dashboards say "Số liệu cập nhật mỗi phút": the answer counts behind them are cached for a
# minute (`figures._cached_year_rows`), and so are the figures computed from them here, which cost
# seconds of Python over a province's ~100,000 count rows (unit × question × value × month).
PAGE_TTL = 60


def _province_figures(chosen: Period, questions: dict[int, Any]) -> dict[str, Any]:
    """The province's figures of the period, as the SIPAS dashboard shows them (a unit's page
    compares with the province's): computed once a minute, not on every page view."""
    key = f"sipas:page:province:{chosen.year}:{chosen.kind.code}"
    hit = cache.get(key)
    if hit is None:
        figures = indices_from_year(chosen, questions=questions)
        pooled = figures.pooled_scope()
        figures.scopes = {}  # every unit's counts: seconds to unpickle, and no page reads them
        hit = {
            "figures": figures,
            "previous": indices_from_year(chosen.previous_year(), questions=questions).province,
            "ranked": figures.ranked_units(),
            "trend": trend(chosen.year),
            "weakest": [q for q in question_figures(pooled, questions, figures.rule) if q.figure][
                :8
            ],
            "expectations": choice_shares(pooled, questions, QuestionKind.EXPECTATION),
        }
        cache.set(key, hit, PAGE_TTL)
    return hit


@policy.login_required
def my_unit(request: AuthenticatedHttpRequest) -> HttpResponse:
    if policy.can_view_sipas_province(request.user):
        return redirect("sipas_dashboard")
    unit = request.user.unit
    policy.require(unit is not None, "Tài khoản chưa gắn với đơn vị nào.")
    assert unit is not None  # policy.require raised otherwise
    return redirect("sipas_unit", unit.code)


@policy.login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(
        policy.can_view_sipas_province(request.user),
        "Chỉ cán bộ cấp tỉnh xem được kết quả toàn tỉnh.",
    )
    chosen = _chosen_period(request)
    computed = _province_figures(chosen, catalog())
    figures = computed["figures"]
    goal = targets(chosen.year)
    kinds = [
        (KIND_LABELS.get(kind, kind), result) for kind, result in sorted(figures.kinds.items())
    ]
    channels = dict(
        Response.objects.filter(
            status=Status.VALID, month__gte=chosen.first, month__lte=chosen.last
        )
        .order_by()
        .values_list("channel")
        .annotate(n=Count("*"))
    )
    context = {
        **_period_context(request, chosen),
        "figures": figures,
        "province": figures.province,
        "previous": computed["previous"],
        "goal": goal,
        "kinds": kinds,
        "ranked": computed["ranked"],
        "flagged_total": sum(figures.flagged.values()),
        "trend": computed["trend"],
        "weakest": computed["weakest"],
        "expectations": computed["expectations"],
        "channels": [(label, channels.get(value, 0)) for value, label in Channel.choices],
        "can_review": policy.can_review_sipas(request.user),
        "can_manage": policy.can_manage_sipas(request.user),
        "local_site_url": links.local_site_url() if policy.can_manage_sipas(request.user) else "",
    }
    return render(request, "sipas/dashboard.html", context)


@policy.login_required
def unit_results(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    policy.require(
        policy.can_view_sipas_unit(request.user, unit), "Bạn chỉ xem được kết quả của đơn vị mình."
    )
    chosen = _chosen_period(request)
    questions = catalog()
    figures = indices_from_year(chosen, unit_ids=[unit.pk], questions=questions)
    previous = indices_from_year(chosen.previous_year(), unit_ids=[unit.pk], questions=questions)
    scope = figures.pooled_scope()
    result = figures.units.get(unit.pk)
    province = _province_figures(chosen, questions)["figures"].province
    frame = SampleFrame.objects.filter(year=chosen.year, unit=unit).first()
    year_valid = Response.objects.filter(
        unit=unit,
        status=Status.VALID,
        month__gte=chosen.year * 100 + 1,
        month__lte=chosen.year * 100 + 12,
    ).count()
    needed = required_sample(frame.dossiers, conf.sample_margin()) if frame else None
    all_questions = sorted(
        question_figures(scope, questions, figures.rule), key=lambda q: _code_key(q.info.code)
    )
    comments = (
        Response.objects.filter(
            unit=unit, status=Status.VALID, month__gte=chosen.first, month__lte=chosen.last
        )
        .exclude(comment="")
        .order_by("-submitted_at")
        .values("submitted_at", "comment")[:20]
    )
    context = {
        **_period_context(request, chosen),
        "unit": unit,
        # The headline's E1–E5 table iterates figures.elements (issue 17: it was missing here).
        "figures": figures,
        "result": result,
        "previous": previous.units.get(unit.pk),
        "province": province,
        "goal": targets(chosen.year),
        "flagged": figures.flagged.get(unit.pk, 0),
        "questions": all_questions,
        "weakest": [q for q in question_figures(scope, questions, figures.rule) if q.figure][:3],
        "perceptions": choice_shares(scope, questions, QuestionKind.PERCEPTION),
        "expectations": choice_shares(scope, questions, QuestionKind.EXPECTATION),
        "trend": trend(chosen.year, unit_ids=[unit.pk]),
        "frame": frame,
        "needed": needed,
        "year_valid": year_valid,
        "margin_pct": conf.sample_margin() * 100,
        "desks": Desk.objects.filter(unit=unit, active=True),
        "can_collect": policy.can_collect_sipas_for_unit(request.user, unit),
        "comments": comments,
    }
    return render(request, "sipas/unit_results.html", context)


def _code_key(code: str) -> tuple[Any, ...]:
    head, _, tail = code.partition(".")
    return (
        head[:1],
        int(head[1:]) if head[1:].isdigit() else 0,
        int(tail) if tail.isdigit() else 0,
        code,
    )


@policy.login_required
def export_units(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_sipas_province(request.user))
    chosen = _chosen_period(request)
    figures: Indices = indices_from_year(chosen)
    out = io.StringIO()
    writer = csv.writer(out)
    codes = figures.elements
    writer.writerow(
        [
            "unit_code",
            "unit_name",
            "respondents",
            "answers",
            *codes,
            "sipas",
            "sipas_low",
            "sipas_high",
            "flagged",
        ]
    )
    rows = [(None, "", "Toàn tỉnh", figures.province)] + [
        (u.pk, u.code, u.name, r) for u, r in figures.ranked_units()
    ]
    for pk, code, name, result in rows:
        sipas = result.sipas
        writer.writerow(
            [
                code,
                csv_text(name),
                result.respondents,
                result.answers,
                *[_pct(result.elements.get(c)) for c in codes],
                sipas.pct if sipas else "",
                sipas.low if sipas else "",
                sipas.high if sipas else "",
                figures.flagged.get(pk, 0) if pk else sum(figures.flagged.values()),
            ]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sipas-{chosen.year}-{chosen.kind.code}.csv"'
    )
    return response


def _pct(figure: Figure | None) -> Any:
    return figure.pct if figure is not None else ""


@policy.login_required
def sample_planner(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(
        policy.can_view_sipas_province(request.user),
        "Chỉ cán bộ cấp tỉnh xem được kế hoạch cỡ mẫu.",
    )
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
        margin_pct = float(request.GET.get("e", conf.sample_margin() * 100))
        if not 0 < margin_pct < 50:
            raise ValueError
    except ValueError:
        year, margin_pct = today.year, conf.sample_margin() * 100
    margin = margin_pct / 100
    units = list(Unit.objects.active().order_by("kind", "name"))
    if request.method == "POST":
        policy.require(policy.can_manage_sipas(request.user), "Chỉ quản trị nhập được số hồ sơ.")
        errors = _save_frames(request, year, units)
        if errors:
            for e in errors:
                messages.error(request, e)
        else:
            messages.success(request, "Đã lưu số hồ sơ của các đơn vị.")
            return redirect(f"{request.path}?nam={year}&e={margin_pct:g}")
    frames = {f.unit_id: f.dossiers for f in SampleFrame.objects.filter(year=year)}
    collected = dict(
        Response.objects.filter(
            status=Status.VALID, month__gte=year * 100 + 1, month__lte=year * 100 + 12
        )
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("*"))
    )
    rows = []
    for unit in units:
        population = frames.get(unit.pk)
        needed = required_sample(population, margin) if population is not None else None
        have = collected.get(unit.pk, 0)
        rows.append(
            {
                "unit": unit,
                "population": population,
                "needed": needed,
                "have": have,
                "missing": max(0, needed - have) if needed is not None else None,
                "progress": min(100, round(100 * have / needed))
                if needed
                else (100 if needed == 0 else None),
            }
        )
    calc = None
    if request.GET.get("N"):
        try:
            calc_population = int(request.GET["N"])
            calc = (calc_population, required_sample(calc_population, margin))
        except ValueError:
            messages.error(request, "N phải là số nguyên không âm.")
    return render(
        request,
        "sipas/sample.html",
        {
            "year": year,
            "margin_pct": margin_pct,
            "rows": rows,
            "calc": calc,
            "years": _years(),
            "can_edit": policy.can_manage_sipas(request.user),
            "short": sum(1 for r in rows if r["missing"]),
            "total_needed": sum(r["needed"] or 0 for r in rows),
            "total_have": sum(r["have"] for r in rows),
        },
    )


def _save_frames(request: AuthenticatedHttpRequest, year: int, units: list[Unit]) -> list[str]:
    errors: list[str] = []
    values: dict[int, int | None] = {}
    for unit in units:
        text = request.POST.get(f"n_{unit.pk}", "").strip().replace(".", "").replace(",", "")
        if text == "":
            values[unit.pk] = None
        elif text.isdigit():
            values[unit.pk] = int(text)
        else:
            errors.append(f"{unit.name}: '{text}' không phải số hồ sơ.")
    if errors:
        return errors
    with transaction.atomic():
        existing = {f.unit_id: f for f in SampleFrame.objects.filter(year=year)}
        for unit in units:
            value, frame = values[unit.pk], existing.get(unit.pk)
            if value is None and frame:
                frame.delete()
            elif value is not None and frame and frame.dossiers != value:
                frame.dossiers = value
                frame.save()
            elif value is not None and not frame:
                SampleFrame.objects.create(year=year, unit=unit, dossiers=value)
    return []
