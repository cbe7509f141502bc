from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "parsipas.public"
    verbose_name = "Trang công khai"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.public import menu  # noqa: F401  (menu items)
        from parsipas.public.models import NewsItem

        track(NewsItem)
