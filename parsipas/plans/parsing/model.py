"""Plain data produced by the plan import: no Django, no database.

A ParsedPlan is what one appendix table says, after repair; the Django layer resolves the agency
phrases against its unit registry and stores the nodes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

IndexKind = Literal["PAR", "SIPAS"]
Level = Literal["index", "field", "criterion"]
Severity = Literal["repair", "doubt", "error"]
TargetOp = Literal[">=", ">", "<=", "=", "between", "increase"]
GroupKind = Literal["agencies", "agencies_and_communes", "communes"]


@dataclass(frozen=True)
class ImportIssue:
    """Something the importer changed ("repair") or wants a human to look at ("doubt")."""

    severity: Severity
    location: str  # e.g. "dòng 27, mục 1.6"
    message: str  # Vietnamese, for the admin


@dataclass
class AgencyRef:
    """What an agency cell names: known units, groups of units, and 'the related ones'."""

    names: list[str] = field(default_factory=list)  # canonical names, unknown ones as written
    groups: list[str] = field(default_factory=list)  # GroupKind values
    related: bool = False  # "các cơ quan có liên quan": the admin must choose
    unknown: list[str] = field(default_factory=list)  # the names not in the registry

    @property
    def is_empty(self) -> bool:
        return not (self.names or self.groups or self.related)


@dataclass(frozen=True)
class Deadline:
    date: datetime.date | None
    by_authority: bool  # "theo thời hạn quy định của Bộ Nội vụ": set by someone else
    text: str  # always the original wording


@dataclass(frozen=True)
class Target:
    """A measurable commitment read from the content ("từ 98% ... trở lên")."""

    text: str  # the clause it came from
    op: TargetOp
    value: float | None
    value_max: float | None
    unit: str


@dataclass
class ParsedNode:
    index: IndexKind
    code: str
    level: Level
    parent: str | None  # the parent's code within the same index; None for index nodes
    title: str
    content: str = ""  # one paragraph, or one "- " bullet per line
    implementers_text: str = ""
    lead_text: str = ""
    implementers: AgencyRef = field(default_factory=AgencyRef)
    leads: AgencyRef = field(default_factory=AgencyRef)
    deadline: datetime.date | None = None
    deadline_text: str = ""
    deadline_by_authority: bool = False
    targets: list[Target] = field(default_factory=list)
    location: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.index, self.code)


@dataclass
class ParsedPlan:
    title: str
    year: int | None
    nodes: list[ParsedNode]
    issues: list[ImportIssue] = field(default_factory=list)

    def node(self, index: str, code: str) -> ParsedNode:
        for node in self.nodes:
            if node.index == index and node.code == code:
                return node
        raise KeyError((index, code))

    def children(self, node: ParsedNode) -> list[ParsedNode]:
        return [n for n in self.nodes if n.index == node.index and n.parent == node.code]


def _number(value: float | None) -> float | int | None:
    # JSON readers expect 30, not 30.0, for whole numbers.
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def target_to_dict(target: Target) -> dict[str, Any]:
    return {
        "text": target.text,
        "op": target.op,
        "value": _number(target.value),
        "value_max": _number(target.value_max),
        "unit": target.unit,
    }


def node_to_dict(node: ParsedNode) -> dict[str, Any]:
    return {
        "index": node.index,
        "code": node.code,
        "level": node.level,
        "parent": node.parent,
        "title": node.title,
        "content": node.content,
        "implementers_text": node.implementers_text,
        "lead_text": node.lead_text,
        "deadline": node.deadline.isoformat() if node.deadline else None,
        "deadline_text": node.deadline_text,
        "targets": [target_to_dict(t) for t in node.targets],
    }


def plan_to_dict(plan: ParsedPlan, include_issues: bool = False) -> dict[str, Any]:
    """The JSON shape of a plan, without registry-dependent fields (the Django layer adds them)."""
    data: dict[str, Any] = {
        "year": plan.year,
        "title": plan.title,
        "nodes": [node_to_dict(n) for n in plan.nodes],
    }
    if include_issues:
        data["issues"] = [
            {"severity": i.severity, "location": i.location, "message": i.message}
            for i in plan.issues
        ]
    return data
