"""Store a parsed appendix as the year's plan: resolve agencies, diff, apply all-or-nothing.

The parser (plans/parsing) knows nothing of the database; this module maps its names and groups
to registry units, compares with what is stored, and applies the result in one transaction.
A re-import updates the plan in place: nodes are matched by (index, code), so reports attached
to criteria that still exist are kept, and a criterion that has reports is never deleted.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from parsipas.audit.models import AuditEntry
from parsipas.audit.tracking import record_event, summarised
from parsipas.lib.tabular import ImportRefused
from parsipas.plans.guards import Baseline, incomplete_signs
from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.plans.parsing import AgencyRegistry, ParsedNode, ParsedPlan, read_plan
from parsipas.plans.parsing.model import AgencyRef
from parsipas.plans.target_match import GONE, KEPT, KIND_LABELS, match_targets
from parsipas.units.models import GROUP_KINDS, Unit, UnitKind

COMPARED_FIELDS = (
    "title",
    "content",
    "implementers_text",
    "lead_text",
    "deadline",
    "deadline_text",
)
FIELD_LABELS = {
    "title": "tên",
    "content": "nội dung",
    "implementers_text": "cơ quan thực hiện",
    "lead_text": "cơ quan chủ trì",
    "deadline": "hạn",
    "deadline_text": "thời gian thực hiện",
    "targets": "chỉ tiêu",
}


@dataclass
class Resolution:
    """What an agency cell resolves to in the registry."""

    units: list[Unit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    related: bool = False


@dataclass
class PlanDiff:
    added: list[str] = field(default_factory=list)  # "PAR:1.3 Tỷ lệ cơ quan ..."
    removed: list[str] = field(default_factory=list)
    kept_with_reports: list[str] = field(default_factory=list)  # removed in the file, kept here
    edited: list[tuple[str, list[str]]] = field(default_factory=list)  # (node, [field labels])
    # Targets that change, move, are added or go: {"node", "kind", "old", "new", "figures"}
    targets: list[dict[str, Any]] = field(default_factory=list)
    leaving_criteria: int = 0  # stored criteria not in the file (removed or kept with reports)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.edited)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "kept_with_reports": self.kept_with_reports,
            "edited": [{"node": n, "fields": f} for n, f in self.edited],
            "targets": self.targets,
        }

    def disappearing(self) -> list[str]:
        """What applying removes for good: criteria and targets without history."""
        gone = [
            f"{t['node']}: chỉ tiêu «{t['old']}»"
            for t in self.targets
            if t["kind"] == GONE and not t["figures"]
        ]
        return [*self.removed, *gone]


@dataclass
class Preview:
    parsed: ParsedPlan
    year: int
    diff: PlanDiff
    notes: list[dict[str, str]]  # registry problems: unknown agencies, "related" to choose
    counts: dict[str, int]
    sha256: str
    incomplete: list[str] = field(default_factory=list)  # signs the file is not the whole plan

    def report(self) -> dict[str, Any]:
        """The import report the admin reads before applying: JSON-able."""
        return {
            "year": self.year,
            "title": self.parsed.title,
            "sha256": self.sha256,
            "counts": self.counts,
            "issues": [
                {"severity": i.severity, "location": i.location, "message": i.message}
                for i in self.parsed.issues
            ]
            + self.notes,
            "diff": self.diff.as_dict(),
            "incomplete": self.incomplete,
            "disappearing": self.diff.disappearing(),
        }


class RegistryIndex:
    """The unit registry, loaded once, answering the parser's names and groups."""

    def __init__(self) -> None:
        self.units = list(Unit.objects.active())
        self.agencies = [u for u in self.units if u.kind == UnitKind.AGENCY]

    def parser_registry(self) -> AgencyRegistry:
        return AgencyRegistry({u.name: tuple(u.alias_list()) for u in self.agencies})

    def by_name(self, name: str) -> Unit | None:
        from parsipas.units.models import find_unit_by_name

        return find_unit_by_name(name, self.units)

    def group(self, group: str) -> list[Unit]:
        kinds = GROUP_KINDS.get(group, ())
        return [u for u in self.units if u.kind in kinds]

    def resolve(self, ref: AgencyRef) -> Resolution:
        result = Resolution(related=ref.related)
        seen: set[int] = set()

        def add(unit: Unit) -> None:
            if unit.pk not in seen:
                seen.add(unit.pk)
                result.units.append(unit)

        for group in ref.groups:
            for unit in self.group(group):
                add(unit)
        for name in ref.names:
            named = self.by_name(name)
            if named is None:
                result.unknown.append(name)
            else:
                add(named)
        return result


