from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.lib.tabular import ImportRefused
from parsipas.plans import importer
from parsipas.plans.export import plan_docx, plan_json, plan_xlsx
from parsipas.plans.models import Plan
from parsipas.plans.report import format_report

DEFAULT_PLAN = Path(settings.BASE_DIR) / "data" / "plans" / "daklak-2026.txt"


class Command(BaseCommand):
    help = "Kế hoạch: import FILE | export | publish | load-default"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="nhập phụ lục kế hoạch (văn bản, .docx, .xlsx)")
        imp.add_argument("file")
        imp.add_argument("--year", type=int)
        imp.add_argument("--dry-run", action="store_true", help="chỉ in báo cáo, không ghi gì")
        imp.add_argument("--publish", action="store_true", help="ban hành ngay sau khi nhập")
        imp.add_argument(
            "--allow-shrink",
            action="store_true",
            help="áp dụng cả khi tệp có dấu hiệu không đầy đủ (bị cắt, thiếu phần SIPAS, bỏ nhiều tiêu chí)",
        )
        exp = sub.add_parser("export", help="xuất kế hoạch")
        exp.add_argument("--year", type=int, required=True)
        exp.add_argument("--format", choices=["json", "xlsx", "docx"], default="json")
        exp.add_argument("-o", "--output", default="-")
        pub = sub.add_parser("publish", help="ban hành kế hoạch (hết bản nháp)")
        pub.add_argument("--year", type=int, required=True)
        sub.add_parser(
            "load-default", help="nạp kế hoạch 2026 của Đắk Lắk nếu chưa có, và ban hành"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas plan {opts['verb']}"):
            getattr(self, "do_" + opts["verb"].replace("-", "_"))(opts)

    def _import(
        self, path: Path, year: int | None, dry_run: bool, publish: bool, allow_shrink: bool = False
    ) -> None:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            preview = importer.preview(path.read_bytes(), path.name, year)
        except ImportRefused as exc:
            raise CommandError(f"Không nhập được — chưa có gì thay đổi. {exc.message}") from exc
        self.stdout.write(format_report(preview.report()))
        if dry_run:
            self.stdout.write("(chạy thử: chưa ghi gì vào cơ sở dữ liệu)")
            return
        try:
            result = importer.apply(preview, source_name=path.name, allow_shrink=allow_shrink)
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc
        if publish:
            importer.publish(result.plan)
        state = "đã ban hành" if result.plan.is_published else "bản nháp — cần ban hành"
        self.stdout.write(
            f"Đã nhập kế hoạch năm {result.plan.year} ({state}): "
            f"{result.plan.nodes.count()} mục, {result.assignments_added} phân công mới."
        )

    def do_import(self, opts: dict[str, Any]) -> None:
        self._import(
            Path(opts["file"]), opts["year"], opts["dry_run"], opts["publish"], opts["allow_shrink"]
        )

    def do_load_default(self, opts: dict[str, Any]) -> None:
        if Plan.objects.filter(year=2026).exists():
            self.stdout.write("Kế hoạch năm 2026 đã có: giữ nguyên.")
            return
        self._import(DEFAULT_PLAN, 2026, dry_run=False, publish=True)

    def do_export(self, opts: dict[str, Any]) -> None:
        plan = Plan.objects.filter(year=opts["year"]).first()
        if plan is None:
            raise CommandError(f"Chưa có kế hoạch năm {opts['year']}.")
        if opts["format"] == "json":
            data = (json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n").encode()
        else:
            data = plan_xlsx(plan) if opts["format"] == "xlsx" else plan_docx(plan)
        if opts["output"] == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(opts["output"]).write_bytes(data)
            self.stderr.write(f"Đã ghi {opts['output']}")

    def do_publish(self, opts: dict[str, Any]) -> None:
        plan = Plan.objects.filter(year=opts["year"]).first()
        if plan is None:
            raise CommandError(f"Chưa có kế hoạch năm {opts['year']}.")
        importer.publish(plan)
        self.stdout.write(f"Đã ban hành kế hoạch năm {plan.year}.")
