"""One rebuild at a time for figures many readers share (the province dashboard, the PAR inputs).

On a working day every report save moves the version such figures are cached under. Rebuilding in
every reader at once made each answer take a minute under load; so one reader takes a short lock
in the shared cache and rebuilds, while the others are served the previous figures.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache

LOCK_SECONDS = 120  # longer than any rebuild; a crashed builder's lock expires on its own


def once[T](key: str, previous: T | None, build: Callable[[], T]) -> T:
    """`build()`, unless another reader is rebuilding `key` now: then `previous`. Without a
    previous value there is nothing to serve, so this reader builds too."""
    if previous is None:
        return build()
    lock = key + ":building"
    if not cache.add(lock, 1, LOCK_SECONDS):
        return previous
    try:
        return build()
    finally:
        cache.delete(lock)
