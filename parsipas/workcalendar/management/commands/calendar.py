"""`parsipas calendar list --year Y` and `parsipas calendar check DATE`: the working-day calendar."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.lib.workdays import statutory_holidays
from parsipas.workcalendar import service
from parsipas.workcalendar.models import DayArrangement


class Command(BaseCommand):
    help = "Lịch ngày làm việc: ngày lễ theo luật và ngày nghỉ, làm bù của năm."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        listing = sub.add_parser("list", help="các ngày nghỉ và làm bù của một năm")
        listing.add_argument("--year", type=int, required=True)
        listing.add_argument("--format", choices=["text", "json"], default="text")
        add = sub.add_parser("add-days", help="thêm N ngày làm việc vào một ngày")
        add.add_argument("date", type=dt.date.fromisoformat)
        add.add_argument("days", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "add-days":
            end = service.calendar().add_working_days(options["date"], options["days"])
            self.stdout.write(end.isoformat())
            return
        year = options["year"]
        if not 1900 < year < 2200:
            raise CommandError(f"Năm {year} không hợp lệ.")
        rows = [
            {"date": d.isoformat(), "kind": "holiday", "reason": "Ngày lễ, Tết theo luật"}
            for d in sorted(statutory_holidays(year))
        ] + [
            {"date": r.date.isoformat(), "kind": r.kind, "reason": r.reason}
            for r in DayArrangement.objects.filter(date__year=year)
        ]
        rows.sort(key=lambda r: r["date"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(f"{r['date']}  {r['kind']:8}  {r['reason']}")
