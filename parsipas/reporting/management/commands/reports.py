"""`parsipas reports status --year Y --period P [--format json|table]`: the period's roll-up."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.plans.models import Plan
from parsipas.reporting import rollups
from parsipas.reporting.models import ReportingPeriod


def status_payload(plan: Plan, period: ReportingPeriod) -> dict[str, Any]:
    criteria = rollups.criterion_rollup(plan, period)
    units = rollups.unit_rollup(plan, period)
    return {
        "year": period.year,
        "period": period.code,
        "criteria": [
            {
                "index": c.index,
                "code": c.code,
                "assigned": c.assigned,
                "by_status": dict(c.by_status),
                "late": c.late,
                "flagged": c.flagged,
            }
            for c in criteria
        ],
        "units": [
            {"unit": u.code, "assigned": u.assigned, "by_status": dict(u.by_status), "late": u.late}
            for u in units
        ],
    }


class Command(BaseCommand):
    help = "Báo cáo: status --year Y --period Q1|Q2|Q3|Y [--format json|table]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        status = sub.add_parser("status", help="tình hình báo cáo theo tiêu chí và theo đơn vị")
        status.add_argument("--year", type=int, required=True)
        status.add_argument("--period", required=True, choices=ReportingPeriod.Code.values)
        status.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: Any, **opts: Any) -> None:
        period = ReportingPeriod.objects.filter(year=opts["year"], code=opts["period"]).first()
        if period is None:
            raise CommandError(
                f"Không có kỳ {opts['period']} năm {opts['year']} (tạo bằng: parsipas periods create --year {opts['year']})."
            )
        plan = Plan.objects.filter(year=opts["year"]).first()
        if plan is None:
            raise CommandError(f"Chưa có kế hoạch năm {opts['year']}.")
        payload = status_payload(plan, period)
        if opts["format"] == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        keys = rollups.STATUS_KEYS
        self.stdout.write(f"{period} — " + ", ".join(f"{k}" for k in keys))
        for c in payload["criteria"]:
            counts = " ".join(f"{c['by_status'][k]:>4}" for k in keys)
            self.stdout.write(
                f"{c['index']:<5} {c['code']:<6} giao {c['assigned']:>4} | {counts} | muộn {c['late']:>4}{'  ⚑' if c['flagged'] else ''}"
            )
        self.stdout.write("")
        for u in payload["units"]:
            counts = " ".join(f"{u['by_status'][k]:>4}" for k in keys)
            self.stdout.write(
                f"{u['unit']:<32} giao {u['assigned']:>4} | {counts} | muộn {u['late']:>4}"
            )
