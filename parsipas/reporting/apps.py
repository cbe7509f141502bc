from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "parsipas.reporting"
    verbose_name = "Báo cáo định kỳ"
