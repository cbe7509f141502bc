"""`parsipas q766 score|import|catalogue|total|demo` — Decision 766 from the console.

    parsipas q766 score --group G --input FILE --format json
    parsipas q766 import FILE [--group G] [--year Y] [--period P]
    parsipas q766 catalogue FILE
    parsipas q766 total [--year Y] [--period P] --format json
    parsipas q766 demo --year Y

FILE is a saved portal JSON response or a CSV in the reference layout, told apart by content.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parsipas.audit.context import acting_as
from parsipas.dossiers import figures
from parsipas.dossiers.q766 import demo, engine, scores
from parsipas.dossiers.q766.imports import (
    PortalImportError,
    computed_dict,
    import_catalogue,
    import_portal_file,
    plain,
    published_dict,
    score_row,
)
from parsipas.dossiers.q766.portal import PortalFileError, read_portal_file

GROUP_CHOICES = list(engine.GROUPS)


def score_units(data: bytes, filename: str, group: str) -> list[dict[str, Any]]:
    """``{"code", "score", "max", "parts", "published", "matches"}`` per unit of the file."""
    parsed = read_portal_file(data, filename, group)
    units = []
    for row in parsed.rows:
        result = score_row(row)
        ours = computed_dict(result)
        units.append(
            {
                "code": row.code or row.name,
                "score": ours["score"] if ours else None,
                "max": engine.GROUPS[parsed.group].max,
                "parts": ours["parts"] if ours else {},
                "published": published_dict(row.published),
                "matches": engine.matches(result, row.published),
            }
        )
    return units


class Command(BaseCommand):
    help = (
        "Chỉ số 766: score (chấm điểm tệp của Cổng DVCQG) | import (lưu số liệu của Cổng) | "
        "catalogue (nhập danh mục TTHC) | total (tổng điểm 100) | demo (số liệu mẫu)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        score = sub.add_parser("score", help="chấm điểm một nhóm từ tệp JSON/CSV của Cổng DVCQG")
        score.add_argument("--group", required=True, choices=GROUP_CHOICES)
        score.add_argument("--input", required=True)
        score.add_argument("--format", choices=["json", "table"], default="json")
        imp = sub.add_parser("import", help="lưu số liệu một nhóm của Cổng DVCQG cho một kỳ")
        imp.add_argument("file")
        imp.add_argument("--group", choices=GROUP_CHOICES, help="kiểm tra tệp đúng nhóm này")
        imp.add_argument("--year", type=int, default=None, help="mặc định: năm nay")
        imp.add_argument("--period", default="Y", help="Q1…Q4, H1, 9M, Y hoặc YYYY-MM")
        cat = sub.add_parser("catalogue", help="nhập danh mục TTHC (CSV/XLSX, tất cả hoặc không)")
        cat.add_argument("file")
        tot = sub.add_parser("total", help="tổng điểm 766 của tỉnh, từng cấp và đơn vị")
        tot.add_argument("--year", type=int, default=None)
        tot.add_argument("--period", default="Y")
        tot.add_argument("--format", choices=["json", "table"], default="table")
        dem = sub.add_parser("demo", help="nạp danh mục TTHC và số liệu Cổng mẫu (demo)")
        dem.add_argument("--year", type=int, default=None)
        dem.add_argument("--seed", type=int, default=2026)
        dem.add_argument("--if-empty", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas q766 {opts['verb']}"):
            getattr(self, "do_" + opts["verb"])(opts)

    def _read(self, name: str) -> tuple[Path, bytes]:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        return path, path.read_bytes()

    def _period(self, opts: dict[str, Any]) -> tuple[str, Any]:
        try:
            return figures.parse_period(opts["year"] or timezone.localdate().year, opts["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def do_score(self, opts: dict[str, Any]) -> None:
        path, data = self._read(opts["input"])
        try:
            units = score_units(data, path.name, opts["group"])
        except PortalFileError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        if opts["format"] == "json":
            self.stdout.write(json.dumps({"units": units}, ensure_ascii=False, indent=2))
            return
        for unit in units:
            verdict = {True: "khớp", False: "KHÔNG KHỚP", None: ""}[unit["matches"]]
            published = unit["published"]["score"] if unit["published"] else "—"
            self.stdout.write(
                f"{unit['code']:<12} {unit['score'] if unit['score'] is not None else '—':>6}/"
                f"{unit['max']:<3} Cổng: {published:<6} {verdict}"
            )

    def do_import(self, opts: dict[str, Any]) -> None:
        path, _ = self._read(opts["file"])
        label, period = self._period(opts)
        try:
            with path.open("rb") as stream:
                source = import_portal_file(stream, path.name, period, opts["group"])
        except PortalImportError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        matched = source.scores.exclude(unit=None).exclude(level="PARENT").count()
        mismatched = source.scores.filter(matches=False).count()
        group = engine.GROUPS[source.group].label_vi
        self.stdout.write(
            f"Đã lưu {source.rows} dòng nhóm “{group}”, {label} ({matched} khớp đơn vị trong "
            f"danh mục; {mismatched} dòng điểm tính lại khác điểm Cổng công bố)."
        )

    def do_catalogue(self, opts: dict[str, Any]) -> None:
        path, _ = self._read(opts["file"])
        try:
            with path.open("rb") as stream:
                result = import_catalogue(stream, path.name)
        except PortalImportError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(
            f"Đã nhập danh mục TTHC: {result.created} mới, {result.updated} cập nhật"
            + (f", {result.not_in_file} TTHC khác giữ nguyên." if result.not_in_file else ".")
        )

    def do_total(self, opts: dict[str, Any]) -> None:
        label, period = self._period(opts)
        target = figures.score_766_target_value(figures.published_plan(period.end.year))
        data = scores.period_data(period)
        cards = [scores.province_card(data, target), *scores.level_cards(data, target)]
        cards += scores.unit_cards(data, target)
        if opts["format"] == "json":
            out = {
                "period": {"label": label, "start": str(period.start), "end": str(period.end)},
                "target": plain(target),
                "scopes": [_card_json(c) for c in cards],
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        for card in cards:
            t = card.total
            missing = f" (thiếu {', '.join(engine.GROUPS[g].label_vi for g in t.missing)})"
            self.stdout.write(
                f"{card.label:<40} {t.score:>6}/{t.max}{missing if t.missing else ''}"
            )

    def do_demo(self, opts: dict[str, Any]) -> None:
        year = opts["year"] or timezone.localdate().year
        if opts["if_empty"] and demo.already_loaded(year):
            self.stdout.write("Đã có số liệu 766 mẫu: bỏ qua.")
            return
        summary = demo.generate(year, seed=opts["seed"])
        self.stdout.write(summary)


def _card_json(card: scores.Scorecard) -> dict[str, Any]:
    t = card.total
    return {
        "scope": card.level or (card.unit.code if card.unit else ""),
        "label": card.label,
        "score": plain(t.score),
        "max": t.max,
        "complete": t.complete,
        "missing": list(t.missing),
        "groups": {
            g.group: {
                "score": plain(g.points),
                "max": g.max,
                "source": g.source or None,
                "detail": g.detail,
                "published": g.published,
                "matches": g.matches,
                "missing": g.missing,
            }
            for g in card.groups
        },
    }
