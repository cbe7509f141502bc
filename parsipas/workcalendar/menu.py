"""The calendar's entry in the Quản trị menu."""

from parsipas.accounts.models import Role
from parsipas.front import nav

nav.register("Lịch ngày làm việc", "workcalendar_list", (Role.ADMIN,), order=30, section="admin")
