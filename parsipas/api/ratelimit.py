"""Calls per token per minute, counted in Django's cache (Redis when REDIS_URL is set, so
every application server counts into the same window)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def limit_per_minute() -> int:
    return int(getattr(settings, "API_RATE_LIMIT_PER_MINUTE", 600))


def hit(token_id: int, now: float | None = None) -> int | None:
    """Count one call; None when allowed, else the seconds to wait (for Retry-After)."""
    moment = time.time() if now is None else now
    window = int(moment // WINDOW_SECONDS)
    key = f"api-rate:{token_id}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        calls = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        calls = 1
    if calls > limit_per_minute():
        return max(1, int((window + 1) * WINDOW_SECONDS - moment + 0.999))
    return None
