from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "parsipas.dashboards"
    verbose_name = "Tổng hợp, báo cáo, trang công khai"
