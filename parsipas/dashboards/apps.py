from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "parsipas.dashboards"
    verbose_name = "Tổng hợp, báo cáo"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.dashboards import menu  # noqa: F401  (menu items and home cards)
        from parsipas.dashboards.models import PeriodNarrative, ReportSettings

        for model in (ReportSettings, PeriodNarrative):
            track(model)
