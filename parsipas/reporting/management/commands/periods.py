"""`parsipas periods create --year Y | list [--year Y] | set-state --year Y --period P --state S`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parsipas.audit.context import acting_as
from parsipas.audit.tracking import record_event
from parsipas.reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = "Kỳ báo cáo: create --year Y | list | set-state"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="tạo 4 kỳ báo cáo của năm với ngày mặc định")
        create.add_argument("--year", type=int, default=None, help="năm (mặc định: năm nay)")
        ls = sub.add_parser("list", help="liệt kê kỳ báo cáo")
        ls.add_argument("--year", type=int, default=None)
        ls.add_argument("--format", choices=["table", "json"], default="table")
        state = sub.add_parser("set-state", help="mở / đóng / khóa một kỳ")
        state.add_argument("--year", type=int, required=True)
        state.add_argument("--period", required=True, choices=ReportingPeriod.Code.values)
        state.add_argument("--state", required=True, choices=ReportingPeriod.State.values)

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas periods {opts['verb']}"):
            getattr(self, "do_" + opts["verb"].replace("-", "_"))(opts)

    def do_create(self, opts: dict[str, Any]) -> None:
        year = opts["year"] or timezone.localdate().year
        created, existing = ReportingPeriod.create_defaults(year)
        if created:
            record_event(f"Tạo {len(created)} kỳ báo cáo năm {year} với ngày mặc định")
        self.stdout.write(f"Kỳ báo cáo năm {year}: {len(created)} mới, {len(existing)} đã có.")

    def do_list(self, opts: dict[str, Any]) -> None:
        ReportingPeriod.sync_states(force=True)
        periods = list(ReportingPeriod.objects.order_by("year", "due_date"))
        if opts["year"]:
            periods = [p for p in periods if p.year == opts["year"]]
        rows = [
            {
                "code": p.code,
                "name": p.name,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "units_due": p.due_date.isoformat(),
                "province_due": p.lead_due_date.isoformat(),
                "state": p.state,
            }
            for p in periods
        ]
        if opts["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for p, r in zip(periods, rows, strict=True):
            self.stdout.write(
                f"{p.year} {r['code']:<3} {r['name']:<10} {r['start']} – {r['end']}  "
                f"đơn vị {r['units_due']}  tỉnh {r['province_due']}  {r['state']}"
            )

    def do_set_state(self, opts: dict[str, Any]) -> None:
        period = ReportingPeriod.objects.filter(year=opts["year"], code=opts["period"]).first()
        if period is None:
            raise CommandError(f"Không có kỳ {opts['period']} năm {opts['year']}.")
        period.state = opts["state"]
        period.auto_state = False  # the admin said otherwise: dates no longer move it
        period.save()
        self.stdout.write(f"{period}: {period.get_state_display()}.")
