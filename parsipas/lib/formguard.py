"""Keeping floods out of public forms without personal data or third-party CAPTCHA services.

Used by every public form (the petition form, the SIPAS survey): a signed token issued with
the page (scope, issue time, nonce, and what the form needs to know back, e.g. the survey's
desk) that a post must carry back; a minimum fill time measured
from the token's own issue time, not from anything the client sends; a nonce that can be used
once, claimed atomically in the shared cache; a honeypot field; rate limits per keyed hash of the
client address in the shared cache (Redis when several servers run). Only keyed hashes are kept,
never the address, and the hash changes every day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from dataclasses import dataclass, field

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

HONEYPOT_FIELD = "website"


class BadToken(Exception):
    """The form token is missing, forged, expired, from the future or for another scope."""


@dataclass(frozen=True)
class Token:
    scope: str
    issued_at: float
    nonce: str
    extra: dict[str, str] = field(default_factory=dict)


def issue(
    salt: str, scope: str, now: float | None = None, extra: dict[str, str] | None = None
) -> str:
    """A signed token for a form of `scope`; `extra` travels with it, signed (not secret)."""
    payload: dict[str, object] = {
        "s": scope,
        "t": round(now if now is not None else time.time(), 3),
        "n": secrets.token_urlsafe(12),
    }
    if extra:
        payload["x"] = extra
    return signing.dumps(payload, salt=salt, compress=False)


def read(salt: str, token: str, scope: str, max_age: int, now: float | None = None) -> Token:
    if not token:
        raise BadToken("missing")
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadToken("expired") from exc
    except signing.BadSignature as exc:
        raise BadToken("forged") from exc
    if not isinstance(data, dict) or data.get("s") != scope:
        raise BadToken("other scope")
    issued_at = float(data.get("t", 0))
    if issued_at > (now if now is not None else time.time()) + 5:
        raise BadToken("from the future")
    extra = data.get("x")
    extra = {str(k): str(v) for k, v in extra.items()} if isinstance(extra, dict) else {}
    return Token(scope, issued_at, str(data.get("n", "")), extra)


def filled_too_fast(token: Token, min_seconds: float, now: float | None = None) -> bool:
    return (now if now is not None else time.time()) - token.issued_at < min_seconds


def claim_once(namespace: str, nonce: str, ttl: int) -> bool:
    """True the first time; False for a resend of the same form (atomic across servers)."""
    return bool(cache.add(f"{namespace}:nonce:{nonce}", 1, timeout=ttl))


def client_hash(namespace: str, ip: str, day: dt.date) -> str:
    return salted_hmac(namespace, f"{ip}|{day.isoformat()}", algorithm="sha256").hexdigest()


def _window_key(namespace: str, client: str, window_seconds: int) -> str:
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(f"{namespace}|{client}".encode()).hexdigest()[:32]
    return f"{namespace}:rl:{digest}:{window}"


def count_hit(namespace: str, client: str, window_seconds: int = 3600) -> int:
    """Count one hit in the client's current window and return the window's count (atomic)."""
    key = _window_key(namespace, client, window_seconds)
    if cache.add(key, 1, timeout=window_seconds + 100):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 100)
        return 1


def peek_hits(namespace: str, client: str, window_seconds: int = 3600) -> int:
    """The client's count in the current window, without counting."""
    return int(cache.get(_window_key(namespace, client, window_seconds)) or 0)
