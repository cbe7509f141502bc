"""`parsipas registers figures --year Y [--period P] [--format json|table]` and
`parsipas registers refresh --year Y`: the figures the system computes from the registers and the
dossiers, and bringing saved report figures up to date with them."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.registers.figures_report import rows
from parsipas.reporting.computed import Window
from parsipas.reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = "Sổ theo dõi: figures --year Y [--period P] | refresh --year Y"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        figures = sub.add_parser("figures", help="số liệu tự động của các tiêu chí")
        figures.add_argument("--year", type=int, required=True)
        figures.add_argument(
            "--period", choices=ReportingPeriod.Code.values, help="kỳ báo cáo (mặc định: cả năm)"
        )
        figures.add_argument("--format", choices=["table", "json"], default="table")
        refresh = sub.add_parser(
            "refresh", help="cập nhật số liệu tự động trong các báo cáo đã lưu của năm"
        )
        refresh.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas registers {opts['verb']}"):
            getattr(self, "do_" + opts["verb"])(opts)

    def do_figures(self, opts: dict[str, Any]) -> None:
        year = opts["year"]
        if opts["period"]:
            period = ReportingPeriod.objects.filter(year=year, code=opts["period"]).first()
            if period is None:
                raise CommandError(f"Chưa có kỳ {opts['period']} năm {year}.")
            window = Window.of_period(period)
        else:
            window = Window.of_year(year)
        found = rows(window)
        if opts["format"] == "json":
            self.stdout.write(json.dumps(found, ensure_ascii=False, indent=2))
            return
        for r in found:
            value = "—" if r["value"] is None else f"{r['value']:g}"
            self.stdout.write(
                f"{r['code']:<7} {value:>8}  {r['text']}  [{r['source']}, {r['rows']} dòng]"
            )

    def do_refresh(self, opts: dict[str, Any]) -> None:
        from parsipas.reporting.workflow import refresh_computed_figures

        total = 0
        for period in ReportingPeriod.objects.filter(year=opts["year"]):
            total += refresh_computed_figures(period)
        self.stdout.write(f"Đã cập nhật {total} số liệu tự động trong báo cáo năm {opts['year']}.")
