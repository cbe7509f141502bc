from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from parsipas.front import guides, nav


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    values: dict[str, Any] = {"province_name": settings.PROVINCE_NAME}
    values["reform_office"] = guides.reform_office()
    if user is not None and user.is_authenticated:
        values["guide_url"] = reverse("guide", args=[guides.for_role(user.role).slug])
        values["main_menu"] = nav.menu_for(user, request.path)
        values["admin_menu"] = nav.menu_for(user, request.path, section="admin")
        values.update(nav.extra_context(request))
    return values
