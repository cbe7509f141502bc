"""Counters shared by every worker and server: rate limits, lockouts, per-address caps.

One shape for all of them: `hit` counts one event in a window and returns the window's count,
atomically (`cache.add` creates the key only if it is absent, `cache.incr` adds one in place: on
Redis and on parsipas's database cache neither can lose a count between two workers). Keys are
hashed, so an address or a user name never sits in the cache as it is.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def key_for(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"ctr:{kind}:{digest}"


def hit(key: str, timeout: int) -> int:
    """Count one event under `key` (which expires `timeout` seconds after its first event)."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def peek(key: str) -> int:
    return int(cache.get(key) or 0)


def clear(*keys: str) -> None:
    cache.delete_many(list(keys))
