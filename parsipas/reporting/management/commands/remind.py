"""`parsipas remind`: the daily đôn đốc run. Schedule it once a day (see docs/dev/reporting.md)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parsipas.audit.context import acting_as
from parsipas.reporting import reminders


class Command(BaseCommand):
    help = "Gửi thư nhắc việc (đôn đốc) báo cáo: mỗi người nhiều nhất một thư một ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ in ra những gì sẽ gửi, không gửi, không ghi nhật ký",
        )
        parser.add_argument(
            "--date", default="", help="coi như hôm nay là ngày YYYY-MM-DD (để kiểm tra)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            today = dt.date.fromisoformat(opts["date"]) if opts["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date phải có dạng YYYY-MM-DD.") from exc
        started = time.monotonic()
        with acting_as(label="lệnh parsipas remind"):
            digests = reminders.send(today, dry_run=opts["dry_run"], out=self.stdout)
        items = sum(len(d.items) for d in digests)
        emails = sum(1 for d in digests if d.user.email)
        verb = "Sẽ gửi" if opts["dry_run"] else "Đã gửi"
        self.stdout.write(
            f"{verb} {emails} thư nhắc việc ({items} mục, {len(digests)} người) "
            f"ngày {today:%d/%m/%Y} trong {time.monotonic() - started:.2f} giây."
        )
