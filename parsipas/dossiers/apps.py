from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "parsipas.dossiers"
    verbose_name = "Hồ sơ TTHC và Chỉ số 766"

    def ready(self) -> None:
        from parsipas.accounts.models import Role
        from parsipas.accounts.policy import ALL_ROLES
        from parsipas.dossiers.background import run_import
        from parsipas.front import nav
        from parsipas.imports import jobs

        jobs.register("dossiers", run_import)

        nav.register("Hồ sơ TTHC", "dossier_home", ALL_ROLES, order=40)
        nav.register("Nhập hồ sơ TTHC", "dossier_import", (Role.ADMIN,), order=40, section="admin")
