"""`parsipas petitions figures|import|purge`: the petitions register from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parsipas.petitions import figures, handling, importing
from parsipas.reporting.models import ReportingPeriod


def window_for(year: int, period: str | None) -> figures.Window:
    if not period:
        return figures.year_window(year)
    p = ReportingPeriod.objects.filter(year=year, code=period).first()
    if p is None:
        raise CommandError(f"Không có kỳ báo cáo {period} của năm {year}.")
    return figures.Window(p.start, p.end, f"{p.name} {year}")


class Command(BaseCommand):
    help = "Sổ phản ánh, kiến nghị: số liệu, nhập từ tệp, xóa dữ liệu cá nhân hết hạn lưu."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        f = sub.add_parser("figures", help="số liệu theo đơn vị và toàn tỉnh")
        f.add_argument("--year", type=int, required=True)
        f.add_argument("--period", help="mã kỳ báo cáo (Q1, H1, Q3, Y…); mặc định cả năm")
        f.add_argument("--format", choices=["json", "text"], default="text")
        i = sub.add_parser("import", help="nhập phản ánh từ tệp CSV/Excel (tất cả hoặc không)")
        i.add_argument("file", type=Path)
        p = sub.add_parser("purge", help="xóa họ tên, liên lạc của phản ánh đã đóng quá hạn lưu")
        p.add_argument(
            "--days",
            type=int,
            default=int(getattr(settings, "PETITION_PERSONAL_DATA_DAYS", 3 * 365)),
        )

    def handle(self, *args: Any, **o: Any) -> None:
        verb = o["verb"]
        if verb == "figures":
            per_unit, province = figures.petition_figures(window_for(o["year"], o["period"]))
            rows = [f.as_json() for f in [*per_unit, province]]
            if o["format"] == "json":
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for r in rows:
                    self.stdout.write(
                        f"{r['unit_name']}: {r['received']} tiếp nhận, {r['handled_on_time']} đúng hạn, "
                        f"{r['answered']} đã trả lời, {r['satisfied']}/{r['rated']} hài lòng"
                    )
        elif verb == "import":
            try:
                with o["file"].open("rb") as fh:
                    created = importing.import_petitions(fh, o["file"].name, None)
            except OSError as exc:
                raise CommandError(f"Không đọc được tệp {o['file']}: {exc}") from exc
            except importing.ImportRefused as exc:
                raise CommandError("Chưa nhập dòng nào:\n" + "\n".join(exc.errors)) from exc
            self.stdout.write(f"Đã nhập {len(created)} phản ánh, kiến nghị.")
        else:
            before = timezone.localdate() - dt.timedelta(days=o["days"])
            count = handling.erase_personal_data(before)
            self.stdout.write(
                f"Đã xóa dữ liệu cá nhân của {count} phản ánh tiếp nhận trước {before:%d/%m/%Y}."
            )
