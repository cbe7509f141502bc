from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and demo accounts for trying the system (`make setup`); never used in production."""

    name = "parsipas.demo"
    verbose_name = "Dữ liệu dùng thử"
