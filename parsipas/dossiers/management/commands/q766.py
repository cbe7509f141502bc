"""`parsipas q766 score --group G --input FILE --format json` and `q766 import FILE --group G --period P`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.dossiers.figures import parse_period
from parsipas.dossiers.q766 import engine
from parsipas.dossiers.q766.scores import PortalImportError, import_portal_csv

GROUP_CHOICES = ["progress", "payment", "transparency", "satisfaction", "digitization"]


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and value.as_tuple().exponent >= 0
            else float(value)
        )
    return value


def score_rows(path: Path, group: str) -> list[dict[str, Any]]:
    units = []
    for row in engine.read_portal_csv(path, group):
        result = engine.score_group(group, row.counts)
        units.append(
            {
                "code": row.code,
                "name": row.name,
                "score": result.score,
                "max": result.max,
                "ratio": result.ratio,
                "parts": {
                    name: {
                        "numerator": part.numerator,
                        "denominator": part.denominator,
                        "ratio": part.pct,
                        "score": part.score,
                        "max": part.max,
                    }
                    for name, part in result.parts.items()
                },
            }
        )
    return units


class Command(BaseCommand):
    help = "Chỉ số 766: score (chấm điểm từ tệp CSV của Cổng DVCQG) | import (lưu số liệu của Cổng)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        score = sub.add_parser(
            "score", help="chấm điểm một nhóm từ tệp CSV theo mẫu của Cổng DVCQG"
        )
        score.add_argument("--group", required=True, choices=GROUP_CHOICES)
        score.add_argument("--input", required=True)
        score.add_argument("--format", choices=["json", "table"], default="json")
        imp = sub.add_parser("import", help="lưu số liệu một nhóm của Cổng DVCQG cho một kỳ")
        imp.add_argument("file")
        imp.add_argument("--group", required=True, choices=GROUP_CHOICES)
        imp.add_argument("--year", type=int, required=True)
        imp.add_argument("--period", default="Y", help="Q1…Q4, H1, 9M, Y hoặc YYYY-MM")

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas q766 {opts['verb']}"):
            getattr(self, "do_" + opts["verb"])(opts)

    def do_score(self, opts: dict[str, Any]) -> None:
        path = Path(opts["input"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            units = score_rows(path, opts["group"])
        except engine.MissingCountsError as exc:
            raise CommandError(f"Tệp thiếu cột: {', '.join(exc.fields)}.") from exc
        except (KeyError, ValueError, ArithmeticError) as exc:
            raise CommandError(f"Tệp không đúng mẫu của Cổng DVCQG: {exc}") from exc
        if opts["format"] == "json":
            self.stdout.write(
                json.dumps({"units": units}, ensure_ascii=False, indent=2, default=_number)
            )
            return
        for unit in units:
            self.stdout.write(
                f"{unit['code']:<12} {unit['score']:>6}/{unit['max']:<3} {unit['name']}"
            )

    def do_import(self, opts: dict[str, Any]) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            _, period = parse_period(opts["year"], opts["period"])
            with path.open("rb") as stream:
                source = import_portal_csv(stream, path.name, opts["group"], period)
        except (ValueError, PortalImportError) as exc:
            raise CommandError(str(exc)) from exc
        matched = source.scores.exclude(unit=None).count()
        self.stdout.write(f"Đã lưu {source.rows} dòng ({matched} khớp đơn vị trong danh mục).")
