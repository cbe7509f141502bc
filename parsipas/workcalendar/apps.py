from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "parsipas.workcalendar"
    label = "workcalendar"
    verbose_name = "Lịch ngày làm việc"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.workcalendar.models import DayArrangement

        track(DayArrangement)
        from parsipas.workcalendar import menu  # noqa: F401  (the admin menu entry)
