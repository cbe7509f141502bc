"""The computed figures of a year or a period, as rows for `parsipas registers figures`."""

from __future__ import annotations

from typing import Any

from parsipas.plans.models import Target
from parsipas.reporting import computed
from parsipas.reporting.computed import Window

CODES = ("1.3", "1.4", "1.6", "1.8", "3.7", "4.8", "4.9", "3.8", "7.10", "7.12", "7.13")


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split(".") if p.isdigit())


def rows(window: Window) -> list[dict[str, Any]]:
    """One row per computed province figure of the criteria above: code, target, value, source,
    rows (the records behind the value), and the label, text and link that pages show."""
    items = [i for i in computed.province_figures(window) if i.node_key.split(":", 1)[1] in CODES]
    targets = list(
        Target.objects.filter(
            node__plan__year=window.year, node__index="PAR", node__code__in=CODES
        ).select_related("node")
    )
    by_id = {t.pk: t for t in targets}
    matched = {id(item): by_id[t_id] for t_id, item in computed.match(items, targets).items()}
    result = []
    for item in items:
        target = matched.get(id(item))
        result.append(
            {
                "code": item.node_key.split(":", 1)[1],
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
    result.sort(key=lambda r: _code_key(r["code"]))
    return result
