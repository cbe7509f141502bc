from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "parsipas.imports"
    verbose_name = "Nhập tệp lớn chạy nền"
