"""System checks of the survey's configuration (run by `parsipas check --deploy` and at start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from parsipas.sipas.links import is_local_address, site_url


def site_url_is_public(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """In production, SITE_URL must be an address citizens' phones can open: it is what every
    printed QR code and survey link carries."""
    if not getattr(settings, "PRODUCTION", not settings.DEBUG):
        return []
    url = site_url()
    if url and not is_local_address(url):
        return []
    return [
        checks.Warning(
            f"SITE_URL là địa chỉ cục bộ ({url or 'chưa đặt'}): mã QR và đường dẫn khảo sát SIPAS "
            "in ra sẽ không mở được trên điện thoại của người dân.",
            hint="Đặt biến môi trường SITE_URL bằng địa chỉ công khai, ví dụ https://cchc.daklak.gov.vn.",
            id="sipas.W001",
        )
    ]
