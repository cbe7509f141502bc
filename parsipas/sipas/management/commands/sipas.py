from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.lib.tabular import ImportRefused
from parsipas.sipas.answer_file import read_satisfaction_file, tally_rows
from parsipas.sipas.indices import DEFAULT_ELEMENTS, Result, compute


class Command(BaseCommand):
    help = "Khảo sát SIPAS: compute --input FILE | load-default-instrument | import FILE | indices"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        comp = sub.add_parser(
            "compute", help="tính chỉ số từ tệp CSV/XLSX câu trả lời (không ghi vào CSDL)"
        )
        comp.add_argument(
            "--input", required=True, help="tệp: respondent_id,unit_code,submitted_at,E1.1,…"
        )
        comp.add_argument("--format", choices=["json", "table"], default="json")
        sub.add_parser(
            "load-default-instrument", help="nạp bộ câu hỏi mặc định (chạy lại không sao)"
        )
        imp = sub.add_parser("import", help="nhập phiếu từ CSV/XLSX vào CSDL (tất cả hoặc không)")
        imp.add_argument("file")
        imp.add_argument("--source", default="")
        ind = sub.add_parser("indices", help="chỉ số từ CSDL theo năm/kỳ")
        ind.add_argument("--year", type=int, required=True)
        ind.add_argument("--period", default=None, help="q1 … q4, 6m, 9m, year")
        ind.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label=f"lệnh parsipas sipas {opts['verb']}"):
            getattr(self, "do_" + opts["verb"].replace("-", "_"))(opts)

    def do_compute(self, opts: dict[str, Any]) -> None:
        path = Path(opts["input"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            with path.open("rb") as stream:
                rows = read_satisfaction_file(stream, path.name)
        except ImportRefused as exc:
            raise CommandError("Tệp không hợp lệ:\n" + "\n".join(exc.errors)) from exc
        province_tally, unit_tallies = tally_rows(rows)
        province = compute(province_tally, elements=DEFAULT_ELEMENTS)
        units = {
            code: compute(tally, elements=DEFAULT_ELEMENTS)
            for code, tally in sorted(unit_tallies.items())
        }
        self._emit(province, units, opts["format"])

    def _emit(self, province: Result, units: dict[str, Result], fmt: str) -> None:
        if fmt == "json":
            payload = {
                "province": province.as_dict(),
                "units": [{"unit": code, **result.as_dict()} for code, result in units.items()],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        codes = list(province.elements)
        self.stdout.write(
            f"{'đơn vị':<32} {'n':>7} " + " ".join(f"{c:>7}" for c in codes) + f" {'SIPAS':>7}"
        )
        for name, result in [("TOÀN TỈNH", province), *units.items()]:
            figures = [result.elements[c] for c in codes]
            cells = [f"{f.pct:>7}" if f else f"{'—':>7}" for f in figures]
            sipas = f"{result.sipas.pct:>7}" if result.sipas else f"{'—':>7}"
            self.stdout.write(
                f"{name:<32} {result.respondents:>7} " + " ".join(cells) + f" {sipas}"
            )

    def do_load_default_instrument(self, opts: dict[str, Any]) -> None:
        from parsipas.sipas.defaults import load_default_instrument

        result = load_default_instrument()
        state = "đã tạo" if result.created else "đã có"
        current = " (đang dùng)" if result.instrument.is_current else ""
        self.stdout.write(
            f"Bộ câu hỏi '{result.instrument.name}'{current}: {state}; thêm {result.added} mục mới."
        )

    def do_import(self, opts: dict[str, Any]) -> None:
        from parsipas.sipas.importing import import_responses
        from parsipas.sipas.survey import current_layout

        layout = current_layout()
        if layout is None:
            raise CommandError(
                "Chưa có bộ câu hỏi đang dùng (chạy: parsipas sipas load-default-instrument)."
            )
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            with path.open("rb") as stream:
                result = import_responses(stream, path.name, layout, None, None, opts["source"])
        except ImportRefused as exc:
            raise CommandError(
                "Không nhập được — chưa có gì thay đổi:\n" + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(f"Đã nhập {result.created} phiếu của {result.units} đơn vị.")

    def do_indices(self, opts: dict[str, Any]) -> None:
        from parsipas.sipas.figures import indices
        from parsipas.sipas.periods import period

        try:
            chosen = period(opts["year"], opts["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        figures = indices(chosen)
        units = {
            figures.unit_objects[uid].code: r
            for uid, r in figures.units.items()
            if uid in figures.unit_objects
        }
        self._emit(figures.province, dict(sorted(units.items())), opts["format"])
