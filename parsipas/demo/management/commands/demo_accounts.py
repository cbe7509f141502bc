from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_accounts


class Command(BaseCommand):
    help = (
        "Tạo các tài khoản dùng thử (không dùng trong môi trường chính thức) và in cách đăng nhập."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print-only", action="store_true", help="chỉ in thông tin đăng nhập")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["print_only"]:
            if settings.PRODUCTION:
                raise CommandError("Không tạo tài khoản dùng thử khi DJANGO_ENV=production.")
            with acting_as(label="lệnh parsipas demo_accounts"):
                created = ensure_demo_accounts()
            if created:
                self.stdout.write(f"Đã tạo tài khoản dùng thử: {', '.join(created)}")
        self.stdout.write("")
        self.stdout.write(
            "parsipas đang chạy tại http://127.0.0.1:8000 — đăng nhập bằng một trong các tài khoản:"
        )
        for a in DEMO_ACCOUNTS:
            self.stdout.write(f"  {a.username:<18} {a.full_name}")
        self.stdout.write(f"Mật khẩu chung: {DEMO_PASSWORD}")
        self.stdout.write("")
