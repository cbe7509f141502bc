"""The plan's title and year, from the lines above the table."""

from __future__ import annotations

import re
from collections import Counter

from parsipas.lib.text import fold, normalize_space

# Lines of the state document layout that are not the title.
_NOT_TITLE = re.compile(
    r"^(?:phu luc\b|cong hoa xa hoi|doc lap\b|uy ban nhan dan|ubnd\b|so:|so\s*\d*\s*/|"
    r"kt\.|tm\.|noi nhan|chu tich|.*\bngay\b.*\bthang\b.*\bnam\b)"
)
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.I)


def _is_title_candidate(line: str) -> bool:
    folded = fold(line)
    return bool(folded) and not line.startswith("(") and not _NOT_TITLE.match(folded)


def find_title(lines: list[str]) -> str:
    """The first line that is a title; a title wrapped over lines runs until its year."""
    parts: list[str] = []
    for line in (normalize_space(x) for x in lines):
        if parts:
            if not _is_title_candidate(line) or _YEAR.search(" ".join(parts)):
                break
            parts.append(line)
        elif _is_title_candidate(line):
            parts.append(line)
    return " ".join(parts)


def _years(texts: list[str]) -> list[int]:
    years = [int(y) for text in texts for y in _YEAR.findall(text)]
    return years + [int(y) for text in texts for y in re.findall(r"/((?:19|20)\d{2})\b", text)]


def find_year(title: str, lines: list[str], deadlines: list[str]) -> int | None:
    """The title's year; else the year most named above the table, else in the deadlines."""
    for texts in ([title], lines, deadlines):
        years = _years(texts)
        if years:
            return Counter(years).most_common(1)[0][0]
    return None
