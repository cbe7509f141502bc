"""Small text helpers for Vietnamese: folding for comparison, ASCII slugs for codes."""

from __future__ import annotations

import re
import unicodedata


def strip_diacritics(text: str) -> str:
    # đ/Đ are letters of their own, not a d with a mark: NFKD does not decompose them.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced: for matching names and headers."""
    return re.sub(r"\s+", " ", strip_diacritics(text).lower()).strip()


def slug(text: str, sep: str = "-") -> str:
    """'Phường Buôn Ma Thuột' -> 'phuong-buon-ma-thuot'."""
    return re.sub(r"[^a-z0-9]+", sep, fold(text)).strip(sep)


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
