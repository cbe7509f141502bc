from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parsipas.accounts"
    verbose_name = "Người dùng"

    def ready(self) -> None:
        from django.urls import reverse

        from parsipas.accounts import signals  # noqa: F401
        from parsipas.accounts.models import User
        from parsipas.audit.tracking import track

        track(
            User,
            exclude=("last_login",),
            link=lambda person: reverse("user_edit", args=[person.pk]),
        )
