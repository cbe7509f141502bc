"""Which stored target is which target of a re-imported criterion: by text, never by position.

Units report a figure against a target. When the appendix is imported again, a bullet may have
been removed, added, reworded or moved; matching by position would hand one target's figures
to another. A target is matched first by its key (its text folded: case, diacritics, spaces
and bullet marks do not count), then, among those left, by the most similar text (a reworded
figure, "95%" → "98%") if it is similar enough; what is left over was added or has gone.
Pure: no database.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsipas.lib.text import fold

SIMILAR_ENOUGH = 0.6  # difflib ratio of the folded texts for a reworded target

KEPT, MOVED, CHANGED, ADDED, GONE = "kept", "moved", "changed", "added", "gone"
KIND_LABELS = {
    MOVED: "chuyển vị trí",
    CHANGED: "đổi nội dung",
    ADDED: "thêm mới",
    GONE: "bỏ",
}


def target_key(text: str) -> str:
    """The stable key of a target: its text without case, diacritics, spacing or bullet."""
    return re.sub(r"\s+", " ", fold(text)).strip(" -•+*.;:")


@dataclass(frozen=True)
class Match:
    kind: str  # kept, moved, changed, added, gone
    old: int | None  # position among the stored targets
    new: int | None  # position among the file's targets


def match_targets(
    old: Sequence[tuple[str, tuple[object, ...]]], new: Sequence[tuple[str, tuple[object, ...]]]
) -> list[Match]:
    """Pair stored and incoming targets, each given as (text, signature of op/value/unit).

    Returns one Match per stored target and per incoming target, in the file's order, then
    the gone ones in their stored order.
    """
    old_keys = [target_key(text) for text, _ in old]
    new_keys = [target_key(text) for text, _ in new]
    pairs: dict[int, int] = {}  # new position -> old position
    free_old = list(range(len(old)))
    for n, key in enumerate(new_keys):
        for o in free_old:
            if old_keys[o] == key:
                pairs[n] = o
                free_old.remove(o)
                break
    candidates = sorted(
        (
            (difflib.SequenceMatcher(None, old_keys[o], new_keys[n]).ratio(), n, o)
            for n in range(len(new))
            if n not in pairs
            for o in free_old
        ),
        reverse=True,
    )
    for ratio, n, o in candidates:
        if ratio < SIMILAR_ENOUGH:
            break
        if n in pairs or o not in free_old:
            continue
        pairs[n] = o
        free_old.remove(o)
    matches = []
    for n in range(len(new)):
        paired = pairs.get(n)
        if paired is None:
            matches.append(Match(ADDED, None, n))
        elif old_keys[paired] != new_keys[n] or old[paired][1] != new[n][1]:
            matches.append(Match(CHANGED, paired, n))  # spacing, case or a bullet mark is no change
        elif _moved(paired, n, pairs):
            matches.append(Match(MOVED, paired, n))
        else:
            matches.append(Match(KEPT, paired, n))
    matches += [Match(GONE, o, None) for o in free_old]
    return matches


def _moved(o: int, n: int, pairs: dict[int, int]) -> bool:
    """Moved: its rank among the targets that stay differs (a removed bullet above it does
    not move it; two bullets swapped do)."""
    kept_old = sorted(pairs.values())
    kept_new = sorted(pairs)
    return kept_old.index(o) != kept_new.index(n)
