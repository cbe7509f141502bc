from typing import Any

from django.apps import AppConfig


def criterion_page(node: Any) -> str | None:
    """The audit log links a criterion to its page (fields and indices have none)."""
    from django.urls import reverse

    if node.level != "criterion":
        return None
    return reverse("plan_criterion", args=[node.plan.year, node.index.lower(), node.code])


class PlansConfig(AppConfig):
    name = "parsipas.plans"
    verbose_name = "Kế hoạch"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.plans import menu  # noqa: F401  (menus and home cards)
        from parsipas.plans.models import Assignment, Node, Plan, Target

        for model in (Plan, Assignment, Target):
            track(model)
        track(Node, link=criterion_page)
