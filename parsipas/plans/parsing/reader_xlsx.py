"""Excel (.xlsx): the first sheet whose first 15 rows hold the header.

openpyxl's read-only mode streams big sheets but does not expose merged cells, so the merge
ranges are read from the sheet's XML directly: a vertically merged lead cell ("Sở Nội vụ" over
1.1–1.3) must give its value to every row it spans.
"""

from __future__ import annotations

import datetime
import posixpath
import zipfile
from itertools import pairwise

from openpyxl.utils import range_boundaries

from parsipas.lib import safefiles

from .header import combine_header_rows, match_header
from .source import SourceRow, SourceTable

HEADER_SEARCH_ROWS = 15

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_paths(archive: zipfile.ZipFile, filename: str) -> dict[str, str]:
    """Sheet title -> path of its XML part inside the package."""
    workbook = safefiles.parse_part(archive, "xl/workbook.xml", filename)
    rels = safefiles.parse_part(archive, "xl/_rels/workbook.xml.rels", filename)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        paths[sheet.get("name", "")] = posixpath.normpath(path)
    return paths


def _vertical_merges(
    archive: zipfile.ZipFile, path: str, filename: str
) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of the merges spanning several rows."""
    merges: list[tuple[int, int, int, int]] = []
    for _, element in safefiles.iterparse_part(archive, path, filename):
        if element.tag == f"{_MAIN}mergeCell":
            try:
                first_col, first_row, last_col, last_row = range_boundaries(element.get("ref", ""))
            except (ValueError, TypeError):
                continue  # a malformed merge range: the cells keep their own text
            if first_col and last_col and first_row and last_row and last_row > first_row:
                merges.append((first_col, first_row, last_col, last_row))
        elif element.tag == f"{_MAIN}row":
            element.clear()  # rows can be many: keep memory flat
    return merges


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _fill_merges(
    grid: list[list[str]], merges: list[tuple[int, int, int, int]]
) -> dict[int, set[int]]:
    """Copy each vertical merge's value down; return row index -> merged-above columns."""
    merged_above: dict[int, set[int]] = {}
    for min_col, min_row, _max_col, max_row in merges:
        column = min_col - 1
        if min_row - 1 >= len(grid):
            continue
        top = grid[min_row - 1]
        value = top[column] if column < len(top) else ""
        for row_index in range(min_row, min(max_row, len(grid))):
            row = grid[row_index]
            row.extend([""] * (column + 1 - len(row)))
            row[column] = value
            merged_above.setdefault(row_index, set()).add(column)
    return merged_above


def _has_header(grid: list[list[str]]) -> bool:
    first = grid[:HEADER_SEARCH_ROWS]
    return any(match_header(r) for r in first) or any(
        match_header(combine_header_rows(a, b)) for a, b in pairwise(first)
    )


def read_xlsx_table(data: bytes, filename: str, limits: safefiles.Limits) -> SourceTable:
    workbook = safefiles.open_workbook(data, filename, limits)
    deadline = limits.deadline()
    try:
        with safefiles.check_package(data, filename, "xlsx", limits) as archive:
            paths = _sheet_paths(archive, filename)
            for sheet in workbook.worksheets:
                grid: list[list[str]] = []
                numbers: list[frozenset[int]] = []
                # Trust the cells, not the size the writing program declared.
                for _, values in safefiles.sheet_rows(sheet, filename, limits, deadline):
                    grid.append([_cell_text(v) for v in values])
                    numbers.append(
                        frozenset(i for i, v in enumerate(values) if isinstance(v, int | float))
                    )
                if not _has_header(grid):
                    continue
                path = paths.get(sheet.title)
                merges = _vertical_merges(archive, path, filename) if path else []
                merged_above = _fill_merges(grid, merges)
                rows = [
                    SourceRow(
                        number,
                        f"hàng {number}",
                        cells,
                        number_cells=numbers[number - 1],
                        merged_above=frozenset(merged_above.get(number - 1, ())),
                    )
                    for number, cells in enumerate(grid, start=1)
                ]
                return SourceTable("xlsx", rows, header_search_limit=HEADER_SEARCH_ROWS)
    finally:
        workbook.close()
    # No sheet has the header: let the common code report it on the first sheet.
    return SourceTable("xlsx", [], header_search_limit=HEADER_SEARCH_ROWS)
