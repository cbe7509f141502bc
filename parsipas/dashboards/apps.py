from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "parsipas.dashboards"
    verbose_name = "Tổng hợp, báo cáo, trang công khai"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.dashboards import menu  # noqa: F401  (menu items and home cards)
        from parsipas.dashboards.models import NewsItem, PeriodNarrative, ReportSettings

        for model in (ReportSettings, PeriodNarrative, NewsItem):
            track(model)
