from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "parsipas.front"
    verbose_name = "Giao diện chung"

    def ready(self) -> None:
        from parsipas.front import menu  # noqa: F401  (registers the foundation's menu items)
