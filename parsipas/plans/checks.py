"""What to look at before publishing a plan: the admin confirms with these in front of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from parsipas.plans.models import Node, Plan


@dataclass
class PublishCheck:
    doubts: list[Node]  # criteria still marked "cần quản trị viên xem lại"
    without_lead: list[Node]
    without_units: list[Node]

    @property
    def clean(self) -> bool:
        return not (self.doubts or self.without_lead or self.without_units)


def publish_check(plan: Plan) -> PublishCheck:
    """2 queries."""
    criteria = list(
        Node.objects.filter(plan=plan, level=Node.Level.CRITERION)
        .annotate(
            leads=Count("lead_units", distinct=True), units=Count("assignments", distinct=True)
        )
        .order_by("order", "pk")
    )
    doubts = list(Node.objects.filter(plan=plan, needs_review=True).order_by("order", "pk"))
    return PublishCheck(
        doubts=doubts,
        without_lead=[c for c in criteria if not c.leads],
        without_units=[c for c in criteria if not c.units],
    )
