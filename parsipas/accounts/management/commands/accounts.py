from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.accounts import importing
from parsipas.audit.context import acting_as
from parsipas.lib.tabular import ImportRefused


class Command(BaseCommand):
    help = "Người dùng: import FILE [--dry-run] | template FILE"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="tạo tài khoản từ CSV/XLSX (tất cả hoặc không)")
        imp.add_argument("file")
        imp.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra và liệt kê, không tạo gì"
        )
        tpl = sub.add_parser("template", help="ghi tệp mẫu .xlsx")
        tpl.add_argument("file")

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas accounts {opts['verb']}"):
            getattr(self, "do_" + opts["verb"])(opts)

    def do_template(self, opts: dict[str, Any]) -> None:
        Path(opts["file"]).write_bytes(importing.template_xlsx())
        self.stdout.write(f"Đã ghi {opts['file']}")

    def do_import(self, opts: dict[str, Any]) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            with path.open("rb") as f:
                people = importing.read_people(f, path.name)
            if opts["dry_run"]:
                for p in people:
                    unit = p.unit.code if p.unit else "—"
                    self.stdout.write(f"{p.username:<28} {p.role:<7} {unit:<28} {p.full_name}")
                self.stdout.write(f"Kiểm tra xong: {len(people)} tài khoản sẽ được tạo (chưa tạo).")
                return
            created = importing.create_people(people, path.name)
        except ImportRefused as exc:
            raise CommandError(
                "Không nhập được — chưa có gì thay đổi:\n" + "\n".join(exc.errors)
            ) from exc
        # The temporary passwords are printed once, here; they are not stored in clear anywhere.
        for c in created:
            self.stdout.write(f"{c.user.username:<28} {c.temporary_password}  {c.user.full_name}")
        self.stdout.write(
            f"Đã tạo {len(created)} tài khoản; mỗi người phải đổi mật khẩu tạm ở lần đăng nhập đầu."
        )
