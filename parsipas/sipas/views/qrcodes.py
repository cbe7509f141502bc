"""Every unit's desks and QR codes on one page, and the printable A4 sheets (issue 17)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.sipas import links
from parsipas.sipas.models import Desk
from parsipas.units.models import COMMUNE_KINDS, Unit, UnitKind, UnitQuerySet

GROUPS = {
    "": "Tất cả đơn vị",
    "co-quan": "Cơ quan cấp tỉnh",
    "xa-phuong": "Xã, phường",
    "khac": "Đơn vị khác",
}


@dataclass(frozen=True)
class Sheet:
    """One printable code: a desk's, or the unit's own when it has no desk."""

    unit: Unit
    desk: Desk | None
    url: str

    @property
    def label(self) -> str:
        return links.short_label(self.url)


@dataclass(frozen=True)
class UnitCodes:
    unit: Unit
    url: str
    desks: list[Sheet]

    @property
    def label(self) -> str:
        return links.short_label(self.url)

    @property
    def sheets(self) -> list[Sheet]:
        active = [s for s in self.desks if s.desk is not None and s.desk.active]
        return active or [Sheet(self.unit, None, self.url)]


def _units(request: AuthenticatedHttpRequest) -> tuple[UnitQuerySet, str, str, bool]:
    group = request.GET.get("nhom", "")
    group = group if group in GROUPS else ""
    q = request.GET.get("q", "").strip()
    only_desks = request.GET.get("co_quay") == "1"
    units = Unit.objects.active().order_by("kind", "name")
    if group == "co-quan":
        units = units.filter(kind=UnitKind.AGENCY)
    elif group == "xa-phuong":
        units = units.filter(kind__in=COMMUNE_KINDS)
    elif group == "khac":
        units = units.exclude(kind__in=(UnitKind.AGENCY, *COMMUNE_KINDS))
    if q:
        units = units.search(q)
    if only_desks:
        units = units.filter(sipas_desks__isnull=False).distinct()
    return units, group, q, only_desks


def _codes(units: list[Unit], base: str) -> list[UnitCodes]:
    by_unit: dict[int, list[Desk]] = {}
    for desk in Desk.objects.filter(unit__in=units).order_by("unit_id", "code"):
        by_unit.setdefault(desk.unit_id, []).append(desk)
    return [
        UnitCodes(
            unit,
            links.survey_url(unit.code, base=base),
            [
                Sheet(unit, d, links.survey_url(unit.code, d.code, base=base))
                for d in by_unit.get(unit.pk, [])
            ],
        )
        for unit in units
    ]


def _base(request: AuthenticatedHttpRequest) -> str:
    return links.site_url() or request.build_absolute_uri("/")


@policy.login_required
def qr_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All units, their desks and codes, with filters; links to print one unit or all shown."""
    policy.require(
        policy.can_see_all_sipas_desks(request.user),
        "Chỉ Sở Nội vụ xem được mã QR của mọi đơn vị.",
    )
    units, group, q, only_desks = _units(request)
    rows = _codes(list(units), _base(request))
    return render(
        request,
        "sipas/qr_codes.html",
        {
            "rows": rows,
            "groups": GROUPS,
            "group": group,
            "q": q,
            "only_desks": only_desks,
            "desk_total": sum(len(r.desks) for r in rows),
            "sheet_total": sum(len(r.sheets) for r in rows),
            "query": request.GET.urlencode(),
            "local_site_url": links.local_site_url(),
        },
    )


@policy.login_required
def print_sheets(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A4 sheets, one per active desk (or the unit's own code): one unit (?don_vi=) or every
    unit the filters of the QR page select."""
    code = request.GET.get("don_vi", "")
    if code:
        unit = get_object_or_404(Unit, code=code)
        policy.require(
            policy.can_collect_sipas_for_unit(request.user, unit),
            "Bạn chỉ in mã QR của đơn vị mình.",
        )
        units = [unit]
    else:
        policy.require(
            policy.can_see_all_sipas_desks(request.user),
            "Chỉ Sở Nội vụ in được mã QR của mọi đơn vị.",
        )
        units = list(_units(request)[0])
    desk_code = request.GET.get("quay", "")
    sheets = [s for row in _codes(units, _base(request)) for s in row.sheets]
    if desk_code and code:
        desk = get_object_or_404(Desk, unit=units[0], code=desk_code)
        sheets = [Sheet(units[0], desk, links.survey_url(code, desk.code, base=_base(request)))]
    return render(
        request,
        "sipas/qr_sheets.html",
        {
            "sheets": sheets,
            "single_unit": units[0] if code else None,
            "local_site_url": links.local_site_url(),
        },
    )
