from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.lib.tabular import ImportRefused
from parsipas.units import registry
from parsipas.units.models import Unit


class Command(BaseCommand):
    help = "Danh mục đơn vị: list | import FILE | export | load-defaults"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        ls = sub.add_parser("list", help="liệt kê đơn vị")
        ls.add_argument("--format", choices=["json", "table"], default="table")
        ls.add_argument("--kind", default="")
        imp = sub.add_parser("import", help="nhập từ CSV/XLSX (tất cả hoặc không)")
        imp.add_argument("file")
        exp = sub.add_parser("export", help="xuất CSV/XLSX")
        exp.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        exp.add_argument("-o", "--output", default="-")
        sub.add_parser("load-defaults", help="nạp danh mục mặc định (cơ quan mẫu và xã, phường)")

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas units {opts['verb']}"):
            getattr(self, "do_" + opts["verb"].replace("-", "_"))(opts)

    def do_list(self, opts: dict[str, Any]) -> None:
        units = Unit.objects.select_related("parent").order_by("kind", "name")
        if opts["kind"]:
            units = units.filter(kind=opts["kind"])
        rows = [
            {
                "code": u.code,
                "name": u.name,
                "kind": u.kind,
                "parent": u.parent.code if u.parent else None,
                "active": u.active,
            }
            for u in units
        ]
        if opts["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(
                f"{r['code']:<32} {r['kind']:<7} {'' if r['active'] else '(ngừng) '}{r['name']}"
            )
        self.stdout.write(f"Tổng: {len(rows)} đơn vị")

    def do_import(self, opts: dict[str, Any]) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            with path.open("rb") as f:
                rows = registry.read_unit_file(f, path.name)
            result = registry.apply_unit_rows(rows, source=path.name)
        except ImportRefused as exc:
            raise CommandError(
                "Không nhập được — chưa có gì thay đổi:\n" + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(
            f"Đã nhập: {len(result.created)} mới, {len(result.updated)} cập nhật, {result.unchanged} không đổi."
        )

    def do_export(self, opts: dict[str, Any]) -> None:
        data = registry.export_xlsx() if opts["format"] == "xlsx" else registry.export_csv()
        if opts["output"] == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(opts["output"]).write_bytes(data)
            self.stdout.write(f"Đã ghi {opts['output']}")

    def do_load_defaults(self, opts: dict[str, Any]) -> None:
        result = registry.load_defaults()
        self.stdout.write(
            f"Danh mục đơn vị: {len(result.created)} mới, {len(result.updated)} cập nhật, "
            f"{result.unchanged} không đổi. Tổng {Unit.objects.count()} đơn vị."
        )
