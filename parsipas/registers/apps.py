from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "parsipas.registers"
    verbose_name = "Sổ theo dõi các tiêu chí"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.registers import figures, menu  # noqa: F401  (menu items)
        from parsipas.registers.models import (
            ConclusionNotice,
            Finding,
            GovernmentTask,
            Initiative,
            Inspection,
            InspectionPlanItem,
            LinkedProcedure,
        )
        from parsipas.reporting import computed

        for model in (
            InspectionPlanItem,
            Inspection,
            ConclusionNotice,
            Finding,
            Initiative,
            GovernmentTask,
            LinkedProcedure,
        ):
            track(model)
        computed.register(figures.RegisterSource())

        from parsipas.registers.reminders import digest_items
        from parsipas.reporting.reminders import register_source

        register_source(digest_items)
