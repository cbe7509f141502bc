"""A lead's compilation of one criterion: every unit's results, difficulties and proposals for a
period, on a page and as a Word file the lead edits into the criterion's part of the province's
report. Only reports that reached the lead count (submitted, returned or accepted)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH

from parsipas.lib import wordfile
from parsipas.plans.models import Node
from parsipas.reporting.models import Report, ReportingPeriod


@dataclass
class Entry:
    unit: str
    status: str
    workflow: str
    narrative: str
    difficulties: str
    proposals: str


@dataclass
class Compilation:
    node: Node
    period: ReportingPeriod
    entries: list[Entry]
    missing: list[str]  # units whose report has not reached the lead

    def with_text(self, field: str) -> list[Entry]:
        return [e for e in self.entries if getattr(e, field).strip()]


def compile_criterion(period: ReportingPeriod, node: Node) -> Compilation:
    """2 queries."""
    from parsipas.reporting.queries import units_not_sent

    reports = (
        Report.objects.filter(period=period, assignment__node=node)
        .exclude(workflow=Report.Workflow.DRAFT)
        .select_related("assignment__unit")
        .order_by("assignment__unit__kind", "assignment__unit__name")
    )
    entries = [
        Entry(
            unit=r.assignment.unit.name,
            status=r.get_status_display(),
            workflow=r.get_workflow_display(),
            narrative=r.narrative,
            difficulties=r.difficulties,
            proposals=r.proposals,
        )
        for r in reports
    ]
    return Compilation(node, period, entries, [u.name for u in units_not_sent(period, node)])


SECTIONS = (
    ("narrative", "I. KẾT QUẢ THỰC HIỆN"),
    ("difficulties", "II. KHÓ KHĂN, VƯỚNG MẮC"),
    ("proposals", "III. ĐỀ XUẤT, KIẾN NGHỊ"),
)


def to_docx(c: Compilation, lead_name: str) -> bytes:
    title = f"Tổng hợp báo cáo tiêu chí {c.node.code} – {c.period.label}"
    doc = wordfile.new_document(title, lead_name)
    center = WD_ALIGN_PARAGRAPH.CENTER
    wordfile.para(doc, "TỔNG HỢP BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", bold=True, align=center, after=0)
    wordfile.para(doc, f"Tiêu chí {c.node.code}. {c.node.title}", bold=True, align=center, after=0)
    wordfile.para(doc, f"({c.period.label}; {lead_name} tổng hợp)", italic=True, align=center)
    wordfile.para(
        doc,
        f"Có {len(c.entries)} cơ quan, đơn vị đã gửi báo cáo; "
        + (
            f"{len(c.missing)} đơn vị chưa gửi: {', '.join(c.missing)}."
            if c.missing
            else "không còn đơn vị nào chưa gửi."
        ),
        indent=True,
    )
    for field, heading in SECTIONS:
        wordfile.para(doc, heading, bold=True)
        entries = c.with_text(field)
        if not entries:
            wordfile.para(doc, "Chưa có đơn vị nào nêu nội dung này.", italic=True, indent=True)
        for i, e in enumerate(entries, 1):
            suffix = f" ({e.status.lower()})" if field == "narrative" else ""
            wordfile.para(doc, f"{i}. {e.unit}{suffix}:", bold=True, indent=True, after=2)
            wordfile.paragraphs(doc, getattr(e, field))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@dataclass
class FieldTexts:
    """What the units wrote under one field (lĩnh vực) for one text: difficulties or proposals."""

    code: str
    title: str
    items: dict[str, list[str]]  # the text (as written) -> "unit (tiêu chí c)" that wrote it


def texts_by_field(plan_id: int, period: ReportingPeriod, text: str) -> list[FieldTexts]:
    """Every non-empty `text` ('difficulties' or 'proposals') of the period's sent reports,
    grouped by the criterion's field in plan order, the same words said by several units once
    with all their names. 1 query."""
    reports = (
        Report.objects.filter(period=period, assignment__node__plan_id=plan_id)
        .exclude(workflow=Report.Workflow.DRAFT)
        .exclude(**{text: ""})
        .select_related("assignment__node__parent", "assignment__unit")
        .order_by(
            "assignment__node__parent__order",
            "assignment__node__order",
            "assignment__unit__name",
        )
    )
    groups: dict[int, FieldTexts] = {}
    for r in reports:
        node = r.assignment.node
        parent = node.parent or node
        group = groups.setdefault(parent.pk, FieldTexts(parent.code, parent.title, {}))
        said = " ".join(getattr(r, text).split())
        group.items.setdefault(said, []).append(f"{r.assignment.unit.name} ({node.code})")
    return list(groups.values())
