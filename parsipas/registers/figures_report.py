"""The computed figures of a year or a period, as rows for `parsipas registers figures`.

Every figure a source registered in `reporting.computed` gives (the registers, the dossiers, the
petitions' SIPAS 5 and 1.7), not a fixed list of criteria: a new source shows up here by itself."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from parsipas.plans.models import Target
from parsipas.reporting import computed
from parsipas.reporting.computed import Computed, Window


def _code(item: Computed) -> str:
    """ "1.3" for a PAR criterion (the plan's main index), "SIPAS 5" for another index."""
    index, code = item.node_key.split(":", 1)
    return code if index == "PAR" else f"{index} {code}"


def _order(node_key: str) -> tuple[bool, str, tuple[int, ...]]:
    index, code = node_key.split(":", 1)
    return (index != "PAR", index, tuple(int(p) for p in code.split(".") if p.isdigit()))


def rows(window: Window) -> list[dict[str, Any]]:
    """One row per computed province figure: code, target, value, source, rows (the records
    behind the value), and the label, text and link that pages show."""
    items = sorted(computed.province_figures(window), key=lambda i: _order(i.node_key))
    wanted = Q(pk__in=[])
    for key in {i.node_key for i in items}:
        index, code = key.split(":", 1)
        wanted |= Q(node__index=index, node__code=code)
    targets = list(
        Target.objects.filter(wanted, node__plan__year=window.year).select_related("node")
    )
    by_id = {t.pk: t for t in targets}
    matched = {id(item): by_id[t_id] for t_id, item in computed.match(items, targets).items()}
    result = []
    for item in items:
        target = matched.get(id(item))
        result.append(
            {
                "code": _code(item),
                "target": " ".join(target.text.split()) if target else None,
                "target_value": str(target) if target else None,
                "label": item.label,
                "value": float(item.value) if item.value is not None else None,
                "text": item.text,
                "source": item.source,
                "rows": item.rows,
                "url": item.url,
            }
        )
    return result
