"""The public page's rendered HTML, cached ~60 s (it changes when reports or news change)."""

from __future__ import annotations

from django.core.cache import cache

PAGE_SECONDS = 60
_VERSION_KEY = "pub:page:version"


def key() -> str:
    return f"pub:page:{cache.get_or_set(_VERSION_KEY, 1, None)}"


def invalidate() -> None:
    """After news are posted or edited: the next request renders the page again."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)
