from django.apps import AppConfig


class ParConfig(AppConfig):
    name = "parsipas.par"
    verbose_name = "Chấm điểm PAR Index"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.par import menu  # noqa: F401  (menus and home cards)
        from parsipas.par.models import (
            Criterion,
            CriterionAssessment,
            Estimate,
            Framework,
            PublishedPart,
            PublishedResult,
            UnitAssessment,
        )

        for model in (
            Framework,
            Criterion,
            Estimate,
            PublishedResult,
            PublishedPart,
            UnitAssessment,
            CriterionAssessment,
        ):
            track(model)

        # h8par: the projection's cached inputs are dropped when what they read changes
        from parsipas.par import inputs

        inputs.connect()
