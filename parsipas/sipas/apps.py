from django.apps import AppConfig


class SipasConfig(AppConfig):
    name = "parsipas.sipas"
    verbose_name = "Khảo sát SIPAS"
