from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "parsipas.dossiers"
    verbose_name = "Hồ sơ TTHC và Chỉ số 766"

    def ready(self) -> None:
        from parsipas.accounts.models import Role
        from parsipas.accounts.policy import ALL_ROLES
        from parsipas.front import nav

        nav.register("Hồ sơ TTHC", "dossier_home", ALL_ROLES, order=40)
        nav.register("Nhập hồ sơ TTHC", "dossier_import", (Role.ADMIN,), order=40, section="admin")

        from parsipas.dossiers.prefill import DossierSource
        from parsipas.reporting import computed

        computed.register(DossierSource())
