"""Small text helpers for Vietnamese: folding and match keys for comparison (never for display),
ASCII slugs for codes, and the sentence tests the plan parser uses."""

from __future__ import annotations

import re
import unicodedata

# Old-style ("hòa", "thủy") and new-style ("hoà", "thuỷ") tone placement are both in use in
# official documents; matching keys use the new style so that both spellings meet.


def _old_to_new_tone_placement() -> dict[str, str]:
    """'òa' -> 'oà', 'úy' -> 'uý', ...: the mark moves from the first vowel to the second."""
    table: dict[str, str] = {}
    for marked_vowels, base, seconds in (("òóỏõọ", "o", "ae"), ("ùúủũụ", "u", "y")):
        for vowel in marked_vowels:
            mark = unicodedata.normalize("NFD", vowel)[1]
            for second in seconds:
                table[vowel + second] = base + unicodedata.normalize("NFC", second + mark)
    return table


_OLD_TO_NEW = _old_to_new_tone_placement()
_OLD_STYLE = re.compile("|".join(sorted(_OLD_TO_NEW, key=len, reverse=True)))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    # đ/Đ are letters of their own, not a d with a mark: NFKD does not decompose them.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced: for matching names and headers."""
    return re.sub(r"\s+", " ", strip_diacritics(text).lower()).strip()


def match_key(text: str) -> str:
    """Case-, whitespace- and tone-placement-insensitive key that keeps the diacritics."""
    text = nfc(text).casefold()
    text = _OLD_STYLE.sub(lambda m: _OLD_TO_NEW[m.group(0)], text)
    return re.sub(r"\s+", " ", text).strip()


def slug(text: str, sep: str = "-") -> str:
    """'Phường Buôn Ma Thuột' -> 'phuong-buon-ma-thuot'."""
    return re.sub(r"[^a-z0-9]+", sep, fold(text)).strip(sep)


def normalize_space(text: str) -> str:
    """Runs of whitespace (no-break spaces too) become one space; the ends are trimmed."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def starts_upper(text: str) -> bool:
    stripped = text.lstrip(" -–•+*(\"'")
    return bool(stripped) and stripped[0].isupper()


SENTENCE_END = ".;:!?…"


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple(SENTENCE_END))
