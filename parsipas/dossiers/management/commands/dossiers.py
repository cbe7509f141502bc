"""`parsipas dossiers import FILE | stats --year Y [--period P] | generate --rows N -o FILE`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.dossiers import figures
from parsipas.dossiers.indicators import indicators
from parsipas.dossiers.ingest.generate import write_csv
from parsipas.dossiers.ingest.headers import load_header_map
from parsipas.dossiers.ingest.loader import ImportRefused, import_dossiers
from parsipas.units.models import Unit, UnitKind


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


class Command(BaseCommand):
    help = "Hồ sơ TTHC: import FILE | stats --year Y [--period Q1|…|Y|YYYY-MM] | generate"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser(
            "import", help="nhập tệp CSV/XLSX xuất từ hệ thống một cửa (tất cả hoặc không)"
        )
        imp.add_argument("file")
        imp.add_argument("--headers", help="tệp JSON {tên cột: trường} cho tệp xuất của tỉnh khác")
        stats = sub.add_parser("stats", help="số liệu và chỉ tiêu theo đơn vị")
        stats.add_argument("--year", type=int, required=True)
        stats.add_argument("--period", default="Y", help="Q1, Q2, Q3, Q4, H1, 9M, Y hoặc YYYY-MM")
        stats.add_argument("--unit", default="", help="mã đơn vị (mặc định: tất cả)")
        stats.add_argument("--format", choices=["json", "table"], default="table")
        gen = sub.add_parser("generate", help="tạo tệp hồ sơ mẫu cho các đơn vị trong danh mục")
        gen.add_argument("--rows", type=int, default=10_000)
        gen.add_argument("--year", type=int, default=2026)
        gen.add_argument("--seed", type=int, default=1)
        gen.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas dossiers {opts['verb']}"):
            getattr(self, "do_" + opts["verb"])(opts)

    def do_import(self, opts: dict[str, Any]) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        mapping = None
        if opts["headers"]:
            try:
                mapping = load_header_map(opts["headers"])
            except (OSError, ValueError) as exc:
                raise CommandError(f"Bảng ánh xạ tiêu đề không dùng được: {exc}") from exc
        try:
            with path.open("rb") as stream:
                result = import_dossiers(stream, path.name, mapping=mapping)
        except ImportRefused as refused:
            raise CommandError(
                "Không nhập được — chưa có gì thay đổi:\n" + "\n".join(refused.errors)
            ) from refused
        self.stdout.write(
            f"Đã nhập {result.rows} dòng: {result.created} hồ sơ mới, {result.updated} cập nhật "
            f"({result.seconds:.1f} giây)."
        )
        if result.ignored_columns:
            self.stdout.write("Cột không dùng: " + ", ".join(result.ignored_columns))

    def do_stats(self, opts: dict[str, Any]) -> None:
        try:
            label, period = figures.parse_period(opts["year"], opts["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        units = Unit.objects.active().order_by("kind", "name")
        if opts["unit"]:
            units = units.filter(code=opts["unit"])
            if not units:
                raise CommandError(f"Không có đơn vị mã '{opts['unit']}'.")
        targets = figures.plan_targets(figures.published_plan(period.end.year))
        levels, rows = figures.table(period, units, targets, roll_ups=not opts["unit"])
        if opts["format"] == "json":
            data = {
                "period": {
                    "label": label,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                },
                "levels": {row.level: self._row(row) for row in levels},
                "units": [self._row(row) for row in rows],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_number))
            return
        self.stdout.write(f"{label}")
        names = [f.indicator.label for f in rows[0].figures] if rows else []
        self.stdout.write(
            f"{'Đơn vị':<40} {'Tiếp nhận':>9} " + " ".join(f"{n[:18]:>18}" for n in names)
        )
        for row in [*levels, *rows]:
            values = " ".join(
                f"{(str(f.value) + '%') if f.value is not None else '—':>18}" for f in row.figures
            )
            self.stdout.write(f"{row.label[:40]:<40} {row.counts.received:>9} {values}")

    @staticmethod
    def _row(row: figures.Row) -> dict[str, Any]:
        return {
            "code": row.unit.code if row.unit else row.level,
            "name": row.label,
            "counts": row.counts.as_dict(),
            "indicators": {k: _number(v) for k, v in asdict(indicators(row.counts)).items()},
            "targets": {
                f.indicator.name: {
                    "node": f"PAR:{f.indicator.node_code}",
                    "value": _number(f.value),
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "target": f.target_text or None,
                    "result": f.result,
                    "needed": f.needed,
                }
                for f in row.figures
            },
        }

    def do_generate(self, opts: dict[str, Any]) -> None:
        units = [
            (u.code, u.kind == UnitKind.AGENCY) for u in Unit.objects.active().order_by("code")
        ]
        if not units:
            raise CommandError("Danh mục đơn vị trống: chạy 'parsipas units load-defaults' trước.")
        output = opts["output"]
        handle = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        try:
            written = write_csv(handle, units, opts["rows"], opts["year"], opts["seed"])
        finally:
            if handle is not sys.stdout:
                handle.close()
        if output != "-":
            self.stdout.write(f"Đã ghi {written} hồ sơ của {len(units)} đơn vị vào {output}")
