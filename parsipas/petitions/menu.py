"""Menu entries of the petitions and dialogues registers."""

from parsipas.accounts.models import Role
from parsipas.accounts.policy import ALL_ROLES
from parsipas.front import nav

nav.register("Phản ánh, kiến nghị", "petition_list", ALL_ROLES, order=62)
nav.register("Đối thoại", "dialogue_list", (Role.ADMIN, Role.LEAD, Role.VIEWER), order=63)
