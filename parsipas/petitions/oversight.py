"""Who oversees petitions and who owns the dialogues: read from the plan, as the plan says it.

SIPAS line 5 names the overseer of petitions ("Văn phòng UBND tỉnh theo dõi, đôn đốc") as its
lead agency; criterion 1.7 names the owner of the dialogues (Sở Tài chính in Đắk Lắk's 2026
plan). Without a published plan for the year, the settings name them.
"""

from __future__ import annotations

from django.conf import settings

from parsipas.plans.models import Node, Plan
from parsipas.units.models import Unit


def _lead_ids(year: int, index: str, code: str) -> set[int]:
    plan = Plan.objects.filter(year=year, status=Plan.Status.PUBLISHED).first()
    if plan is None:
        return set()
    node = Node.objects.filter(plan=plan, index=index, code=code).first()
    return set(node.lead_units.values_list("pk", flat=True)) if node else set()


def overseer_unit_ids(year: int) -> set[int]:
    ids = _lead_ids(year, Node.Index.SIPAS, "5")
    if ids:
        return ids
    codes = getattr(settings, "PETITION_OVERSEER_UNITS", ["vpubnd"])
    return set(Unit.objects.filter(code__in=codes).values_list("pk", flat=True))


def dialogue_owner_ids(year: int) -> set[int]:
    ids = _lead_ids(year, Node.Index.PAR, "1.7")
    if ids:
        return ids
    codes = getattr(settings, "DIALOGUE_OWNER_UNITS", ["stc"])
    return set(Unit.objects.filter(code__in=codes).values_list("pk", flat=True))
