from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from parsipas.units.models import Unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _petition_settings(settings: Any, tmp_path: Any) -> None:
    settings.PETITION_MIN_FILL_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"


def form_token(client: Client) -> str:
    page = client.get("/phan-anh/").content.decode()
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match, "the form carries a signed token"
    return match.group(1)


def petition_data(client: Client, unit: Unit, **extra: Any) -> dict[str, Any]:
    data = {
        "token": form_token(client),
        "unit": unit.pk,
        "procedure": "Đăng ký khai sinh",
        "content": "Nộp hồ sơ đã 20 ngày mà chưa có kết quả, không ai trả lời điện thoại.",
        "sender_name": "Nguyễn Thị Lan",
        "sender_phone": "0905 123 456",
        "sender_email": "",
    }
    data.update(extra)
    return data
