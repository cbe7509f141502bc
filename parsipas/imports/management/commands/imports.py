"""`parsipas imports work [--once]`: the background worker of big imports (see imports/jobs.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from parsipas.audit.context import acting_as
from parsipas.imports import jobs


class Command(BaseCommand):
    help = "Nhập nền các tệp lớn: work [--once]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        work = sub.add_parser("work", help="nhập lần lượt các tệp đang chờ (chạy mãi, hoặc --once)")
        work.add_argument("--once", action="store_true", help="nhập hết hàng chờ rồi thoát (cron)")
        work.add_argument("--sleep", type=float, default=5.0, help="giây chờ khi không có việc")

    def handle(self, *args: Any, **opts: Any) -> None:
        requeued = jobs.requeue_interrupted()
        if requeued:
            self.stdout.write(f"{requeued} lần nhập bị gián đoạn được xếp hàng lại.")
        while True:
            job = jobs.claim_next()
            if job is None:
                if opts["once"]:
                    return
                time.sleep(opts["sleep"])
                continue
            with acting_as(user=job.created_by, label="nhập nền"):
                jobs.run(job)
            self.stdout.write(f"{job.filename}: {job.get_state_display()}. {job.summary}".strip())
