from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "parsipas.units"
    verbose_name = "Đơn vị"

    def ready(self) -> None:
        from django.urls import reverse

        from parsipas.audit.tracking import track
        from parsipas.units.models import Unit

        track(Unit, link=lambda unit: reverse("unit_edit", args=[unit.code]))
