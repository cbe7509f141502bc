from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.audit.context import acting_as
from parsipas.lib.bounds import plain
from parsipas.lib.tabular import ImportRefused
from parsipas.par import frameworks, scorecard
from parsipas.par.framework_io import SCOPES, write_csv
from parsipas.par.models import Framework, Scope
from parsipas.par.scoring import shown


class Command(BaseCommand):
    help = (
        "Chỉ số CCHC: framework import FILE --year Y --scope S | framework export | framework list "
        "| score --year Y --scope S [--values FILE] [--format json] | load-examples --year Y "
        "| dossier export --year Y --framework F -o FILE.zip | dossier build-pending"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        fw = sub.add_parser("framework", help="bộ tiêu chí: import | export | list")
        fw_sub = fw.add_subparsers(dest="action", required=True)
        imp = fw_sub.add_parser("import", help="nhập bộ tiêu chí từ CSV/XLSX (tất cả hoặc không)")
        imp.add_argument("file")
        imp.add_argument("--year", type=int, required=True)
        imp.add_argument("--scope", choices=SCOPES, required=True)
        imp.add_argument("--title", default="")
        imp.add_argument("--illustrative", action="store_true", help="đánh dấu điểm là minh họa")
        exp = fw_sub.add_parser("export", help="xuất bộ tiêu chí ra CSV")
        exp.add_argument("--year", type=int, required=True)
        exp.add_argument("--scope", choices=SCOPES, required=True)
        exp.add_argument("-o", "--output", default="-")
        fw_sub.add_parser("list", help="liệt kê các bộ tiêu chí")
        score = sub.add_parser("score", help="chấm điểm theo bộ tiêu chí")
        score.add_argument("--year", type=int, required=True)
        score.add_argument("--scope", choices=SCOPES, required=True)
        score.add_argument(
            "--values", default="", help="CSV unit,code,value thay cho giá trị đã lưu"
        )
        score.add_argument("--format", choices=["json", "table"], default="table")
        score.add_argument(
            "--all-units", action="store_true", help="cả đơn vị chưa tự đánh giá (0 điểm)"
        )
        dossier = sub.add_parser(
            "dossier", help="hồ sơ tự đánh giá gửi Bộ Nội vụ: export | build-pending"
        )
        d_sub = dossier.add_subparsers(dest="action", required=True)
        d_exp = d_sub.add_parser(
            "export", help="ghi tệp ZIP hồ sơ (thư mục theo tiêu chí, danh mục Excel, báo cáo Word)"
        )
        d_exp.add_argument("--year", type=int, required=True)
        d_exp.add_argument(
            "--framework", default="province", help="phạm vi (province) hoặc số hiệu bộ tiêu chí"
        )
        d_exp.add_argument("-o", "--output", required=True)
        d_exp.add_argument(
            "--as", dest="as_user", default="", help="chỉ đưa vào tệp người dùng này được tải"
        )
        d_sub.add_parser("build-pending", help="tạo các tệp ZIP đang chờ (chạy nền)")
        ex = sub.add_parser("load-examples", help="nạp bộ tiêu chí mẫu và kết quả công bố năm 2023")
        ex.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        verb = opts["verb"] + (f" {opts['action']}" if opts.get("action") else "")
        with acting_as(label=f"lệnh parsipas par {verb}"):
            name = "do_" + verb.replace("-", "_").replace(" ", "_")
            getattr(self, name)(opts)

    def _framework(self, year: int, scope: str) -> Framework:
        framework = Framework.objects.filter(year=year, scope=scope).first()
        if framework is None:
            raise CommandError(f"Chưa có bộ tiêu chí {Scope(scope).label.lower()} năm {year}.")
        return framework

    def do_framework_import(self, opts: dict[str, Any]) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp '{path}'.")
        try:
            with path.open("rb") as f:
                parsed = frameworks.read_file(f, path.name, opts["year"], opts["scope"])
            result = frameworks.save_framework(
                parsed,
                opts["year"],
                opts["scope"],
                source_name=path.name,
                title=opts["title"],
                illustrative=True if opts["illustrative"] else None,
            )
        except ImportRefused as exc:
            raise CommandError(
                "Không nhập được — chưa có gì thay đổi:\n" + "\n".join(exc.errors)
            ) from exc
        for warning in result.warnings:
            self.stderr.write(f"Lưu ý: {warning}")
        self.stdout.write(
            f"Đã nhập {result.framework}: {result.created} tiêu chí mới, {result.updated} cập nhật, "
            f"{result.deleted} bỏ; tổng điểm tối đa {plain(parsed.total)}."
        )

    def do_framework_export(self, opts: dict[str, Any]) -> None:
        data = write_csv(frameworks.rows_of(self._framework(opts["year"], opts["scope"])))
        if opts["output"] == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(opts["output"]).write_bytes(data)
            self.stdout.write(f"Đã ghi {opts['output']}")

    def do_framework_list(self, opts: dict[str, Any]) -> None:
        for fw in Framework.objects.order_by("-year", "scope"):
            mark = " (minh họa)" if fw.illustrative else ""
            self.stdout.write(
                f"{fw.year} {fw.scope:<9} {fw.criteria.count():>4} tiêu chí  {fw.title}{mark}"
            )

    def do_score(self, opts: dict[str, Any]) -> None:
        framework = self._framework(opts["year"], opts["scope"])
        overrides = None
        if opts["values"]:
            path = Path(opts["values"])
            if not path.is_file():
                raise CommandError(f"Không tìm thấy tệp '{path}'.")
            try:
                with path.open("rb") as f:
                    overrides = scorecard.read_values(f, path.name, framework)
            except ImportRefused as exc:
                raise CommandError("Tệp giá trị có lỗi:\n" + "\n".join(exc.errors)) from exc
        try:
            scored = scorecard.score_framework(framework, overrides, all_units=opts["all_units"])
        except ImportRefused as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        if opts["format"] == "json":
            self.stdout.write(
                json.dumps(scorecard.as_json(framework, scored), ensure_ascii=False, indent=2)
            )
            return
        for item, result in scored:
            percent = shown(result.percent)
            self.stdout.write(
                f"{result.rank or '-':>4}  {item.code:<32} {shown(result.points)!s:>8} / "
                f"{shown(result.max_points)!s:<8} {'' if percent is None else f'{percent}%'}"
            )

    def do_load_examples(self, opts: dict[str, Any]) -> None:
        for line in frameworks.load_examples(opts["year"]):
            self.stdout.write(line)

    def do_dossier_export(self, opts: dict[str, Any]) -> None:
        from parsipas.accounts.models import User
        from parsipas.par.dossier import service
        from parsipas.par.dossier.assembly import leaves

        spec = str(opts["framework"]).strip()
        query = Framework.objects.filter(year=opts["year"])
        framework = (
            query.filter(pk=int(spec)).first()
            if spec.isdigit()
            else query.filter(scope=spec).first()
        )
        if framework is None:
            raise CommandError(f"Không có bộ tiêu chí “{spec}” năm {opts['year']}.")
        user = None
        if opts["as_user"]:
            user = User.objects.filter(username=opts["as_user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{opts['as_user']}”.")
        try:
            snapshot = service.export_to_path(framework, opts["output"], user)
        except service.DossierError as exc:
            raise CommandError(str(exc)) from exc
        rows = leaves(snapshot)
        with_docs = sum(1 for r in rows if any(not i.get("excluded") for i in r["evidence"]))
        files = sum(1 for r in rows for i in r["evidence"] if i.get("path"))
        self.stdout.write(
            f"Đã ghi {opts['output']}: {len(rows)} tiêu chí, {with_docs} tiêu chí có tài liệu, {files} tệp."
        )

    def do_dossier_build_pending(self, opts: dict[str, Any]) -> None:
        from parsipas.par.dossier import service
        from parsipas.par.models import DossierExport

        for job in DossierExport.objects.filter(state=DossierExport.State.PENDING).order_by("pk"):
            job = service.run_export(job)
            self.stdout.write(
                f"ZIP {job.pk}: {job.get_state_display()} ({job.done}/{job.total} tệp)"
            )
