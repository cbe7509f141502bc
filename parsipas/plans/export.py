"""The stored plan as JSON (the documented shape) or as the appendix table again (.xlsx/.docx)."""

from __future__ import annotations

from typing import Any

from parsipas.plans.models import Node, Plan
from parsipas.plans.parsing import ParsedNode, ParsedPlan, write_docx, write_xlsx
from parsipas.plans.parsing.model import Target as ParsedTarget
from parsipas.plans.parsing.model import node_to_dict


def ordered_nodes(plan: Plan) -> list[Node]:
    return list(
        plan.nodes.select_related("parent")
        .prefetch_related("targets", "lead_units", "assignments__unit")
        .order_by("order")
    )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def to_parsed(plan: Plan, nodes: list[Node] | None = None) -> ParsedPlan:
    """The stored plan in the parser's shape, so both directions share one writer and one JSON."""
    parsed_nodes = []
    for node in nodes if nodes is not None else ordered_nodes(plan):
        parsed_nodes.append(
            ParsedNode(
                index=node.index,  # type: ignore[arg-type]
                code=node.code,
                level=node.level,  # type: ignore[arg-type]
                parent=node.parent.code if node.parent else None,
                title=node.title,
                content=node.content,
                implementers_text=node.implementers_text,
                lead_text=node.lead_text,
                deadline=node.deadline,
                deadline_text=node.deadline_text,
                deadline_by_authority=node.deadline_by_authority,
                targets=[
                    ParsedTarget(t.text, t.op, _number(t.value), _number(t.value_max), t.unit)  # type: ignore[arg-type]
                    for t in node.targets.all()
                ],
            )
        )
    return ParsedPlan(title=plan.title, year=plan.year, nodes=parsed_nodes)


def plan_json(plan: Plan) -> dict[str, Any]:
    """{"year", "title", "nodes": [...]} with lead unit names and implementing unit codes."""
    nodes = ordered_nodes(plan)
    parsed = to_parsed(plan, nodes)
    out = []
    for node, pnode in zip(nodes, parsed.nodes, strict=True):
        item = node_to_dict(pnode)
        item["lead_units"] = sorted(u.name for u in node.lead_units.all())
        item["implementing_units"] = sorted(a.unit.code for a in node.assignments.all())
        out.append(item)
    return {"year": plan.year, "title": plan.title, "nodes": out}


def plan_xlsx(plan: Plan) -> bytes:
    return write_xlsx(to_parsed(plan))


def plan_docx(plan: Plan) -> bytes:
    return write_docx(to_parsed(plan))
