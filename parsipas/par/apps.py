from django.apps import AppConfig


class ParConfig(AppConfig):
    name = "parsipas.par"
    verbose_name = "Chấm điểm PAR Index"
