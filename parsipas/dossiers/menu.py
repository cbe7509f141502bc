"""The dossiers' menu items."""

from __future__ import annotations

from parsipas.accounts.models import Role
from parsipas.accounts.policy import ALL_ROLES
from parsipas.front import nav

nav.register("Hồ sơ TTHC", "dossier_home", ALL_ROLES, order=40)
nav.register("Nhập hồ sơ TTHC", "dossier_import", (Role.ADMIN,), order=40, section="admin")
