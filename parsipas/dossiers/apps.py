from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "parsipas.dossiers"
    verbose_name = "Hồ sơ TTHC và Chỉ số 766"

    def ready(self) -> None:
        from parsipas.dossiers import menu  # noqa: F401  (menu items)
        from parsipas.dossiers.prefill import DossierSource
        from parsipas.reporting import computed

        computed.register(DossierSource())
