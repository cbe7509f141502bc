"""The unit's to-do: which of its reports still need it, as one rule for the desk's tabs, its
counters, the home card and the unit's page (they used to count differently: 23 here, 22 there).

A report still needs the unit while it is not started, a draft or returned; it is "sent" once
submitted or accepted. A returned report that nobody has touched since the lead returned it is
not sent again by "Gửi tất cả": the lead asked for a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TODO = "can-lam"
RETURNED = "tra-lai"
SENT = "da-gui"
ALL = "tat-ca"
TABS: tuple[tuple[str, str], ...] = (
    (TODO, "Cần làm"),
    (RETURNED, "Bị trả lại"),
    (SENT, "Đã gửi"),
    (ALL, "Tất cả"),
)
SENT_WORKFLOWS = ("submitted", "accepted")


def needs_unit(workflow: str | None) -> bool:
    """None is a report not started yet."""
    return workflow not in SENT_WORKFLOWS


def in_tab(tab: str, workflow: str | None) -> bool:
    if tab == TODO:
        return needs_unit(workflow)
    if tab == RETURNED:
        return workflow == "returned"
    if tab == SENT:
        return workflow in SENT_WORKFLOWS
    return True


def tab_of(value: str | None) -> str:
    """The tab asked for in the address, 'Cần làm' when none or unknown."""
    return value if value in dict(TABS) else TODO


def counts(workflows: Iterable[str | None]) -> dict[str, int]:
    """How many reports each tab holds (what the counters show and link to)."""
    items = list(workflows)
    return {tab: sum(1 for w in items if in_tab(tab, w)) for tab, _ in TABS}


def returned_unchanged(report: Any) -> bool:
    """Returned, and the last save is still the lead's return (the unit changed nothing)."""
    return (
        report.workflow == "returned"
        and report.reviewed_by_id is not None
        and report.updated_by_id == report.reviewed_by_id
        and not report.reopened
    )
