from django.apps import AppConfig


class SipasConfig(AppConfig):
    name = "parsipas.sipas"
    verbose_name = "Khảo sát SIPAS"

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from parsipas.audit.tracking import track
        from parsipas.sipas import menu  # noqa: F401  (menus and home cards)
        from parsipas.sipas.checks import site_url_is_public
        from parsipas.sipas.models import (
            Desk,
            Element,
            Instrument,
            Question,
            SampleFrame,
            Scale,
            ScaleChoice,
            SipasTarget,
        )
        from parsipas.sipas.survey import bump_version

        for model in (
            Instrument,
            Element,
            Question,
            Scale,
            ScaleChoice,
            Desk,
            SipasTarget,
            SampleFrame,
        ):
            track(model)
        for model in (Instrument, Element, Question, Scale, ScaleChoice):
            post_save.connect(
                bump_version, sender=model, dispatch_uid=f"sipas-layout-{model.__name__}"
            )
            post_delete.connect(
                bump_version, sender=model, dispatch_uid=f"sipas-layout-del-{model.__name__}"
            )
        checks.register(site_url_is_public, "sipas")
