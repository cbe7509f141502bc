from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.dashboards import excel, periodic, word
from parsipas.lib import numbers


class Command(BaseCommand):
    help = "Báo cáo định kỳ CCHC: --format docx (báo cáo) hoặc xlsx (phụ lục tiến độ), như trên trang web."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", required=True, choices=["Q1", "Q2", "Q3", "Y"])
        parser.add_argument("--format", required=True, choices=["docx", "xlsx"])
        parser.add_argument("-o", "--output", required=True, help="tệp ra (- : đầu ra chuẩn)")

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label="lệnh parsipas report"):
            try:
                report = periodic.load(opts["year"], opts["period"])
            except periodic.NoReportData as exc:
                raise CommandError(str(exc)) from exc
            content = word.build(report) if opts["format"] == "docx" else excel.build(report)
        if opts["output"] == "-":
            sys.stdout.buffer.write(content)
            return
        Path(opts["output"]).write_bytes(content)
        self.stdout.write(f"Đã ghi {opts['output']} ({numbers.number(len(content))} byte).")
