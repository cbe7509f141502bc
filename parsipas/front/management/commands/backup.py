"""`parsipas backup create|restore|verify ARCHIVE`: the database and every stored file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parsipas.front import backup


class Command(BaseCommand):
    help = "Sao lưu và khôi phục cơ sở dữ liệu cùng toàn bộ tệp đã lưu (tài liệu kiểm chứng…)."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True)
        for verb, text in (
            ("create", "ghi bản sao lưu vào tệp .tar"),
            ("restore", "khôi phục vào cơ sở dữ liệu và thư mục tệp trống, rồi kiểm tra"),
            ("verify", "so sánh dữ liệu đang chạy với bản sao lưu (từng bảng, từng tệp)"),
        ):
            sub = verbs.add_parser(verb, help=text)
            sub.add_argument("archive", type=Path)

    def handle(self, *args: Any, **opts: Any) -> None:
        archive: Path = opts["archive"]
        try:
            if opts["verb"] == "create":
                manifest = backup.create(archive)
                self.stdout.write(
                    f"Đã sao lưu {len(manifest.tables)} bảng và {len(manifest.files)} tệp vào {archive}."
                )
                return
            if not archive.exists():
                raise CommandError(f"Không có tệp {archive}.")
            manifest = (
                backup.restore(archive)
                if opts["verb"] == "restore"
                else backup.read_manifest(archive)
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        problems = backup.verify(manifest)
        if problems:
            raise CommandError("Không khớp bản sao lưu:\n" + "\n".join(problems))
        verb = "Đã khôi phục" if opts["verb"] == "restore" else "Khớp bản sao lưu"
        self.stdout.write(
            f"{verb}: {len(manifest.tables)} bảng và {len(manifest.files)} tệp giống hệt ({manifest.created_at})."
        )
