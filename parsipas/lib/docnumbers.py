"""Vietnamese document numbers ("số, ký hiệu văn bản"): read them from a file name or a text.

Decree 30/2020/NĐ-CP writes a document's number as ``serial/KIND-ISSUER`` ("123/QĐ-UBND"), with
the year for legal documents ("12/2026/NQ-HĐND") and without a kind for an official letter
(công văn: "383/BNV-CCHC", the issuer and its drafting unit). People type them without
diacritics ("QD" for "QĐ") and file names cannot hold a slash, so "123_QD-UBND_ke-hoach.pdf"
is read as well. Pure: no Django, tested in ``lib/tests/test_docnumbers.py``.

The kinds are slugs; ``reporting.documents.DocumentKind`` offers the same slugs as choices.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# slug, the code in the number (Decree 30's appendix), the Vietnamese label.
KINDS: tuple[tuple[str, str, str], ...] = (
    ("ke-hoach", "KH", "Kế hoạch"),
    ("quyet-dinh", "QĐ", "Quyết định"),
    ("bao-cao", "BC", "Báo cáo"),
    ("thong-bao", "TB", "Thông báo"),
    ("thong-bao-ket-luan", "TB", "Thông báo kết luận"),
    ("ket-luan", "KL", "Kết luận"),
    ("cong-van", "", "Công văn"),
    ("nghi-quyet", "NQ", "Nghị quyết"),
    ("nghi-dinh", "NĐ", "Nghị định"),
    ("thong-tu", "TT", "Thông tư"),
    ("chi-thi", "CT", "Chỉ thị"),
    ("to-trinh", "TTr", "Tờ trình"),
    ("bien-ban", "BB", "Biên bản"),
    ("huong-dan", "HD", "Hướng dẫn"),
    ("chuong-trinh", "CTr", "Chương trình"),
    ("de-an", "ĐA", "Đề án"),
    ("phuong-an", "PA", "Phương án"),
    ("quy-che", "QC", "Quy chế"),
    ("quy-dinh", "QyĐ", "Quy định"),
    ("cong-dien", "CĐ", "Công điện"),
    ("giay-moi", "GM", "Giấy mời"),
    ("khac", "", "Văn bản khác"),
)
KIND_LABELS = {slug: label for slug, _code, label in KINDS}

# The folded, upper-cased code -> the kind's slug (TB reads as a plain notice; a title that says
# "kết luận" makes it a conclusion notice).
_KIND_BY_CODE = {
    "KH": "ke-hoach",
    "QD": "quyet-dinh",
    "BC": "bao-cao",
    "TB": "thong-bao",
    "KL": "ket-luan",
    "NQ": "nghi-quyet",
    "ND": "nghi-dinh",
    "TT": "thong-tu",
    "CT": "chi-thi",
    "TTR": "to-trinh",
    "BB": "bien-ban",
    "HD": "huong-dan",
    "CTR": "chuong-trinh",
    "DA": "de-an",
    "PA": "phuong-an",
    "QC": "quy-che",
    "QYD": "quy-dinh",
    "CD": "cong-dien",
    "GM": "giay-moi",
}
# How the code is written in a clean number.
_CODE_SPELLING = {
    "QD": "QĐ",
    "TTR": "TTr",
    "CTR": "CTr",
    "DA": "ĐA",
    "QYD": "QyĐ",
    "CD": "CĐ",
    "ND": "NĐ",
}
# Issuer codes written with Đ, and the bodies whose code says who they are.
_ISSUER_SPELLING = {"HDND": "HĐND", "TTG": "TTg", "TTR": "TTr", "DKT": "ĐKT", "DGS": "ĐGS"}
ISSUER_NAMES = {
    "UBND": "UBND",
    "HĐND": "HĐND",
    "TTg": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "SNV": "Sở Nội vụ",
    "STP": "Sở Tư pháp",
    "STC": "Sở Tài chính",
    "SKHCN": "Sở Khoa học và Công nghệ",
    "VPUBND": "Văn phòng UBND tỉnh",
    "TU": "Tỉnh ủy",
}
# A kind named in words ("kế hoạch ...") when the number carries no code.
_KIND_WORDS = (
    ("thong bao ket luan", "thong-bao-ket-luan"),
    ("ke hoach", "ke-hoach"),
    ("quyet dinh", "quyet-dinh"),
    ("bao cao", "bao-cao"),
    ("thong bao", "thong-bao"),
    ("ket luan", "ket-luan"),
    ("nghi quyet", "nghi-quyet"),
    ("chi thi", "chi-thi"),
    ("to trinh", "to-trinh"),
    ("bien ban", "bien-ban"),
    ("huong dan", "huong-dan"),
    ("chuong trinh", "chuong-trinh"),
    ("cong van", "cong-van"),
)

EXAMPLE = "123/QĐ-UBND"


class DocumentNumberError(ValueError):
    """A number or date that cannot be right, with a Vietnamese message."""


@dataclass(frozen=True)
class DocumentNumber:
    number: str  # clean, "123/QĐ-UBND"
    serial: str  # "123"
    year: int | None  # the year written in the number ("12/2026/NQ-HĐND"), else None
    kind: str  # a slug of KINDS, "cong-van" when the number carries no kind code
    issuer_code: str  # "UBND", "BNV"
    issuer: str  # a readable name when the code says it ("Bộ Nội vụ"), else the code

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "")


@dataclass(frozen=True)
class DocumentMetaGuess:
    """What a file name or a text says of its document; every part may be missing."""

    number: DocumentNumber | None
    issued_on: dt.date | None
    kind: str
    title: str


def _fold_keep_length(text: str) -> str:
    """Diacritic-free, upper-case, one character for one character (so positions still match)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("D")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.upper() if len(base.upper()) == 1 else base)
    return "".join(out)