def node_label(index: str, code: str, title: str = "") -> str:
    prefix = "PAR" if index == "PAR" else "SIPAS"
    return f"{prefix} {code} {title[:80]}".strip()


def looks_swapped(node: ParsedNode) -> bool:
    """The lead cell names only groups while the implementers cell names agencies (1.5 of 2026)."""
    return bool(
        node.leads.groups
        and not node.leads.names
        and node.implementers.names
        and not node.implementers.groups
    )


def leads_and_implementers(node: ParsedNode) -> tuple[AgencyRef, AgencyRef]:
    """Lead agencies are named agencies only; a group in the lead cell is read as swapped columns."""
    if looks_swapped(node):
        return node.implementers, node.leads
    return AgencyRef(names=node.leads.names, related=node.leads.related), node.implementers


def location_of(index: str, code: str) -> str:
    """The parser's way of naming a node in the import report ("mục 1.4", "mục 3 (SIPAS)")."""
    return f"mục {code}" if index == "PAR" else f"mục {code} (SIPAS)"


def _registry_notes(parsed: ParsedPlan, registry: RegistryIndex) -> list[dict[str, str]]:
    notes = []
    for node in parsed.nodes:
        if node.level != "criterion":
            continue
        where = location_of(node.index, node.code)
        if looks_swapped(node):
            notes.append(
                {
                    "severity": "doubt",
                    "location": where,
                    "message": "Đã tạm hiểu hai cột bị đặt ngược: cơ quan chủ trì là «"
                    + ", ".join(node.implementers.names)
                    + "», đơn vị thực hiện là nhóm «"
                    + node.lead_text
                    + "». Quản trị viên kiểm tra và sửa nếu cần.",
                }
            )
        for label, ref in (
            ("cơ quan chủ trì", node.leads),
            ("cơ quan thực hiện", node.implementers),
        ):
            resolution = registry.resolve(ref)
            for name in resolution.unknown:
                notes.append(
                    {
                        "severity": "doubt",
                        "location": where,
                        "message": f"{label.capitalize()} «{name}» không có trong danh mục đơn vị: "
                        "hãy thêm đơn vị vào danh mục hoặc sửa phân công sau khi nhập.",
                    }
                )
        if (
            not node.implementers.is_empty
            and not registry.resolve(leads_and_implementers(node)[1]).units
        ):
            notes.append(
                {
                    "severity": "doubt",
                    "location": where,
                    "message": "Không xác định được đơn vị thực hiện nào: tiêu chí chưa được giao.",
                }
            )
    return notes


def _targets_signature(targets: list[Any]) -> list[tuple[object, ...]]:
    def num(value: Any) -> str:
        return "" if value is None else f"{Decimal(str(value)).normalize()}"

    return [(t.op, num(t.value), num(t.value_max), t.unit) for t in targets]


def compute_diff(plan: Plan | None, parsed: ParsedPlan) -> PlanDiff:
    diff = PlanDiff()
    stored: dict[tuple[str, str], Node] = {}
    if plan is not None:
        stored = {(n.index, n.code): n for n in plan.nodes.prefetch_related("targets")}
    incoming = {(n.index, n.code): n for n in parsed.nodes}
    for key, node in incoming.items():
        old = stored.get(key)
        if old is None:
            diff.added.append(node_label(node.index, node.code, node.title))
            continue
        label = node_label(node.index, node.code, node.title)
        changed = [FIELD_LABELS[f] for f in COMPARED_FIELDS if getattr(old, f) != getattr(node, f)]
        target_changes = _target_changes(label, list(old.targets.all()), node.targets)
        if target_changes:
            changed.append(FIELD_LABELS["targets"])
            diff.targets += target_changes
        if changed:
            diff.edited.append((label, changed))
    for stored_key, old in stored.items():
        if stored_key not in incoming:
            label = node_label(old.index, old.code, old.title)
            if old.level == Node.Level.CRITERION:
                diff.leaving_criteria += 1
            if _has_reports(old):
                diff.kept_with_reports.append(label)
            else:
                diff.removed.append(label)
    return diff


