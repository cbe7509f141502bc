"""`parsipas dialogues figures --year Y`: the dialogues of criterion 1.7 and their proposals."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from parsipas.petitions.figures import dialogue_figures


class Command(BaseCommand):
    help = "Số cuộc đối thoại, đề xuất và số đề xuất đã trả lời trong năm."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        f = sub.add_parser("figures")
        f.add_argument("--year", type=int, required=True)
        f.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **o: Any) -> None:
        fig = dialogue_figures(o["year"])
        if o["format"] == "json":
            self.stdout.write(json.dumps(fig.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"{fig.dialogues} cuộc đối thoại, {fig.proposals} đề xuất, {fig.answered} đã trả lời."
            )