# serial [/year] / symbol, in the folded text. "/" in a text; "_", "-" or a space in a file name.
_NUMBER = re.compile(
    r"(?<![0-9A-Z])(?P<serial>\d{1,6}[A-Z]?)"
    r"(?:\s*[/_.\-]\s*(?P<year>(?:19|20)\d{2}))?"
    r"\s*(?P<sep>[/_\-])\s*"
    r"(?P<symbol>[A-Z]{1,8}(?:\s?-\s?[A-Z][A-Z0-9]{0,9}){0,3})"
    r"(?![A-Z0-9])"
)
_SYMBOL_TOKEN = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")

_DATE_WORDS = re.compile(r"NGAY\s+(?P<d>\d{1,2})\s+THANG\s+(?P<m>\d{1,2})\s+NAM\s+(?P<y>\d{4})")
_DATE_NUMERIC = re.compile(
    r"(?<![0-9])(?P<d>\d{1,2})\s*(?P<s>[/\-.])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>(?:19|20)\d{2})(?![0-9])"
)
_DATE_ISO = re.compile(r"(?<![0-9])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?![0-9])")


def _spell_issuer(folded: str, written: str) -> str:
    """An issuer token as the document writes it: 'HDND' -> 'HĐND', 'ubnd' -> 'UBND', 'ĐKT' kept."""
    if folded in _ISSUER_SPELLING:
        return _ISSUER_SPELLING[folded]
    if not written.isascii():
        return written.upper()
    return folded


def _clean_symbol(tokens: list[str], written: list[str], with_kind: bool) -> str:
    out = []
    for i, (folded, original) in enumerate(zip(tokens, written, strict=False)):
        if i == 0 and with_kind:
            out.append(_CODE_SPELLING.get(folded, folded))
        else:
            out.append(_spell_issuer(folded, original.strip()))
    return "-".join(out)


def _number_from(match: re.Match[str], original: str) -> DocumentNumber | None:
    tokens = [t.strip() for t in match.group("symbol").split("-")]
    if not tokens or not all(_SYMBOL_TOKEN.match(t) for t in tokens):
        return None
    kind = _KIND_BY_CODE.get(tokens[0], "")
    in_file_name = match.group("sep") != "/"
    # A file name's "-" or "_" is also a word separator: read a number there only when it
    # looks like one (a kind code first, or a kind-less letter's ISSUER-UNIT pair) and keep
    # only the tokens written in capitals (the rest is the title: "..._QD-UBND_ke-hoach").
    start, end = match.span("symbol")
    written = original[start:end].split("-")
    if in_file_name:
        kept = [t for t, w in zip(tokens, written, strict=False) if w.strip().isupper()]
        if len(kept) != len(tokens):
            kept = tokens[: len(kept)] if kept == tokens[: len(kept)] else []
        tokens = kept[:3]
        if not tokens or (not kind and len(tokens) < 2):
            return None
    serial = match.group("serial").lstrip("0") or "0"
    if match.group("serial").startswith("0") and len(match.group("serial")) <= 2:
        serial = match.group("serial")  # "05/TB-UBND" keeps its written zero
    year = int(match.group("year")) if match.group("year") else None
    with_kind = bool(kind)
    if not with_kind:
        kind = "cong-van"
    first_issuer = 1 if with_kind else 0
    if len(tokens) <= first_issuer:
        return None
    symbol = _clean_symbol(tokens, written, with_kind)
    issuer_code = symbol.split("-")[first_issuer]
    number = f"{serial}/{year}/{symbol}" if year else f"{serial}/{symbol}"
    return DocumentNumber(
        number=number,
        serial=serial,
        year=year,
        kind=kind,
        issuer_code=issuer_code,
        issuer=ISSUER_NAMES.get(issuer_code, issuer_code),
    )


def find_number(text: str) -> DocumentNumber | None:
    """The first document number in `text` (a file name or a sentence), or None."""
    original = unicodedata.normalize("NFC", text)
    folded = _fold_keep_length(original)
    for match in _NUMBER.finditer(folded):
        found = _number_from(match, original)
        if found:
            return found
    return None


