from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "parsipas.audit"
    verbose_name = "Nhật ký thay đổi"
