"""Every importer, fed every hostile file, through the command line and the web upload.

For each (importer, file): no crash (a CommandError or an HTTP 400 with a Vietnamese message,
never a traceback or a 500), no hang (the safe opener refuses a bomb before inflating it) and
no partial write (every table's row count, and a dump of the importer's tables, equal before
and after).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from parsipas.dossiers.ingest.generate import HEADER as DOSSIER_HEADER
from parsipas.lib.tests import hostile
from parsipas.plans.parsing import read_plan, write_docx, write_xlsx
from parsipas.sipas.defaults import load_default_instrument

SEED = Path(__file__).resolve().parents[3] / "data" / "plans" / "daklak-2026.txt"


@dataclass(frozen=True)
class Importer:
    name: str
    headers: list[str]
    row: Sequence[object]
    command: Callable[[str], list[str]]
    url: str
    form: dict[str, str]
    tables: tuple[str, ...]  # app labels whose tables the import writes


IMPORTERS = [
    Importer(
        "units",
        ["code", "name", "kind"],
        ["x-moi", "Đơn vị mới", "agency"],
        lambda path: ["units", "import", path],
        "/don-vi/nhap/",
        {},
        ("units", "audit"),
    ),
    Importer(
        "dossiers",
        DOSSIER_HEADER,
        ["HS-1", "stp", "1.001234", "02/03/2026 08:00:00", "", "", "0", "Trực tiếp"]
        + ["0"] * 8
        + [""],
        lambda path: ["dossiers", "import", path],
        "/ho-so/nhap/",
        {},
        ("dossiers", "audit"),
    ),
    Importer(
        "sipas",
        ["respondent_id", "unit_code", "submitted_at", "E1.1"],
        ["r1", "stp", "2026-03-02 09:00", "5"],
        lambda path: ["sipas", "import", path],
        "/sipas/nhap/",
        {"source": ""},
        ("sipas", "audit"),
    ),
    Importer(
        "par-framework",
        ["code", "title", "max_points", "method"],
        ["1", "Tiêu chí", "100", "binary"],
        lambda path: ["par", "framework", "import", path, "--year", "2026", "--scope", "agency"],
        "/par/bo-tieu-chi/nhap/",
        {"year": "2026", "scope": "agency", "title": ""},
        ("par", "audit"),
    ),
]


@pytest.fixture
def world(people: dict[str, Any]) -> dict[str, Any]:
    load_default_instrument()
    return people


@pytest.mark.parametrize("importer", IMPORTERS, ids=[i.name for i in IMPORTERS])
def test_hostile_files_are_refused_on_the_command_line_and_nothing_changes(
    world: dict[str, Any], tmp_path: Path, importer: Importer
) -> None:
    def refuse(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        try:
            call_command(*importer.command(str(path)))
        except CommandError as refused:
            message = str(refused)
            return (
                "" if message.strip() and "Traceback" not in message else f"bad message {message!r}"
            )
        return "accepted"

    hostile.feed(
        hostile.corpus_for_table(tuple(importer.headers), tuple(importer.row)),
        importer.tables,
        refuse,
    )


@pytest.mark.parametrize("importer", IMPORTERS, ids=[i.name for i in IMPORTERS])
def test_hostile_files_are_refused_on_the_web_with_400_and_nothing_changes(
    world: dict[str, Any], login: Any, importer: Importer
) -> None:
    client = login(world["admin"])

    def refuse(name: str, data: bytes) -> str:
        upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        response = client.post(importer.url, {**importer.form, "file": upload})
        if response.status_code != 400:
            return f"HTTP {response.status_code}"
        page = response.content.decode()
        return "" if "Tệp" in page or "Dòng" in page or "dòng" in page else "no message"

    hostile.feed(
        hostile.corpus_for_table(tuple(importer.headers), tuple(importer.row)),
        importer.tables,
        refuse,
    )


def _plan_corpus() -> list[tuple[str, bytes]]:
    parsed = read_plan(SEED.read_bytes(), SEED.name)
    return [
        *hostile.docx_cases(write_docx(parsed)),
        *hostile.xlsx_cases(write_xlsx(parsed)),
        ("empty.txt", b""),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8),
        ("utf16-broken.txt", b"\xff\xfe" + "Phụ lục".encode("utf-16-le") + b"\x00\xd8"),
    ]


def test_hostile_plan_files_are_refused_everywhere_and_nothing_changes(
    world: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    client = login(world["admin"])

    def refuse(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        try:
            call_command("plan", "import", str(path), "--year", "2026")
        except CommandError as refused:
            if "không" not in str(refused):
                return f"bad message {refused}"
        else:
            return "accepted on the command line"
        upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        response = client.post("/ke-hoach/nhap/", {"file": upload, "year": "2026"})
        return "" if response.status_code == 400 else f"HTTP {response.status_code}"

    hostile.feed(_plan_corpus(), ("plans", "audit"), refuse)