def _target_changes(label: str, stored: list[Target], incoming: list[Any]) -> list[dict[str, Any]]:
    """The targets of one criterion that change, move, are added or go (by text, not position)."""
    old = list(zip((t.text for t in stored), _targets_signature(stored), strict=True))
    new = list(zip((t.text for t in incoming), _targets_signature(incoming), strict=True))
    changes = []
    for m in match_targets(old, new):
        if m.kind == KEPT:
            continue
        figures = stored[m.old].figures.count() if m.old is not None and _reporting() else 0
        changes.append(
            {
                "node": label,
                "kind": m.kind,
                "label": KIND_LABELS[m.kind],
                "old": stored[m.old].text if m.old is not None else "",
                "new": incoming[m.new].text if m.new is not None else "",
                "figures": figures,
            }
        )
    return changes


def _reporting() -> bool:
    return hasattr(Target, "figures")


def _has_reports(node: Node) -> bool:
    """Any assignment of the node or below has history: a report (with its evidence) or an
    entry in the audit trail. Such a node is never deleted by an import."""
    assignments = Assignment.objects.filter(node__in=_subtree_ids(node))
    return _with_history(assignments).exists()


def _with_history(assignments: Any) -> Any:
    """The assignments among these that have a report or an audit-trail entry."""
    ids = [str(pk) for pk in assignments.values_list("pk", flat=True)]
    audited = set(
        AuditEntry.objects.filter(model="plans.assignment", object_id__in=ids).values_list(
            "object_id", flat=True
        )
    )
    query = Q(pk__in=[int(pk) for pk in audited])
    if getattr(Assignment, "reports", None) is not None:  # the reporting app is installed
        query |= Q(reports__isnull=False)
    return assignments.filter(query).distinct()


