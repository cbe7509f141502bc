"""Text extracted from the signed PDF: one table row per line, cells separated by tabs."""

from __future__ import annotations

import re

from .source import SourceRow, SourceTable


def read_text_table(text: str) -> SourceTable:
    rows = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        location = f"dòng {number}"
        if "\t" in line:
            rows.append(SourceRow(number, location, line.split("\t")))
        else:
            rows.append(SourceRow(number, location, [line], free_text=True))
    return SourceTable("text", rows)
