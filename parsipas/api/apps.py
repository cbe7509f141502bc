from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "parsipas.api"
    verbose_name = "API tích hợp (LGSP)"

    def ready(self) -> None:
        from parsipas.accounts.models import Role
        from parsipas.api.models import ApiToken
        from parsipas.audit.tracking import track
        from parsipas.front import nav

        track(ApiToken, exclude=("key_hash", "last_used_at"))
        nav.register("Mã truy cập API", "api_tokens", (Role.ADMIN,), order=90, section="admin")
