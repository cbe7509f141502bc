from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "parsipas.reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.reporting import menu  # noqa: F401  (menu items, home cards, the bell)
        from parsipas.reporting.models import (
            Evidence,
            ProvinceFigure,
            Report,
            ReportEvent,
            ReportingPeriod,
            TargetFigure,
        )

        for model in (ReportingPeriod, Report, TargetFigure, Evidence, ReportEvent, ProvinceFigure):
            track(model)
