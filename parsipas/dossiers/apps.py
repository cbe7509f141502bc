from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "parsipas.dossiers"
    verbose_name = "Hồ sơ TTHC và Chỉ số 766"
