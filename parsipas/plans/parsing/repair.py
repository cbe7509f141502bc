"""Repairs of the text: page-break joins, bullets, typos.

A PDF page break cuts a row in two. The extracted text then repeats the tail of the first part at
the head of the second ("đơn vị" + "vị, địa phương"), or closes a parenthesis too early ("(đánh
giá ... HĐND tỉnh)" + "và lãnh đạo ... cấp xã)"). These are undone here; every change is returned
so the import can report it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsipas.lib.text import ends_sentence, starts_upper

from .cleaning import Para

# The longest run of words a page break repeats that we still recognise as a repeat.
_MAX_OVERLAP_WORDS = 12


@dataclass(frozen=True)
class Join:
    text: str
    overlap: str = ""  # the repeated words that were dropped
    moved_paren: bool = False  # a ")" closed before the page break was dropped
    at: int = 0  # index of the first word after the join point

    def around_join(self, width: int = 6) -> str:
        words = self.text.split()
        start, end = max(0, self.at - width), self.at + width
        shown = " ".join(words[start:end])
        return ("…" if start else "") + shown + ("…" if end < len(words) else "")


def _word_key(word: str) -> str:
    return "".join(ch for ch in word.casefold() if ch.isalnum())


def _drop_early_paren(before: str, after: str) -> tuple[str, bool]:
    """'(... HĐND tỉnh)' + 'và lãnh đạo ... cấp xã)': the first ')' came too early."""
    stripped = before.rstrip()
    if not stripped.endswith(")") or stripped.count("(") != stripped.count(")"):
        return before, False
    if after.count(")") <= after.count("("):
        return before, False
    return stripped[:-1].rstrip(), True


def _overlap_length(before_words: list[str], after_words: list[str]) -> int:
    longest = min(len(before_words), len(after_words), _MAX_OVERLAP_WORDS)
    for length in range(longest, 0, -1):
        tail = [_word_key(w) for w in before_words[-length:]]
        head = [_word_key(w) for w in after_words[:length]]
        if tail == head and all(tail):
            return length
    return 0


def join_fragments(before: str, after: str) -> Join:
    """Join the two parts of a cell cut by a page break."""
    before, moved_paren = _drop_early_paren(before, after)
    before_words, after_words = before.split(), after.split()
    overlap = _overlap_length(before_words, after_words)
    if overlap:
        kept = before_words[:-overlap]
        repeated = " ".join(after_words[:overlap]).strip(",;:.")
        return Join(" ".join(kept + after_words), repeated, moved_paren, len(kept))
    return Join(" ".join(before_words + after_words), "", moved_paren, len(before_words))


def content_items(paras: list[Para]) -> list[str]:
    """Bullets of a content cell; a wrapped line (unfinished sentence, then a lower-case start)
    joins the line above; anything else is an item of its own."""
    items: list[str] = []
    for para in paras:
        wrapped = para.text[:1].islower() and not ends_sentence(items[-1]) if items else False
        if not para.bullet and wrapped:
            items[-1] = f"{items[-1]} {para.text}"
        else:
            items.append(para.text)
    return items


def render_content(items: list[str]) -> str:
    """One paragraph as is; several as one '- ' bullet per line (the display form)."""
    if len(items) == 1:
        return items[0]
    return "\n".join(f"- {item}" for item in items)


def join_plain(paras: list[Para]) -> str:
    return " ".join(p.text for p in paras)


def join_agency_paras(paras: list[Para]) -> str:
    """Paragraphs of an agency cell: separate names get a ';', a wrapped name a space."""
    text = ""
    for para in paras:
        if not text:
            text = para.text
        elif starts_upper(para.text) and not re.search(r"([,;]|\bvà|\bcác)$", text):
            text = f"{text}; {para.text}"
        else:
            text = f"{text} {para.text}"
    return text


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    replacement: str  # a re.sub template; for doubts, the note
    kind: str


# Known slips of the 2026 appendices and of the PAR vocabulary. Each repair keeps the case of
# the first letter it replaces.
_TYPOS = (
    _Rule(re.compile(r"\bcche\b", re.I), "CCHC", "typo"),
    _Rule(re.compile(r"\b([Pp])hân (?:đấu|đầu)\b"), r"\1hấn đấu", "typo"),
    _Rule(re.compile(r"\b([Đđ])ề xảy ra\b"), r"\1ể xảy ra", "typo"),
    _Rule(re.compile(r"\b(chính quyền điện)(?!\s*tử)\b", re.I), r"\1 tử", "typo"),
    # "thực hiện thực hiện": a phrase of two to four words written twice in a row.
    _Rule(re.compile(r"\b(\w+(?:\s+\w+){1,3})\s+\1\b", re.I), r"\1", "doubled"),
)
_DOUBTS = (
    _Rule(re.compile(r"\bnhững nhiều\b", re.I), "có thể là «nhũng nhiễu»", "doubt"),
    _Rule(re.compile(r"\bgiữa tại\b", re.I), "có thể thiếu từ giữa «giữa» và «tại»", "doubt"),
)


def fix_typos(text: str) -> tuple[str, list[str]]:
    """The repaired text and a Vietnamese note for each repair."""
    notes: list[str] = []
    for rule in _TYPOS:

        def replace(match: re.Match[str], rule: _Rule = rule) -> str:
            fixed = match.expand(rule.replacement)
            if rule.kind == "doubled":
                notes.append(f"Bỏ cụm từ bị lặp: «{match.group(0)}» → «{fixed}»")
            else:
                notes.append(f"Sửa lỗi chính tả: «{match.group(0)}» → «{fixed}»")
            return fixed

        text = rule.pattern.sub(replace, text)
    return text, notes


def text_doubts(text: str) -> list[str]:
    notes = [
        f"«{m.group(0)}»: {rule.replacement}."
        for rule in _DOUBTS
        for m in rule.pattern.finditer(text)
    ]
    if text.count("(") != text.count(")"):
        notes.append("Dấu ngoặc đơn không cân đối: có thể thiếu «(» hoặc «)».")
    return notes
