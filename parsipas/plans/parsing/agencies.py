"""Agency phrases of the plan ("Sở Nội vụ, Văn phòng UBND tỉnh và các cơ quan có liên quan").

The cells name agencies, groups of units and "the related ones", separated by ",", ";" and "và" —
but commas and "và" also occur inside names ("Sở Văn hóa, Thể thao và Du lịch") and groups
("Các cơ quan, đơn vị, địa phương"). So known phrases are matched first, longest first, on word
tokens; only what is left is split, and only where the next piece looks like the start of an
agency's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from parsipas.lib.text import match_key

from .model import AgencyRef

# The provincial agencies of the registry (Đắk Lắk, after the 2025 reorganisation), with the
# spellings the plans use for them. Another province passes its own list to parse_agencies().
DEFAULT_AGENCIES: dict[str, tuple[str, ...]] = {
    "Sở Nội vụ": ("SNV",),
    "Sở Tư pháp": ("STP",),
    "Sở Tài chính": ("STC",),
    "Sở Công Thương": ("SCT",),
    "Sở Nông nghiệp và Môi trường": ("Sở NN&MT", "Sở NNMT", "Sở Nông nghiệp & Môi trường"),
    "Sở Xây dựng": ("SXD",),
    "Sở Khoa học và Công nghệ": ("Sở KH&CN", "Sở KHCN", "Sở Khoa học & Công nghệ"),
    "Sở Văn hóa, Thể thao và Du lịch": ("Sở VHTTDL", "Sở VH-TT&DL", "Sở VHTT&DL"),
    "Sở Giáo dục và Đào tạo": ("Sở GD&ĐT", "Sở GDĐT"),
    "Sở Y tế": (),
    "Sở Dân tộc và Tôn giáo": ("Sở DT&TG", "Sở DTTG"),
    "Thanh tra tỉnh": ("Thanh tra tỉnh Đắk Lắk",),
    "Văn phòng UBND tỉnh": (
        "VP UBND tỉnh",
        "VPUBND tỉnh",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Văn phòng UBND",
    ),
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh": (
        "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        "VP Đoàn ĐBQH và HĐND tỉnh",
        "Văn phòng Đoàn ĐBQH và HĐND",
    ),
    "Ban Quản lý các khu công nghiệp": (
        "Ban Quản lý các KCN",
        "BQL các KCN",
        "Ban Quản lý các khu công nghiệp tỉnh",
    ),
}

# Groups of units named by a phrase rather than by name. "agencies" are the provincial
# departments, "communes" the communes/wards, "agencies_and_communes" both.
GROUP_PHRASES: dict[str, tuple[str, ...]] = {
    "agencies_and_communes": (
        "Các cơ quan, đơn vị, địa phương",
        "Các cơ quan, đơn vị, địa phương trên địa bàn tỉnh",
        "Các cơ quan, địa phương",
        "Các sở, ban, ngành, địa phương",
        "Các sở, ngành, địa phương",
        "Các sở, ban, ngành, UBND cấp xã",
        "Các sở, ban, ngành và UBND cấp xã",
        "Các sở, ban, ngành, UBND các xã, phường",
        "Các sở, ban, ngành và UBND các xã, phường",
    ),
    "agencies": (
        "Các cơ quan, đơn vị",
        "Các cơ quan, đơn vị cấp tỉnh",
        "Các cơ quan, đơn vị thuộc tỉnh",
        "Các sở, ban, ngành",
        "Các sở, ban, ngành tỉnh",
        "Các sở, ngành",
        "Các cơ quan chuyên môn thuộc UBND tỉnh",
        "Các cơ quan chuyên môn cấp tỉnh",
    ),
    "communes": (
        "UBND cấp xã",
        "Ủy ban nhân dân cấp xã",
        "UBND các xã, phường",
        "UBND các xã, phường, đặc khu",
        "UBND các xã",
        "Các xã, phường",
        "Các địa phương",
    ),
}

# "các cơ quan có liên quan", "các cơ quan, đơn vị liên quan", "các sở, ngành khác"...
_UNIT_WORD = r"(?:cơ quan|đơn vị|sở|ban|ngành|địa phương|phòng)"
_RELATED = re.compile(
    rf"^(?:các )?{_UNIT_WORD}(?: (?:,|và) (?:các )?{_UNIT_WORD})*"
    r"(?: (?:có )?liên quan| khác)(?= |$)"
)

# Words that begin an agency's name: a "," or "và" before one of these separates two names.
_NAME_STARTS = tuple(
    tuple(match_key(w).split())
    for w in (
        "Sở",
        "Ban",
        "Văn phòng",
        "Thanh tra",
        "UBND",
        "Ủy ban",
        "Công an",
        "Bộ Chỉ huy",
        "Đài",
        "Báo",
        "Trung tâm",
        "Cục",
        "Chi cục",
        "Kho bạc",
        "Ngân hàng",
        "Bảo hiểm",
        "Hội",
        "Liên đoàn",
        "Liên minh",
        "Tỉnh đoàn",
        "Đảng ủy",
        "Mặt trận",
        "Trường",
        "Bệnh viện",
        "Viện",
        "Quỹ",
        "Phòng",
        "Tòa án",
        "Công ty",
        "Điện lực",
        "Bưu điện",
        "Thường trực",
        "các",
    )
)

_SEPARATORS = {",", ";", "và", "cùng", "với", "/"}
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class _Token:
    key: str
    start: int
    end: int


def _tokenize(text: str) -> list[_Token]:
    return [_Token(match_key(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _phrase_key(text: str) -> tuple[str, ...]:
    return tuple(t.key for t in _tokenize(text))


class AgencyRegistry:
    """Canonical agency names and their aliases, matched case/space/tone-insensitively."""

    def __init__(self, agencies: Mapping[str, Iterable[str]] | Iterable[str]) -> None:
        entries = agencies.items() if isinstance(agencies, Mapping) else ((n, ()) for n in agencies)
        self._phrases: dict[tuple[str, ...], str] = {}
        self.names: list[str] = []
        for name, aliases in entries:
            self.names.append(name)
            for spelling in (name, *aliases):
                self._phrases.setdefault(_phrase_key(spelling), name)
        self._longest = max((len(k) for k in self._phrases), default=0)

    def lookup(self, text: str) -> str | None:
        """The canonical name for a whole text, or None."""
        return self._phrases.get(_phrase_key(text))

    def match_at(self, keys: list[str], start: int) -> tuple[str, int] | None:
        """Longest known name starting at token `start`: (canonical name, tokens used)."""
        for length in range(min(self._longest, len(keys) - start), 0, -1):
            name = self._phrases.get(tuple(keys[start : start + length]))
            if name is not None:
                return name, length
        return None


DEFAULT_REGISTRY = AgencyRegistry(DEFAULT_AGENCIES)
_GROUPS = AgencyRegistry({kind: phrases for kind, phrases in GROUP_PHRASES.items()})

RegistryLike = AgencyRegistry | Mapping[str, Iterable[str]] | Iterable[str]


def as_registry(registry: RegistryLike | None) -> AgencyRegistry:
    if registry is None:
        return DEFAULT_REGISTRY
    if isinstance(registry, AgencyRegistry):
        return registry
    return AgencyRegistry(registry)


def _related_length(keys: list[str], start: int) -> int:
    match = _RELATED.match(" ".join(keys[start:]))
    return len(match.group(0).split(" ")) if match else 0


def _starts_name(keys: list[str], start: int, registry: AgencyRegistry) -> bool:
    if start >= len(keys):
        return False
    if registry.match_at(keys, start) or _GROUPS.match_at(keys, start):
        return True
    return any(tuple(keys[start : start + len(words)]) == words for words in _NAME_STARTS)


def _unknown_end(keys: list[str], start: int, registry: AgencyRegistry) -> int:
    """Where a name that is not in the registry ends: at ';', or at ',' / 'và' before a name."""
    end = start + 1
    while end < len(keys):
        if keys[end] == ";":
            break
        if keys[end] in _SEPARATORS and _starts_name(keys, end + 1, registry):
            break
        end += 1
    return end


def _normalize_groups(groups: list[str]) -> list[str]:
    # Agencies plus communes named separately are the same as the combined group.
    if "agencies_and_communes" in groups or {"agencies", "communes"} <= set(groups):
        return ["agencies_and_communes"]
    return groups


def parse_agencies(text: str, registry: RegistryLike | None = None) -> AgencyRef:
    """Split an agency cell into canonical names, groups and the "related ones" flag.

    `registry` is the caller's list of names (a mapping name -> aliases, a list of names or an
    AgencyRegistry); names not in it are returned as written, and listed in `unknown`.
    """
    known = as_registry(registry)
    tokens = _tokenize(text)
    keys = [t.key for t in tokens]
    ref = AgencyRef()
    position = 0
    while position < len(tokens):
        if keys[position] in _SEPARATORS or not any(ch.isalnum() for ch in keys[position]):
            position += 1
            continue
        related = _related_length(keys, position)
        group = _GROUPS.match_at(keys, position)
        name = known.match_at(keys, position)
        best = max(related, group[1] if group else 0, name[1] if name else 0)
        if best and best == related:
            ref.related = True
        elif group and best == group[1]:
            if group[0] not in ref.groups:
                ref.groups.append(group[0])
        elif name:
            if name[0] not in ref.names:
                ref.names.append(name[0])
        else:
            end = _unknown_end(keys, position, known)
            raw = text[tokens[position].start : tokens[end - 1].end].strip(" ,;.")
            if raw and raw not in ref.names:
                ref.names.append(raw)
                ref.unknown.append(raw)
            best = end - position
        position += best
    ref.groups = _normalize_groups(ref.groups)
    return ref
