"""Which items of a dossier snapshot a person may receive: exactly what they could download one
by one, asked of the same `policy` functions as the download views —
`can_download_evidence` (a report's evidence), `can_view_register_row` for one of the row's
units (a register's file or document), `can_view_dialogues`, and `can_assemble_par_dossier`
for the documents the office uploaded itself. `user=None` is the server's own command line."""

from __future__ import annotations

import copy
from typing import Any

from parsipas.accounts import policy


def may_download_reports(user: Any, evidence: list[Any]) -> dict[int, bool]:
    """`policy.can_download_evidence` for many report files, asked once per criterion and
    "own unit or not" (all the rule depends on besides the role), not once per file."""
    asked: dict[tuple[int, bool], bool] = {}
    result = {}
    for item in evidence:
        assignment = item.report.assignment
        key = (assignment.node_id, assignment.unit_id == getattr(user, "unit_id", None))
        if key not in asked:
            asked[key] = policy.can_download_evidence(user, item)
        result[item.pk] = asked[key]
    return result


def allowed_keys(user: Any, snapshot: dict[str, Any]) -> set[str]:
    from parsipas.reporting.models import Evidence
    from parsipas.units.models import Unit

    items = [i for row in snapshot["criteria"] for i in row.get("evidence", [])]
    if user is None:
        return {i["key"] for i in items}
    report_ids = {i["id"] for i in items if i["kind"] == "report"}
    evidence = {
        e.pk: e
        for e in Evidence.objects.filter(pk__in=report_ids).select_related(
            "report__period", "report__assignment__node", "report__assignment__unit"
        )
    }
    rights = may_download_reports(user, list(evidence.values()))
    unit_ids = {u for i in items for u in i.get("owners", []) if u}
    units = Unit.objects.in_bulk(unit_ids)
    allowed: set[str] = set()
    for item in items:
        kind = item["kind"]
        if kind == "report":
            ok = rights.get(item["id"], False)
        elif kind in ("register", "task", "initiative", "procedure"):
            ok = any(
                policy.can_view_register_row(user, units[u])
                for u in item.get("owners", [])
                if u in units
            )
        elif kind == "dialogue":
            ok = policy.can_view_dialogues(user)
        elif kind == "upload":
            ok = policy.can_assemble_par_dossier(user)
        else:
            ok = False
        if ok:
            allowed.add(item["key"])
    return allowed


def for_user(user: Any, snapshot: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A copy of `snapshot` without the items `user` may not receive, and how many were left out."""
    allowed = allowed_keys(user, snapshot)
    result = copy.deepcopy(snapshot)
    withheld = 0
    for row in result["criteria"]:
        kept = [i for i in row.get("evidence", []) if i["key"] in allowed]
        withheld += len(row.get("evidence", [])) - len(kept)
        row["evidence"] = kept
    return result, withheld