def find_date(text: str) -> dt.date | None:
    """'ngày 15/3/2026', 'ngày 15 tháng 3 năm 2026', '15-03-2026' or '2026-03-15'; None if none
    or if the written date does not exist."""
    folded = _fold_keep_length(unicodedata.normalize("NFC", text))
    for pattern in (_DATE_WORDS, _DATE_NUMERIC, _DATE_ISO):
        for match in pattern.finditer(folded):
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None


def kind_from_words(text: str) -> str:
    """The kind a title names in words ("Thông báo kết luận kiểm tra ..."), or ''."""
    folded = " ".join(re.split(r"[\s_\-.]+", _fold_keep_length(text).lower()))
    for words, kind in _KIND_WORDS:
        if re.search(rf"(?<![a-z]){words}(?![a-z])", folded):
            return kind
    return ""


def _title_from_file_name(name: str, number: DocumentNumber | None) -> str:
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.rsplit("\\", 1)[-1])
    original = unicodedata.normalize("NFC", stem)
    if number:
        match = next(
            (m for m in _NUMBER.finditer(_fold_keep_length(original)) if _number_from(m, original)),
            None,
        )
        if match:
            # Cut exactly what the kept symbol covers ("123_QD-UBND" of "123_QD-UBND_ke-hoach").
            symbol_len = len(number.number.rsplit("/", 1)[-1])
            original = original[: match.start()] + original[match.start("symbol") + symbol_len :]
    words = " ".join(w for w in re.split(r"[\s_]+|(?<=\D)-|-(?=\D)", original) if w).strip(" -.:")
    words = _trim_number_words(words, number)
    return words[:1].upper() + words[1:] if words else ""


_NUMBER_WORDS = re.compile(r"^(?:so|so hieu)\s*:?\s+|\s+(?:so|so hieu)\s*:?$")


def _trim_number_words(words: str, number: DocumentNumber | None) -> str:
    """Drop what only introduced the number: "Số:", "số", or the kind code before it ("TB 05/...")."""
    code = number.number.rsplit("/", 1)[-1].split("-")[0] if number else ""
    for _ in range(3):
        folded = _fold_keep_length(words).lower()
        match = _NUMBER_WORDS.search(folded)
        if match:
            words = (words[: match.start()] + words[match.end() :]).strip(" -.:")
            continue
        head = words.split(" ", 1)
        if code and _fold_keep_length(head[0]).upper() == _fold_keep_length(code).upper():
            words = head[1] if len(head) > 1 else ""
            continue
        break
    return words


def guess(file_name: str, text: str = "") -> DocumentMetaGuess:
    """Everything the file name (and an optional text) tells: number, date, kind, short title."""
    source = f"{file_name} {text}".strip()
    number = find_number(file_name) or (find_number(text) if text else None)
    issued_on = find_date(source)
    kind = kind_from_words(source)
    if number and not (number.kind == "thong-bao" and kind == "thong-bao-ket-luan"):
        kind = number.kind  # the code in the number is what the document is
    title = _title_from_file_name(file_name, number)
    if issued_on:
        title = _strip_dates(title)
    return DocumentMetaGuess(number=number, issued_on=issued_on, kind=kind, title=title[:300])


def _strip_dates(title: str) -> str:
    folded = _fold_keep_length(title)
    spans = [m.span() for p in (_DATE_WORDS, _DATE_NUMERIC, _DATE_ISO) for m in p.finditer(folded)]
    for start, end in sorted(spans, reverse=True):
        title = title[:start] + title[end:]
    title = re.sub(r"\b(ngày|ngay)\s*$", "", title.strip(), flags=re.IGNORECASE)
    return _trim_number_words(" ".join(title.split()).strip(" -.:"), None)


def check_number(text: str, today: dt.date) -> DocumentNumber:
    """A typed document number, read or refused with a message saying what is wrong."""
    value = " ".join(text.split())
    found = find_number(value.replace(" /", "/").replace("/ ", "/"))
    if found is None:
        raise DocumentNumberError(
            f"Số văn bản '{value}' không đúng dạng số/ký hiệu (ví dụ {EXAMPLE}, "
            "12/2026/NQ-HĐND hoặc 383/BNV-CCHC)."
        )
    if found.serial.strip("0") == "":
        raise DocumentNumberError(f"Số văn bản '{value}': số thứ tự không thể là 0.")
    if found.year is not None and (found.year > today.year or found.year < 1945):
        raise DocumentNumberError(
            f"Số văn bản '{value}': năm {found.year} trong số hiệu không thể đúng."
        )
    return found


def check_date(value: dt.date | None, today: dt.date, number: DocumentNumber | None = None) -> None:
    """A document date may not be after today, nor disagree with the year in its number."""
    if value is None:
        return
    if value > today:
        raise DocumentNumberError(
            f"Ngày văn bản {value:%d/%m/%Y} ở tương lai (hôm nay là {today:%d/%m/%Y})."
        )
    if number and number.year is not None and number.year != value.year:
        raise DocumentNumberError(
            f"Ngày văn bản {value:%d/%m/%Y} không khớp năm {number.year} trong số hiệu "
            f"{number.number}."
        )
