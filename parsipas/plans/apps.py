from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "parsipas.plans"
    verbose_name = "Kế hoạch"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.plans import menu  # noqa: F401  (menus and home cards)
        from parsipas.plans.models import Assignment, Node, Plan, Target

        for model in (Plan, Node, Assignment, Target):
            track(model)
