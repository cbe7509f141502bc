"""Turn one raw cell into clean paragraphs.

Cells arrive as text extracted from a PDF (with HTML fragments and inline "- " bullets), as Word
paragraphs or as Excel lines. Whatever the form, a cell becomes a list of paragraphs, each marked
as a bullet or not, with HTML, odd spaces and invisible characters removed. What was removed is
reported as "cleanup kinds" so that the import can tell the admin once, not per cell.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from parsipas.lib.text import SENTENCE_END, nfc

CLEANUP_HTML = "html"
CLEANUP_SPACES = "spaces"
CLEANUP_INVISIBLE = "invisible"
CLEANUP_UNICODE = "unicode"

_BLOCK_TAG = re.compile(r"</?(?:p|div|ul|ol|br|tr|td|table|h\d)\b[^>]*>", re.I)
_LIST_ITEM_TAG = re.compile(r"<li\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\v\f]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_BULLET_START = re.compile(r"^\s*(?:[-–—•●▪◦*+]|\u2022)\s*")
# An inline "- " starts a new bullet after the end of a sentence, or before a capital letter
# ("... công vụ - Sở Nội vụ theo dõi"), never inside "kinh tế - xã hội" or "2021 - 2025".
_INLINE_DASH = re.compile(r"\s[-–•]\s+(?=\S)")


@dataclass(frozen=True)
class Para:
    text: str
    bullet: bool = False


def _strip_html(text: str, kinds: set[str]) -> str:
    if not _ANY_TAG.search(text) and "&" not in text:
        return text
    stripped = _LIST_ITEM_TAG.sub("\n- ", text)
    stripped = _BLOCK_TAG.sub("\n", stripped)
    stripped = _ANY_TAG.sub("", stripped)
    stripped = html.unescape(stripped)
    if stripped != text:
        kinds.add(CLEANUP_HTML)
    return stripped


def _fix_characters(text: str, kinds: set[str]) -> str:
    normalized = nfc(text)
    if normalized != text:
        kinds.add(CLEANUP_UNICODE)
    without_invisible = _INVISIBLE.sub("", normalized)
    if without_invisible != normalized:
        kinds.add(CLEANUP_INVISIBLE)
    spaced = _ODD_SPACES.sub(" ", without_invisible)
    if spaced != without_invisible and "\t" not in without_invisible:
        kinds.add(CLEANUP_SPACES)
    return spaced


def tidy_spaces(line: str) -> str:
    """One space between words, none before ',.;:)' nor after '('."""
    line = re.sub(r" {2,}", " ", line.strip())
    line = re.sub(r" +([,.;:!?)])", r"\1", line)
    return re.sub(r"\( +", "(", line)


def _split_inline_bullets(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _INLINE_DASH.finditer(line):
        before = line[start : match.start()].rstrip()
        following = line[match.end()]
        if not before:
            continue
        if before[-1] in SENTENCE_END or (following.isupper() and not before[-1].isdigit()):
            pieces.append(line[start : match.start()])
            start = match.start() + 1
    pieces.append(line[start:])
    return pieces


def _para(piece: str) -> Para | None:
    marker = _BULLET_START.match(piece)
    text = tidy_spaces(piece[marker.end() :] if marker else piece)
    if not text:
        return None
    return Para(text, bullet=bool(marker))


def clean_cell(raw: str, kinds: set[str], split_bullets: bool = False) -> list[Para]:
    """The paragraphs of a cell; `kinds` collects what had to be cleaned."""
    if raw.strip() and raw != raw.strip():
        kinds.add(CLEANUP_SPACES)
    text = _fix_characters(_strip_html(raw, kinds), kinds)
    paras: list[Para] = []
    for line in re.split(r"\r\n|\r|\n", text):
        if re.search(r"\S {2,}\S|\s[,.;:)]", line.strip()):
            kinds.add(CLEANUP_SPACES)
        pieces = _split_inline_bullets(line) if split_bullets else [line]
        paras.extend(p for p in map(_para, pieces) if p is not None)
    return paras


def cell_text(raw: str) -> str:
    """A cell as one line of text, for header matching and codes."""
    return " ".join(p.text for p in clean_cell(raw, set()))
