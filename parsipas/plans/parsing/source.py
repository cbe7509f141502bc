"""What every reader produces: the rows of the table as raw cell texts, with their places.

Readers know their form (text lines, Word tables, Excel sheets) and nothing about the plan; the
rest of the import works on these rows alone, which is why the three forms give the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Form = Literal["text", "docx", "xlsx"]


@dataclass(frozen=True)
class SourceRow:
    number: int  # line number (text), row number (xlsx) or row of the table (docx)
    location: str  # "dòng 12", "hàng 12", "bảng 1, hàng 5"
    cells: list[str]
    # Cells whose value Excel stored as a number ("7.10" typed as 7.1 loses its zero).
    number_cells: frozenset[int] = frozenset()
    # Cells that are the lower part of a vertically merged cell: same content as the row above.
    merged_above: frozenset[int] = frozenset()
    # A line of text outside the table grid (no tab in it).
    free_text: bool = False


@dataclass
class SourceTable:
    form: Form
    rows: list[SourceRow]
    preamble: list[str] = field(default_factory=list)  # text above the table (title ...)
    header_search_limit: int | None = None  # xlsx: the header is within the first rows
