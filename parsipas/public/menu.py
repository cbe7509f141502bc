"""The public page's items in the admin menu."""

from __future__ import annotations

from parsipas.accounts.models import Role
from parsipas.front import nav

nav.register("Tin cải cách hành chính", "news_list", (Role.ADMIN,), order=60, section="admin")
nav.register("Trang công khai", "public_page", (Role.ADMIN,), order=61, section="admin")
