"""Lock out guessing at the login page, without letting a stranger lock someone else out.

Three counters, shared by every worker through the cache and counted atomically (`lib.counters`):
- the (user name, client address) pair: LOGIN_MAX_FAILURES tries, then that pair waits
  LOGIN_LOCKOUT_MINUTES. Someone guessing from elsewhere locks only their own address out of the
  account, never its owner at their desk.
- the user name across addresses: locked only when failures come from LOGIN_LOCK_USER_ADDRESSES
  different addresses in the window (a distributed guess), for the same short time.
- the address across user names: LOGIN_MAX_FAILURES × 4 (an office shares one address behind
  NAT), then the address waits.
An attempt is counted *before* the password is checked, so parallel tries cannot all slip under the
limit; a success clears the pair. The address is `client_ip`: the socket address unless a trusted
proxy sits in front, so a forged X-Forwarded-For neither dodges nor shifts a lock. An admin
unlocks a user name (every pair of it) from the user's page. FailedLogin rows stay as the record.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from parsipas.lib import counters


def _window() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def _name(username: str) -> str:
    return username.strip().lower()


def _generation(username: str) -> str:
    """Bumped by an admin's unlock: every older counter of the user name stops counting."""
    return str(cache.get(counters.key_for("login-gen", _name(username))) or 0)


def _keys(username: str, ip: str) -> tuple[str, str, str, str]:
    name, gen = _name(username), _generation(username)
    return (
        counters.key_for("login-pair", name, ip, gen),
        counters.key_for("login-user", name, gen),
        counters.key_for("login-user-addr", name, ip, gen),
        counters.key_for("login-ip", ip),
    )


def attempt(username: str, ip: str | None) -> bool:
    """Count one login attempt; True when it may go ahead, False when it is locked out."""
    pair, user, _, address = _keys(username, ip or "unknown")
    if counters.peek(user) >= settings.LOGIN_LOCK_USER_ADDRESSES:
        return False
    if counters.peek(address) >= settings.LOGIN_MAX_FAILURES * 4:
        return False
    return counters.hit(pair, _window()) <= settings.LOGIN_MAX_FAILURES


def failed(username: str, ip: str | None) -> None:
    """A wrong password: count the address, and the user name once per failing address."""
    _, user, user_address, address = _keys(username, ip or "unknown")
    counters.hit(address, _window())
    if cache.add(user_address, 1, timeout=_window()):
        counters.hit(user, _window())


def succeeded(username: str, ip: str | None) -> None:
    pair, _, _, _ = _keys(username, ip or "unknown")
    counters.clear(pair)


def is_locked_out(username: str, ip: str | None) -> bool:
    """Whether the next attempt would be refused (without counting one)."""
    pair, user, _, address = _keys(username, ip or "unknown")
    return (
        counters.peek(pair) >= settings.LOGIN_MAX_FAILURES
        or counters.peek(user) >= settings.LOGIN_LOCK_USER_ADDRESSES
        or counters.peek(address) >= settings.LOGIN_MAX_FAILURES * 4
    )


def unlock(username: str) -> None:
    """The admin's unlock: every lock of this user name ends now."""
    key = counters.key_for("login-gen", _name(username))
    cache.set(key, int(_generation(username)) + 1, timeout=None)


def prune(older_than_days: int = 30) -> int:
    import datetime as dt

    from django.utils import timezone

    from parsipas.accounts.models import FailedLogin

    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    return FailedLogin.objects.filter(at__lt=cutoff).delete()[0]
