"""The registers' entry in the menu (every role: a unit sees its own rows)."""

from parsipas.accounts.policy import ALL_ROLES
from parsipas.front import nav

nav.register("Sổ theo dõi", "registers_home", ALL_ROLES, order=45)
