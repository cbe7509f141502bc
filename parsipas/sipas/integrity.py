"""Keeping floods and stuffing out without personal data or third-party CAPTCHA services.

The token, the single-use nonce, the honeypot, the client hash and the rate-limit buckets are
`lib/formguard.py`'s, the one module that keeps every public form's integrity rules; this
module adds what only the survey has: kiosks, own-collection holds and duplicate detection.

- Every rendered form carries a signed token (unit, render time, a nonce, the mode). A post
  without a valid token is refused; a post sooner than the minimum fill time is flagged; a
  token used twice (double click, back-and-resend) stores nothing the second time.
- A honeypot field, hidden from people, that bots fill in: such posts are dropped.
- Rate limits in the cache (shared between servers when REDIS_URL is set), keyed by a hash
  of the client address and the unit: beyond a soft limit responses are flagged, beyond a
  hard limit refused.
- Duplicate detection: a keyed hash of unit, day, client and answers. Identical answers
  from the same client on the same day are flagged, not dropped (two people may well answer
  alike), and an admin decides.

Only keyed hashes are stored, never the address; the client hash changes every day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core import signing
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from parsipas.audit.middleware import client_ip as audit_client_ip
from parsipas.lib import counters, formguard
from parsipas.sipas import conf

TOKEN_SALT = "parsipas.sipas.form"
KIOSK_SALT = "parsipas.sipas.kiosk"
KIOSK_COOKIE = "sipas_kiosk"
HONEYPOT_FIELD = formguard.HONEYPOT_FIELD


class Flag:
    FAST = "fast"
    BURST = "burst"
    DUPLICATE = "duplicate"
    OWN = "own"


FLAG_LABELS = {
    Flag.FAST: "Điền quá nhanh",
    Flag.BURST: "Nhiều phiếu từ cùng một nơi gửi trong thời gian ngắn",
    Flag.DUPLICATE: "Trùng nội dung với phiếu khác cùng ngày, cùng nơi gửi",
    Flag.OWN: "Do chính đơn vị được đánh giá thu (kiosk, phiếu giấy, nhập tệp): chờ Sở Nội vụ xem xét",
}


def own_collection_flags(user: Any, unit: Any = None) -> list[str]:
    """Answers a unit gathers about itself (keyed in, imported) are held for the reform office's
    review before they count: a unit must not be able to pad its own satisfaction index. The
    reform office's own entries count at once."""
    from parsipas.accounts import policy

    return [] if policy.can_review_sipas(user) else [Flag.OWN]


def kiosk_burst(unit_code: str, desk: str) -> bool:
    """More answers from one registered kiosk in ten minutes than one desk can serve."""
    key = counters.key_for("sipas-kiosk", unit_code, desk)
    return counters.hit(key, 600) > conf.kiosk_burst()


BadToken = formguard.BadToken


@dataclass(frozen=True)
class FormToken:
    unit_code: str
    rendered_at: float
    nonce: str
    mode: str  # "web" | "qr" | "kiosk"
    desk: str  # desk code or ""


def issue_token(unit_code: str, mode: str = "web", desk: str = "", now: float | None = None) -> str:
    """The survey form's token (`lib/formguard.py`): scoped to the unit, carrying the mode and
    the desk the form was opened from."""
    return formguard.issue(TOKEN_SALT, unit_code, now, extra={"m": mode, "d": desk})


def read_token(token: str, unit_code: str, now: float | None = None) -> FormToken:
    """Raises BadToken (missing, forged, expired, from the future, for another unit)."""
    read = formguard.read(TOKEN_SALT, token, unit_code, conf.token_max_age(), now)
    return FormToken(
        unit_code,
        read.issued_at,
        read.nonce,
        read.extra.get("m", "web"),
        read.extra.get("d", ""),
    )


def claim_nonce(nonce: str) -> bool:
    """True the first time a form token is used; False for a resend of the same form."""
    return formguard.claim_once("sipas", nonce, conf.token_max_age() + 60)


def client_ip(request: HttpRequest) -> str:
    return audit_client_ip(request) or "unknown"


def client_hash(ip: str, day: date) -> str:
    """A keyed hash of the address that changes daily: links responses of one day, nothing more."""
    return formguard.client_hash("parsipas.sipas.client", ip, day)


def fingerprint(
    unit_id: int, day: date, client: str, answers: dict[int, list[int]], extra: tuple[str, ...] = ()
) -> str:
    content = json.dumps(
        [
            unit_id,
            day.isoformat(),
            client,
            sorted((q, sorted(v)) for q, v in answers.items()),
            list(extra),
        ],
        separators=(",", ":"),
    )
    return salted_hmac("parsipas.sipas.dup", content, algorithm="sha256").hexdigest()


def count_hit(kind: str, client: str, scope: str = "") -> int:
    """Count one submission in this hour's bucket ("all" units, or one "unit" `scope`)."""
    return formguard.count_hit(f"sipas:{kind}:{scope}", client)


def peek_hits(kind: str, client: str, scope: str = "") -> int:
    return formguard.peek_hits(f"sipas:{kind}:{scope}", client)


@dataclass(frozen=True)
class Kiosk:
    unit_code: str
    desk: str


def kiosk_cookie(unit_code: str, desk: str) -> str:
    return signing.dumps({"u": unit_code, "d": desk}, salt=KIOSK_SALT)


def read_kiosk(request: HttpRequest, unit_code: str) -> Kiosk | None:
    """The registered kiosk device for this unit, if the browser carries its cookie."""
    raw = request.COOKIES.get(KIOSK_COOKIE, "")
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=KIOSK_SALT, max_age=400 * 24 * 3600)
    except signing.BadSignature:
        return None
    if data.get("u") != unit_code:
        return None
    return Kiosk(unit_code, str(data.get("d", "")))
