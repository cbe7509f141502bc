"""The public reform page (criterion 1.5): no login, cached, with live visit statistics."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from parsipas.audit.middleware import client_ip
from parsipas.dashboards import overview
from parsipas.plans.models import Node, Plan
from parsipas.public import cache as public_cache
from parsipas.public import visits
from parsipas.public.models import NewsItem
from parsipas.reporting.models import ReportingPeriod


def _public_period(plan: Plan) -> ReportingPeriod | None:
    """The latest period whose reports are due (complete figures), else the current one."""
    from django.utils import timezone

    periods = ReportingPeriod.objects.filter(year=plan.year)
    return (
        periods.filter(due_date__lt=timezone.localdate()).order_by("-due_date").first()
        or periods.order_by("start", "due_date").first()
    )


def _petition_counts() -> object:
    """This year's petitions: counts only, nothing personal."""
    from django.utils import timezone

    from parsipas.petitions import figures

    return figures.petition_figures(figures.year_window(timezone.localdate().year))[1]


def _context() -> dict[str, object]:
    plan = Plan.objects.filter(status=Plan.Status.PUBLISHED).order_by("-year").first()
    context: dict[str, object] = {
        "province_name": settings.PROVINCE_NAME,
        "plan": plan,
        "news": list(NewsItem.objects.filter(published=True)[:8]),
        "petitions": _petition_counts(),
    }
    if plan is None:
        return context
    period = _public_period(plan)
    context["fields_brief"] = list(
        Node.objects.filter(plan=plan, level=Node.Level.FIELD, index=Node.Index.PAR).order_by(
            "order"
        )
    )
    if period is not None:
        data = overview.build(plan, period)
        context.update(period=period, data=data, units=len(data.units))
        context["chart"] = {
            "labels": [f"{f.rollup.code}" for f in data.fields] + (["SIPAS"] if data.sipas else []),
            "data": [f.rollup.completion or 0 for f in data.fields]
            + ([data.sipas.rollup.completion or 0] if data.sipas else []),
        }
    return context


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    key = public_cache.key()
    html = cache.get(key)
    if html is None:
        html = render_to_string("public/page.html", _context())
        cache.set(key, html, public_cache.PAGE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = "public, max-age=30"
    return response


@require_GET
def news_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NewsItem, pk=pk, published=True)
    return render(
        request,
        "public/news_item.html",
        {"item": item, "province_name": settings.PROVINCE_NAME},
    )


def same_site(request: HttpRequest) -> bool:
    """The beacon is exempt from CSRF (no cookie), so it checks where the post comes from: a
    browser says so in Sec-Fetch-Site, or at least in Origin."""
    site = request.headers.get("Sec-Fetch-Site", "")
    if site and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin", "")
    return not origin or origin.split("://", 1)[-1] == request.get_host()


def _payload() -> dict[str, int]:
    return {**visits.totals(), "online": visits.online_now()}


@require_GET
def stats(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(_payload())
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # anonymous and harmless: it only counts; no cookie or session is involved
@require_POST
def beacon(request: HttpRequest) -> JsonResponse:
    if not same_site(request):
        return JsonResponse({"error": "cross-site"}, status=403)
    # The page sends {"tab": "<id>"}: anything longer or deeper is not from it.
    if len(request.body) > 512:
        return JsonResponse({"error": "body"}, status=400)
    try:
        body = json.loads(request.body or b"{}")
        tab = str(body.get("tab", "")) if isinstance(body, dict) else ""
    except (ValueError, RecursionError):
        return JsonResponse({"error": "body"}, status=400)
    if not isinstance(body, dict) or not isinstance(body.get("tab", ""), str):
        return JsonResponse({"error": "body"}, status=400)
    visits.record(client_ip(request) or "", request.headers.get("User-Agent", ""), tab)
    response = JsonResponse(_payload())
    response["Cache-Control"] = "no-store"
    return response
