"""Readable, safe names inside the dossier's ZIP (pure).

A folder per criterion: "01_1.1 Thực hiện kế hoạch CCHC"; a file per document:
"1.1_123-QĐ-UBND_Ban hành kế hoạch CCHC năm 2026.pdf". Vietnamese letters are kept (NFC);
characters Windows or a ZIP reader refuse (/ \\ : * ? " < > | and control characters) become a
dash or go; names stay short; a clash in the same folder gets " (2)", " (3)"."""

from __future__ import annotations

import re
import unicodedata

FORBIDDEN = re.compile(r'[\\/:*?"<>|]')
RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}


def clean(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = FORBIDDEN.sub("-", text)
    text = " ".join(text.split()).strip(" .-")
    if len(text) > limit:
        cut = text[:limit]
        text = (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut).strip(" .-")
    if text.upper() in RESERVED:
        text = f"_{text}"
    return text


def folder(position: int, code: str, title: str) -> str:
    return f"{position:02d}_{clean(code, 20)} {clean(title, 50)}".strip()


def document(code: str, number: str, title: str, fallback: str, extension: str) -> str:
    parts = [clean(code, 20), clean(number, 40), clean(title or fallback, 60)]
    stem = "_".join(p for p in parts if p) or "tai-lieu"
    return f"{stem}.{extension}" if extension else stem


class Unique:
    """Names not yet used in one folder (compared without case, as Windows does)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, n = name, 1
        while candidate.casefold() in self.used:
            n += 1
            candidate = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
        self.used.add(candidate.casefold())
        return candidate
