"""A corpus of hostile and broken uploads, built from a real file of the importer at hand.

Each case starts from a file that the importer would accept (its own headers and a row), then
breaks it the way an attacker or an unlucky clerk would. The cases are small to store (a zip
bomb is a few hundred kilobytes) so that the whole corpus runs through every importer.
"""

from __future__ import annotations

import functools
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import openpyxl
from django.apps import apps
from django.db import connection

BOMB_BYTES = 30 * 1024 * 1024  # inflated size of the bomb's part; compresses about 1000:1

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def workbook(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A workbook as Excel writes it: text in a shared-strings part (openpyxl writes inline
    strings, so they are moved there)."""
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return _shared_strings(out.getvalue())


_INLINE = re.compile(
    r'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>'
)
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _shared_strings(data: bytes) -> bytes:
    members = _members(data)
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match.group(3))
        return f'<c r="{match.group(1)}"{match.group(2) or ""} t="s"><v>{len(strings) - 1}</v></c>'

    members["xl/worksheets/sheet1.xml"] = _INLINE.sub(shared, sheet).encode()
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    members["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    types = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = types.replace(
        "</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/></Types>',
    ).encode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    members["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdSst" Type="{_SST_REL}" Target="sharedStrings.xml"/></Relationships>',
    ).encode()
    return _zip(members)


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = [",".join(headers)] + [",".join(str(c) for c in row) for row in rows]
    return "\n".join(lines) + "\n"


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _replace(data: bytes, name: str, change: Callable[[bytes], bytes | None]) -> bytes:
    members = _members(data)
    new = change(members[name])
    if new is None:
        del members[name]
    else:
        members[name] = new
    return _zip(members)


def _with_dtd(xml: bytes, dtd: str, entity: str) -> bytes:
    body = xml.decode("utf-8")
    if body.startswith("<?xml"):
        body = body[body.index("?>") + 2 :].lstrip()
    # The entity is used inside the first text-bearing element we find.
    for tag in ("<t>", "<t ", "<v>", "<w:t>", "<w:t "):
        at = body.find(tag)
        if at >= 0:
            close = body.index(">", at) + 1
            body = body[:close] + entity + body[close:]
            break
    return (dtd + body).encode("utf-8")


def _bomb(data: bytes, part: str) -> bytes:
    members = _members(data)
    xml = members[part].decode("utf-8")
    # Whitespace inside the root element: valid XML that inflates enormously.
    cut = xml.rindex("</")
    members[part] = (xml[:cut] + " " * BOMB_BYTES + xml[cut:]).encode("utf-8")
    return _zip(members)


def xlsx_cases(good: bytes) -> Iterator[tuple[str, bytes]]:
    """Broken versions of a good .xlsx."""
    sheet = "xl/worksheets/sheet1.xml"
    strings = "xl/sharedStrings.xml"
    yield "truncated.xlsx", good[: len(good) // 2]
    yield "broken-sheet-xml.xlsx", _replace(good, sheet, lambda x: x[: len(x) // 2])
    yield "missing-sheet.xlsx", _replace(good, sheet, lambda x: None)
    yield "missing-workbook.xlsx", _replace(good, "xl/workbook.xml", lambda x: None)
    yield "billion-laughs.xlsx", _replace(good, sheet, lambda x: _with_dtd(x, BILLION_LAUGHS, ""))
    yield "xxe.xlsx", _replace(good, sheet, lambda x: _with_dtd(x, XXE, "&xxe;"))
    yield "zip-bomb.xlsx", _bomb(good, sheet)
    if strings in _members(good):
        yield (
            "strings-billion-laughs.xlsx",
            _replace(good, strings, lambda x: _with_dtd(x, BILLION_LAUGHS, "&lol9;")),
        )
        yield "strings-truncated.xlsx", _replace(good, strings, lambda x: x[: len(x) * 2 // 3])
        yield "strings-missing.xlsx", _replace(good, strings, lambda x: None)
        yield "strings-one-lost.xlsx", _replace(good, strings, _drop_first_string)


def with_huge_dimension(good: bytes) -> bytes:
    """A valid workbook declaring the whole sheet (16,384 columns × 1,048,576 rows) as used."""
    sheet = "xl/worksheets/sheet1.xml"
    return _replace(
        good,
        sheet,
        lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x),
    )


def _drop_first_string(xml: bytes) -> bytes:
    start = xml.index(b"<si>")
    end = xml.index(b"</si>", start) + len(b"</si>")
    return xml[:start] + xml[end:]


def docx_cases(good: bytes) -> Iterator[tuple[str, bytes]]:
    part = "word/document.xml"
    yield "truncated.docx", good[: len(good) // 2]
    yield "broken-document-xml.docx", _replace(good, part, lambda x: x[: len(x) // 2])
    yield "billion-laughs.docx", _replace(good, part, lambda x: _with_dtd(x, BILLION_LAUGHS, ""))
    yield "xxe.docx", _replace(good, part, lambda x: _with_dtd(x, XXE, "&xxe;"))
    yield "zip-bomb.docx", _bomb(good, part)
    yield "missing-content-types.docx", _replace(good, "[Content_Types].xml", lambda x: None)


def text_cases(headers: Sequence[str], row: Sequence[object]) -> Iterator[tuple[str, bytes]]:
    """Broken CSV versions of a good file with `headers` and one good `row`."""
    good = csv_text(headers, [row])
    lines = good.splitlines()
    yield "empty.csv", b""
    yield "binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    yield "header-only-bom.csv", ("\ufeff" + lines[0] + "\r\n").encode()
    yield "extra-columns.csv", (good + ",".join(str(c) for c in row) + ",thừa,thừa\n").encode()
    yield "cut-mid-row.csv", (good + ",".join(str(c) for c in row)[: len(lines[1]) // 3]).encode()
    huge = "x" * 200_000
    yield "huge-cell.csv", (good + ",".join([huge] * len(headers)) + "\n").encode()
    yield (
        "latin1.csv",
        (lines[0] + "\nHà Tĩnh," + ",".join(["é"] * (len(headers) - 1))).encode(
            "latin-1", "replace"
        ),
    )
    yield "nul-bytes.csv", (good + "a\x00b," * len(headers) + "\n").encode()
    yield "unclosed-quote.csv", (good + '"' + "a," * len(headers) + "\n").encode()
    yield "zip-not-office.xlsx", _zip({"hello.txt": b"hello"})


@functools.cache
def corpus_for_table(headers: tuple[str, ...], row: tuple[object, ...]) -> list[tuple[str, bytes]]:
    """Every hostile case for a CSV/XLSX importer whose good file is headers + row."""
    good = workbook(headers, [row, row])
    return [*text_cases(headers, row), *xlsx_cases(good)]


HANG_SECONDS = 15  # a refused file answers in well under a second; this only catches a hang


def snapshot(labels: tuple[str, ...]) -> tuple[dict[str, int], dict[str, list[tuple[Any, ...]]]]:
    """(row count of every table, every row of the importer's tables)."""
    counts = {}
    dumps = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
            if model._meta.app_label in labels:
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
                dumps[table] = cursor.fetchall()
    return counts, dumps


def feed(
    cases: list[tuple[str, bytes]], labels: tuple[str, ...], refuse: Callable[[str, bytes], str]
) -> None:
    """Each case through `refuse` (which returns the failure, or '' when the file was
    refused properly); then the database must be as before. All failures are listed."""
    failures = []
    for name, data in cases:
        before = snapshot(labels)
        started = time.monotonic()
        failure = refuse(name, data)
        if time.monotonic() - started > HANG_SECONDS:
            failure = f"took {time.monotonic() - started:.0f} s"
        if snapshot(labels) != before:
            failure += " — the database changed"
        if failure:
            failures.append(f"{name}: {failure}")
    assert not failures, "\n".join(failures)
