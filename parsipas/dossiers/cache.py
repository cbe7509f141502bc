"""Figures read from the dossiers themselves, kept in the shared cache until the next import.

Dossiers change only through an import (`ingest.loader.import_dossiers`: the web upload, the
command, the API batch), and each import writes its `DossierImport` row in the same transaction
as the dossiers. The highest import id is therefore a version of the whole table: a figure
computed under it stays true until another import commits. What the day counts cannot give —
the ratings' histogram, the counts per procedure of the 766 page — costs a pass over the
period's dossiers (about 75 and 120 ms for a province's 1,000,000 a year); the dossier pages
compute it once per import, not once per view.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache

from parsipas.dossiers.indicators import Period
from parsipas.dossiers.models import DossierImport

TTL_SECONDS = 6 * 3600  # the version moves with every import; this only bounds what is kept


def version() -> int:
    """The latest committed import (0 before the first)."""
    return DossierImport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def remembered[T](
    name: str,
    period: Period,
    unit_ids: Iterable[int] | None,
    build: Callable[[], T],
    *,
    at: int | None = None,
) -> T:
    """``build()`` for this period and these units (None: all), computed once per import;
    ``at``: the `version()` when the caller already read it."""
    ids = "all" if unit_ids is None else ",".join(str(i) for i in sorted(unit_ids))
    digest = hashlib.sha1(ids.encode(), usedforsecurity=False).hexdigest()[:16]
    key = f"dossiers:{name}:{version() if at is None else at}:{period.start}:{period.end}:{digest}"
    value: T = cache.get_or_set(key, build, TTL_SECONDS)  # type: ignore[assignment]
    return value
