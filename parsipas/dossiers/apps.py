from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "parsipas.dossiers"
    verbose_name = "Hồ sơ TTHC và Chỉ số 766"

    def ready(self) -> None:
        from parsipas.dossiers import menu  # noqa: F401  (menu items)
        from parsipas.dossiers.prefill import DossierSource
        from parsipas.reporting import computed

        computed.register(DossierSource())
        from parsipas.dossiers.q766.scores import criterion_panel
        from parsipas.plans import panels

        panels.register("PAR:3.9", "q766", criterion_panel)  # the 766 total on 3.9's page
        from parsipas.dossiers.background import run_import
        from parsipas.imports import jobs

        jobs.register("dossiers", run_import)