def _subtree_ids(node: Node) -> list[int]:
    ids = [node.pk]
    frontier = [node.pk]
    while frontier:
        frontier = list(Node.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def preview(data: bytes, filename: str, year: int | None = None) -> Preview:
    """Parse and compare without writing anything. Raises ImportRefused for a bad file."""
    registry = RegistryIndex()
    parsed = read_plan(data, filename, registry.parser_registry())
    plan_year = year or parsed.year
    if plan_year is None:
        raise ImportRefused(
            f"Tệp «{filename}»: không tìm thấy năm của kế hoạch trong tiêu đề; hãy chỉ rõ năm (--year)."
        )
    if parsed.year is None:
        parsed.year = plan_year
    plan = Plan.objects.filter(year=plan_year).first()
    criteria = [n for n in parsed.nodes if n.level == "criterion"]
    counts = {
        "fields": sum(1 for n in parsed.nodes if n.level == "field"),
        "criteria_par": sum(1 for n in criteria if n.index == "PAR"),
        "criteria_sipas": sum(1 for n in criteria if n.index == "SIPAS"),
        "targets": sum(len(n.targets) for n in parsed.nodes),
        "repairs": sum(1 for i in parsed.issues if i.severity == "repair"),
        "doubts": sum(1 for i in parsed.issues if i.severity == "doubt"),
    }
    notes = _registry_notes(parsed, registry)
    counts["doubts"] += len(notes)
    diff = compute_diff(plan, parsed)
    return Preview(
        parsed=parsed,
        year=plan_year,
        diff=diff,
        notes=notes,
        counts=counts,
        sha256=hashlib.sha256(data).hexdigest(),
        incomplete=incomplete_signs(data, parsed, _baseline(plan_year), diff.leaving_criteria),
    )


def _baseline(year: int) -> Baseline | None:
    """The stored plan of the year, else last year's: what a complete file resembles."""
    for plan_year, label in ((year, "kế hoạch đã lưu"), (year - 1, f"kế hoạch năm {year - 1}")):
        plan = Plan.objects.filter(year=plan_year).first()
        if plan is not None:
            levels = Counter(plan.nodes.values_list("level", flat=True))
            return Baseline(label, levels[Node.Level.FIELD], levels[Node.Level.CRITERION])
    return None


@dataclass
class ApplyResult:
    plan: Plan
    created: bool
    diff: PlanDiff
    assignments_added: int = 0
    assignments_kept_with_reports: int = 0
    assignments_removed: int = 0


def shrink_refusal(preview_result: Preview) -> ImportRefused:
    gone = preview_result.diff.disappearing()
    return ImportRefused(
        [
            "Tệp có thể không đầy đủ — chưa áp dụng:",
            *(f"- {sign}" for sign in preview_result.incomplete),
            f"Nếu áp dụng, {len(gone)} mục sẽ mất"
            + (": " + "; ".join(gone[:30]) + (" …" if len(gone) > 30 else "") if gone else "")
            + ".",
            "Chỉ áp dụng khi chắc chắn đây là toàn bộ kế hoạch: đánh dấu ô xác nhận "
            "(hoặc thêm --allow-shrink ở dòng lệnh).",
        ]
    )


@transaction.atomic
def apply(
    preview_result: Preview, source_name: str = "", allow_shrink: bool = False
) -> ApplyResult:
    """Write the previewed plan. One transaction: any failure leaves the database unchanged.

    A file with signs of being incomplete is applied only with `allow_shrink`.
    """
    if preview_result.incomplete and not allow_shrink:
        raise shrink_refusal(preview_result)
    parsed = preview_result.parsed
    registry = RegistryIndex()
    plan, created = Plan.objects.get_or_create(
        year=preview_result.year,
        defaults={"title": parsed.title or f"Kế hoạch năm {preview_result.year}"},
    )
    diff = compute_diff(None if created else plan, parsed)
    plan.title = parsed.title or plan.title
    plan.source_name = source_name
    plan.imported_at = timezone.now()
    plan.import_report = preview_result.report()
    plan.save()

    stored = {(n.index, n.code): n for n in plan.nodes.all()}
    saved: dict[tuple[str, str], Node] = {}
    kept_targets: dict[int, list[str]] = {}  # node -> texts of gone targets kept for their figures
    for order, pnode in enumerate(parsed.nodes, start=1):
        node = stored.get(pnode.key) or Node(plan=plan, index=pnode.index, code=pnode.code)
        parent = saved.get((pnode.index, pnode.parent)) if pnode.parent else None
        _copy_fields(node, pnode, parent, order)
        node.save()
        saved[pnode.key] = node
        kept = _sync_targets(node, pnode)
        if kept:
            kept_targets[node.pk] = kept

    result = ApplyResult(plan=plan, created=created, diff=diff)
    issue_locations = {
        i["location"] for i in preview_result.report()["issues"] if i["severity"] == "doubt"
    }
    for pnode in parsed.nodes:
        node = saved[pnode.key]
        if node.locked:
            continue  # corrected by hand: the admin's choice wins over the file
        lead_ref, implementer_ref = leads_and_implementers(pnode)
        node.lead_units.set(registry.resolve(lead_ref).units)
        if pnode.level == "criterion":
            added, kept_with_reports, removed_here = _sync_assignments(
                node, registry.resolve(implementer_ref).units
            )
            result.assignments_added += added
            result.assignments_kept_with_reports += kept_with_reports
            result.assignments_removed += removed_here
        flagged = pnode.level == "criterion" and any(
            loc.endswith(location_of(pnode.index, pnode.code)) for loc in issue_locations
        )
        if node.pk in kept_targets:
            flagged = True
            node.review_note = (
                "Chỉ tiêu không còn trong tệp nhưng đã có số liệu, được giữ lại: "
                + ("; ".join(f"«{text[:120]}»" for text in kept_targets[node.pk]))
            )
            node.save(update_fields=["review_note"])
        if flagged != node.needs_review:
            node.needs_review = flagged
            node.save(update_fields=["needs_review"])

    for key, node in stored.items():
        if key in saved:
            continue
        if _has_reports(node):
            node.needs_review = True
            node.review_note = "Không còn trong tệp kế hoạch mới nhưng đã có báo cáo: được giữ lại."
            node.save(update_fields=["needs_review", "review_note"])
        else:
            result.assignments_removed += node.assignments.count()
            with summarised(Assignment):  # counted in the import's event below
                node.delete()
    removed = f", {result.assignments_removed} phân công bỏ" if result.assignments_removed else ""
    record_event(
        f"Nhập kế hoạch năm {plan.year} từ {source_name or 'tệp'}: "
        f"{len(diff.added)} mục mới, {len(diff.edited)} mục sửa, {len(diff.removed)} mục bỏ"
        f"{removed}.",
        plan,
    )
    return result


def _copy_fields(node: Node, pnode: ParsedNode, parent: Node | None, order: int) -> None:
    node.level = pnode.level
    node.parent = parent
    node.order = order
    node.title = pnode.title
    node.content = pnode.content
    node.implementers_text = pnode.implementers_text
    node.lead_text = pnode.lead_text
    if not node.locked:
        node.deadline = pnode.deadline
        node.deadline_by_authority = pnode.deadline_by_authority
    node.deadline_text = pnode.deadline_text


def _sync_targets(node: Node, pnode: ParsedNode) -> list[str]:
    """Update targets matched by text (never by position), so figures stay on their target.

    A target that is no longer in the file is deleted unless units reported figures against
    it: then it is kept after the others and its text returned, for the review note.
    """
    if node.locked:
        return []
    existing = list(node.targets.order_by("order", "pk"))
    old = list(zip((t.text for t in existing), _targets_signature(existing), strict=True))
    new = list(zip((t.text for t in pnode.targets), _targets_signature(pnode.targets), strict=True))
    kept: list[str] = []
    matches = match_targets(old, new)
    for m in matches:
        if m.new is None:
            continue
        target = pnode.targets[m.new]
        row = existing[m.old] if m.old is not None else Target(node=node)
        row.order = m.new
        row.text = target.text
        row.op = target.op
        row.value = None if target.value is None else Decimal(str(target.value))
        row.value_max = None if target.value_max is None else Decimal(str(target.value_max))
        row.unit = target.unit
        row.save()
    for m in matches:
        if m.kind != GONE:
            continue
        row = existing[m.old]  # type: ignore[index]
        if _reporting() and row.figures.exists():
            row.order = len(pnode.targets) + len(kept)
            row.save(update_fields=["order"])
            kept.append(row.text)
        else:
            row.delete()
    return kept


def _sync_assignments(node: Node, units: list[Unit]) -> tuple[int, int, int]:
    """(added, kept because of their history, removed) assignments of the criterion."""
    wanted = {u.pk for u in units}
    current = {a.unit_id: a for a in node.assignments.all()}
    # bulk: a criterion for every agency and commune is ~120 rows; the import's own audit
    # event summarises them.
    new = [Assignment(node=node, unit=unit) for unit in units if unit.pk not in current]
    Assignment.objects.bulk_create(new)
    added = len(new)
    leaving = [a.pk for unit_id, a in current.items() if unit_id not in wanted]
    if not leaving:
        return added, 0, 0
    with_history = set(
        _with_history(Assignment.objects.filter(pk__in=leaving)).values_list("pk", flat=True)
    )
    kept = len(with_history)  # the unit reported on it, or it has a history: the admin decides
    with summarised(Assignment):  # counted in the import's event
        Assignment.objects.filter(pk__in=set(leaving) - with_history).delete()
    return added, kept, len(leaving) - kept


@transaction.atomic
def publish(plan: Plan) -> None:
    plan.status = Plan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
