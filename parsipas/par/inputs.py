"""The projection's automatic inputs of a year, computed once and kept in the shared cache.

What the other apps say for a framework's leaves (the plan's roll-ups and target figures, the
province's SIPAS result against the planned sample, the dossier rates, the 766 total, and the
units holding each criterion back) costs a second or more on a province's data, and every PAR
page (projection, at risk, what-if, comparison) needs all of it. It is cached like the province
dashboard (`dashboards.overview_cache`):

- under the reporting workflow's version (`reporting.workflow.reports_version`: any report save,
  submission or review bumps it on commit);
- under this module's own version, bumped on commit when anything else the inputs read is saved
  or deleted through the ORM: the plan's criteria, targets and assignments, reporting periods,
  target and province figures, SIPAS sample frames, dossier and 766 imports;
- under a fingerprint of the framework's criteria (code, method, parameters, source, linked plan
  codes), so an edited criterion is never scored from another's inputs;
- for at most TTL_SECONDS, for what changes by bulk writes that send no signal (the registers'
  nightly refresh, a petitions import) and for SIPAS answers, which arrive all day long (a kiosk
  a minute): bumping on each would leave nothing cached during a survey, and one minute's answers
  cannot move an index that needs the planned sample.

When the inputs changed, one request recomputes them (`lib/rebuild.once`) while
the others, during that time, are served the previous inputs: on a working day every report save
moves the version, and without the lock every reader of a PAR page would recompute at once (the
dashboard's load test saw one-minute answers for that reason).

The office's estimates are not cached: they are read on every request, so an estimate shows at
once. `fresh=True` recomputes and replaces the cached entry (the pages' "Tính lại ngay").
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from parsipas.lib import rebuild
from parsipas.par.models import Criterion, Framework
from parsipas.par.sources import Automatic, automatic_values

TTL_SECONDS = 60
KEEP_SECONDS = 3600  # the previous inputs, served while another request recomputes
VERSION_KEY = "par:inputs-version"
# the last entries this process read, by the same key (versions included): unpickling the
# shared cache's copy on every request costs more than the rest of a page
_memo: dict[str, tuple[float, Automatic]] = {}
MEMO_SIZE = 8


def inputs_version() -> int:
    """Starts at a random number, so a cleared or new shared cache never gives back a key that
    some process still remembers (`_memo`) from before."""
    return int(cache.get_or_set(VERSION_KEY, lambda: secrets.randbelow(10**12), None) or 0)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, secrets.randbelow(10**12), None)


def changed(**_: Any) -> None:
    """Signal receiver: the inputs changed. The version moves at once (this transaction's own
    reads see the change) and again when the change commits (another process that recomputed
    in between, from the data before the commit, does not keep its result)."""
    _bump()
    transaction.on_commit(_bump)


def fingerprint(criteria: Sequence[Criterion]) -> str:
    rows = [
        [c.code, c.method, c.params or {}, c.source, c.plan_codes or [], str(c.max_points)]
        for c in criteria
        if not c.is_group
    ]
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def cache_key(framework: Framework, criteria: Sequence[Criterion]) -> str:
    from parsipas.reporting.workflow import reports_version

    return (
        f"par:inputs:{framework.pk}:{framework.year}:{fingerprint(criteria)}:"
        f"{reports_version()}:{inputs_version()}"
    )


def automatic(
    framework: Framework, criteria: Sequence[Criterion], fresh: bool = False
) -> Automatic:
    """The framework's automatic inputs, from the cache when fresh (see the module docstring)."""
    key = cache_key(framework, criteria)
    previous_key = f"par:inputs:previous:{framework.pk}:{framework.year}:{fingerprint(criteria)}"
    now = time.monotonic()
    previous: Automatic | None = None
    if not fresh:
        memo = _memo.get(key)
        if memo is not None and now - memo[0] < TTL_SECONDS:
            return memo[1]
        hit = cache.get(key)
        if isinstance(hit, Automatic):
            _remember(key, hit, now)
            return hit
        kept = cache.get(previous_key)
        previous = kept if isinstance(kept, Automatic) else None

    def build() -> Automatic:
        value = automatic_values(framework, criteria)
        cache.set(key, value, TTL_SECONDS)
        cache.set(previous_key, value, KEEP_SECONDS)
        _remember(key, value, now)  # only what was computed: never the previous inputs
        return value

    return rebuild.once(previous_key, previous, build)


def _remember(key: str, value: Automatic, now: float) -> None:
    """Keep `value` for this process (callers copy what they change; see province_values)."""
    if len(_memo) >= MEMO_SIZE:
        _memo.clear()
    _memo[key] = (now, value)


def watched_models() -> list[type]:
    """The models whose saves and deletions change the inputs (connected in `apps.ready`)."""
    from parsipas.dossiers import models as dossiers
    from parsipas.plans.models import Assignment, Node, Plan, Target
    from parsipas.reporting.models import ProvinceFigure, ReportingPeriod, TargetFigure
    from parsipas.sipas.models import SampleFrame

    found: list[type] = [
        Plan,
        Node,
        Target,
        Assignment,
        ReportingPeriod,
        TargetFigure,
        ProvinceFigure,
        SampleFrame,
    ]
    for name in (
        "DossierImport",
        "PortalImport",
        "PortalScore",
        "ProcedureImport",
        "SatisfactionRule",
    ):
        model = getattr(dossiers, name, None)
        if model is not None:
            found.append(model)
    return found


def connect() -> None:
    for model in watched_models():
        post_save.connect(changed, sender=model, dispatch_uid=f"par-inputs-save-{model.__name__}")
        post_delete.connect(
            changed, sender=model, dispatch_uid=f"par-inputs-delete-{model.__name__}"
        )
