from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.demo.reports import DemoError, generate


class Command(BaseCommand):
    help = "Tạo một năm báo cáo mẫu (xác định theo --seed) để xem các trang tổng quan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--year", type=int, help="năm kế hoạch (mặc định: năm mới nhất đã ban hành)"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="không làm gì nếu đã có báo cáo"
        )
        parser.add_argument(
            "--replace", action="store_true", help="xóa báo cáo hiện có rồi tạo lại"
        )
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, help="ngày tham chiếu (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label="lệnh parsipas demo"):
            try:
                result = generate(
                    opts["seed"], opts["year"], opts["as_of"], opts["if_empty"], opts["replace"]
                )
            except DemoError as exc:
                raise CommandError(str(exc)) from exc
        self._registers(result.plan.year, opts["seed"], opts["as_of"])
        if result.skipped:
            self.stdout.write(f"Kế hoạch năm {result.plan.year} đã có báo cáo: giữ nguyên.")
            return
        self.stdout.write(
            f"Đã tạo {result.reports} báo cáo và {result.figures} số liệu chỉ tiêu mẫu "
            f"cho kế hoạch năm {result.plan.year} ({len(result.periods)} kỳ báo cáo)."
        )

    def _registers(self, year: int, seed: int, as_of: dt.date | None) -> None:
        """The registers' demo rows (each generator does nothing when its register has rows)."""
        import random

        from parsipas.demo.reports import reference_date
        from parsipas.petitions import demo as petitions_demo
        from parsipas.plans.models import Plan
        from parsipas.registers import demo as registers_demo

        day = as_of or reference_date(Plan.objects.get(year=year))
        with acting_as(label="lệnh parsipas demo"):
            petitions, dialogues = petitions_demo.generate(year, random.Random(seed), day)
            registers_demo.generate(year, random.Random(seed))
            from parsipas.demo import evidence as demo_evidence

            files = demo_evidence.generate(year, random.Random(seed), day)
        if files:
            self.stdout.write(f"Đã đính kèm {files} tài liệu kiểm chứng mẫu vào các báo cáo.")
        if petitions or dialogues:
            self.stdout.write(
                f"Đã tạo {petitions} phản ánh, kiến nghị và {dialogues} cuộc đối thoại mẫu."
            )
