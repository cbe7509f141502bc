"""Assemble a framework's dossier into a snapshot: plain JSON, the one shape the page, the
frozen versions, the ZIP, the Excel index and the Word report all read.

Per criterion (framework order): the proposed score (the projection's, or the office's own),
the source of the value (`par.sources`), the office's explanation, and the evidence:
- files filed with the reports of the linked plan criteria (`Criterion.plan_codes`) in the
  framework's year, when the report was sent (submitted or accepted);
- the registers (`parsipas.registers`): for 1.3/1.4 the CCHC inspections' conclusion notices,
  remediation plans and findings' remediation evidence, for 4.8/4.9 the same of the inspections
  of decentralised tasks, for 1.8 the Government tasks (the assigning document, the completion
  evidence), for 1.6 the initiatives' recognition decisions and for 3.7 the decisions announcing
  inter-linked procedures (documents cited without a file);
- the dialogues' minutes for 1.7 (cited by number: the dialogues register serves no file);
- documents the office added by hand (uploaded, or picked from a report's evidence).
Each evidence item carries its `key` ("report:12", "notice:3"…), what `access.py` needs to
check the requesting person's right to the file, and the document's metadata.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from parsipas.lib.docnumbers import KIND_LABELS
from parsipas.par.dossier.models import Dossier, DossierEntry, DossierFile
from parsipas.par.models import Framework
from parsipas.par.projection import Projection, points_at_risk, project

SENT = ("submitted", "accepted")
INSPECTION_KINDS = {
    "PAR:1.3": "cchc",
    "PAR:1.4": "cchc",
    "PAR:4.8": "phan-cap",
    "PAR:4.9": "phan-cap",
}
FINDING_KEYS = ("PAR:1.4", "PAR:4.9")


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def _meta(obj: Any, **defaults: str) -> dict[str, str]:
    """The document metadata of an evidence row (`reporting.documents.DocumentMeta`); what the
    row leaves blank comes from `defaults` (what the register row itself says)."""
    out = {}
    for name in ("doc_number", "doc_issuer", "doc_title", "doc_section"):
        out[name] = str(getattr(obj, name, "") or defaults.get(name, ""))
    out["doc_kind"] = kind_label(str(getattr(obj, "doc_kind", "") or defaults.get("doc_kind", "")))
    out["doc_date"] = _iso(getattr(obj, "doc_date", None)) or defaults.get("doc_date", "")
    return out


def _file_item(
    key: str, kind: str, pk: int, stored: Any, origin: str, **extra: Any
) -> dict[str, Any]:
    """An item with a file: `stored` has file, original_name, content_type, size, sha256 and
    its document metadata, which fills what `extra` (the register row's own data) leaves blank."""
    for name, value in _meta(stored).items():
        if value and not extra.get(name):
            extra[name] = value
    return {
        "key": key,
        "kind": kind,
        "id": pk,
        "has_file": True,
        "storage": stored.file.name,
        "name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "origin": origin,
        **extra,
    }


def _reference(key: str, kind: str, pk: int, origin: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "kind": kind,
        "id": pk,
        "has_file": False,
        "name": "",
        "origin": origin,
        **extra,
    }


# --- the sources of evidence ----------------------------------------------------------------


def report_evidence(year: int, keys: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Evidence filed with the sent reports of the year on the plan criteria `keys`."""
    from parsipas.reporting.models import Evidence

    wanted: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not keys:
        return wanted
    rows = (
        Evidence.objects.filter(
            report__period__year=year,
            report__workflow__in=SENT,
            report__assignment__node__plan__year=year,
        )
        .select_related("report__period", "report__assignment__node", "report__assignment__unit")
        .order_by("report__assignment__node__order", "report__assignment__unit__name", "pk")
    )
    for ev in rows:
        node = ev.report.assignment.node
        if node.key not in keys:
            continue
        unit = ev.report.assignment.unit
        origin = f"Báo cáo {ev.report.period.name} của {unit.name} (tiêu chí kế hoạch {node.code})"
        item = _file_item(
            f"report:{ev.pk}", "report", ev.pk, ev, origin, **_meta(ev, doc_issuer=unit.name)
        )
        wanted[node.key].append(item)
    return wanted


def register_evidence(year: int, keys: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Documents of the registers behind 1.3, 1.4, 1.6, 1.8, 3.7, 4.8, 4.9."""
    from parsipas.registers.models import (
        Finding,
        GovernmentTask,
        Initiative,
        Inspection,
        LinkedProcedure,
    )

    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key in sorted(keys & set(INSPECTION_KINDS)):
        inspections = (
            Inspection.objects.filter(year=year, kind=INSPECTION_KINDS[key])
            .select_related("unit", "team_unit", "notice__file", "remediation_plan_file")
            .order_by("start_date", "pk")
        )
        for insp in inspections:
            owners = [insp.unit_id]
            if insp.notice_id and insp.notice:
                notice = insp.notice
                found[key].append(
                    _file_item(
                        f"register:{notice.file_id}",
                        "register",
                        notice.file_id,
                        notice.file,
                        f"Thông báo kết luận kiểm tra {insp.unit.name}",
                        owners=owners,
                        doc_number=notice.number,
                        doc_date=_iso(notice.date),
                        doc_issuer=insp.team_unit.name,
                        doc_kind="thông báo kết luận",
                        doc_title=f"Kết luận kiểm tra {insp.unit.name}",
                        doc_section="",
                    )
                )
            if insp.remediation_plan_file_id and insp.remediation_plan_file:
                found[key].append(
                    _file_item(
                        f"register:{insp.remediation_plan_file_id}",
                        "register",
                        insp.remediation_plan_file_id,
                        insp.remediation_plan_file,
                        f"Kế hoạch khắc phục của {insp.unit.name}",
                        owners=owners,
                        doc_number=insp.remediation_plan_number,
                        doc_date=_iso(insp.remediation_plan_date),
                        doc_issuer=insp.unit.name,
                        doc_kind="kế hoạch",
                        doc_title="Kế hoạch khắc phục sau kiểm tra",
                        doc_section="",
                    )
                )
        if key in FINDING_KEYS:
            findings = (
                Finding.objects.filter(
                    inspection__year=year,
                    inspection__kind=INSPECTION_KINDS[key],
                    evidence__isnull=False,
                )
                .select_related("inspection__unit", "evidence")
                .order_by("inspection__start_date", "order", "pk")
            )
            for finding in findings:
                unit = finding.inspection.unit
                found[key].append(
                    _file_item(
                        f"register:{finding.evidence_id}",
                        "register",
                        int(finding.evidence_id or 0),
                        finding.evidence,
                        f"Kết quả khắc phục của {unit.name}",
                        owners=[unit.pk],
                        doc_number="",
                        doc_date=_iso(finding.remediated_on),
                        doc_issuer=unit.name,
                        doc_kind="báo cáo",
                        doc_title=f"Khắc phục: {finding.text[:80]}",
                        doc_section="",
                    )
                )
    if "PAR:1.8" in keys:
        tasks = (
            GovernmentTask.objects.filter(year=year)
            .prefetch_related("units")
            .select_related("evidence")
        )
        for task in tasks.order_by("doc_date", "pk"):
            owners = [u.pk for u in task.units.all()]
            meta = {
                "doc_number": task.doc_number,
                "doc_date": _iso(task.doc_date),
                "doc_issuer": task.issuer,
                "doc_kind": "văn bản giao nhiệm vụ",
                "doc_title": task.content[:120],
                "doc_section": "",
            }
            if task.evidence_id and task.evidence:
                found["PAR:1.8"].append(
                    _file_item(
                        f"register:{task.evidence_id}",
                        "register",
                        task.evidence_id,
                        task.evidence,
                        f"Kết quả thực hiện nhiệm vụ {task.doc_number}",
                        owners=owners,
                        **{
                            **meta,
                            "doc_kind": "báo cáo",
                            "doc_number": "",
                            "doc_date": _iso(task.completed_on),
                            "doc_title": f"Kết quả thực hiện nhiệm vụ theo {task.doc_number}",
                        },
                    )
                )
            found["PAR:1.8"].append(
                _reference(
                    f"task:{task.pk}",
                    "task",
                    task.pk,
                    "Sổ nhiệm vụ Chính phủ giao",
                    owners=owners,
                    **meta,
                )
            )
    if "PAR:1.6" in keys:
        for ini in Initiative.objects.filter(
            year=year, status__in=Initiative.COUNTED
        ).select_related("unit"):
            found["PAR:1.6"].append(
                _reference(
                    f"initiative:{ini.pk}",
                    "initiative",
                    ini.pk,
                    f"Sáng kiến của {ini.unit.name}",
                    owners=[ini.unit_id],
                    doc_number=ini.decision_number,
                    doc_date=_iso(ini.decision_date),
                    doc_issuer=ini.central_body or "UBND tỉnh",
                    doc_kind="quyết định",
                    doc_title=f"Công nhận sáng kiến “{ini.title[:100]}”",
                    doc_section="",
                )
            )
    if "PAR:3.7" in keys:
        procedures = LinkedProcedure.objects.filter(decision_date__year=year).select_related(
            "lead_unit"
        )
        for proc in procedures:
            found["PAR:3.7"].append(
                _reference(
                    f"procedure:{proc.pk}",
                    "procedure",
                    proc.pk,
                    "Sổ TTHC liên thông",
                    owners=[proc.lead_unit_id] if proc.lead_unit_id else [],
                    doc_number=proc.decision_number,
                    doc_date=_iso(proc.decision_date),
                    doc_issuer="UBND tỉnh",
                    doc_kind="quyết định",
                    doc_title=f"Công bố TTHC liên thông: {proc.name[:100]}",
                    doc_section="",
                )
            )
    return found


def dialogue_evidence(year: int, keys: set[str]) -> dict[str, list[dict[str, Any]]]:
    from parsipas.petitions.models import Dialogue

    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if "PAR:1.7" not in keys:
        return found
    for dialogue in Dialogue.objects.filter(year=year).order_by("held_on", "pk"):
        found["PAR:1.7"].append(
            _reference(
                f"dialogue:{dialogue.pk}",
                "dialogue",
                dialogue.pk,
                "Sổ đối thoại",
                doc_number=dialogue.minutes_number,
                doc_date=_iso(dialogue.held_on),
                doc_issuer=dialogue.chair,
                doc_kind="biên bản",
                doc_title=f"Biên bản {dialogue.title[:100]}",
                doc_section="",
            )
        )
    return found


def hand_evidence(dossier: Dossier | None) -> dict[int, list[dict[str, Any]]]:
    """Documents the office added, by criterion id."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if dossier is None or dossier.pk is None:
        return found
    rows = DossierFile.objects.filter(entry__dossier=dossier).select_related(
        "entry", "picked_evidence__report__assignment__unit"
    )
    for row in rows:
        meta = {
            f: getattr(row, f)
            for f in ("doc_number", "doc_issuer", "doc_kind", "doc_title", "doc_section")
        }
        meta["doc_date"] = _iso(row.doc_date)
        meta["doc_kind"] = kind_label(row.doc_kind)
        if row.picked_evidence_id and row.picked_evidence:
            ev = row.picked_evidence
            item = _file_item(
                f"report:{ev.pk}",
                "report",
                ev.pk,
                ev,
                "Chọn từ tài liệu của báo cáo",
                hand=row.pk,
                **{**_meta(ev), **{k: v for k, v in meta.items() if v}},
            )
        else:
            item = _file_item(
                f"upload:{row.pk}", "upload", row.pk, row, "Văn phòng bổ sung", hand=row.pk, **meta
            )
        found[row.entry.criterion_id].append(item)
    return found


# --- the snapshot ---------------------------------------------------------------------------


@dataclass
class Assembled:
    snapshot: dict[str, Any]
    projection: Projection


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.0001")))


def assemble(framework: Framework, dossier: Dossier | None = None) -> Assembled:
    """The dossier as it stands now (nothing is saved)."""
    if dossier is None:
        dossier = Dossier.objects.filter(framework=framework).first()
    projection = project(framework)
    entries = (
        {e.criterion_id: e for e in DossierEntry.objects.filter(dossier=dossier)} if dossier else {}
    )
    year = framework.year
    keys = {k for line in projection.lines for k in (line.criterion.plan_codes or [])}
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for source in (
        report_evidence(year, keys),
        register_evidence(year, keys),
        dialogue_evidence(year, keys),
    ):
        for key, items in source.items():
            by_key[key].extend(items)
    hand = hand_evidence(dossier)
    rows: list[dict[str, Any]] = []
    overrides: dict[str, Decimal] = {}
    part = ""
    for line in projection.lines:
        c = line.criterion
        entry = entries.get(c.pk)
        if line.depth == 0:
            part = c.code
        row: dict[str, Any] = {
            "id": c.pk,
            "code": c.code,
            "title": c.title,
            "depth": line.depth,
            "part": part,
            "parent": c.parent.code if c.parent_id and c.parent else "",
            "is_group": c.is_group,
            "max": _dec(line.scored.max_points if line.scored.applicable else c.max_points),
            "evidence_required": c.evidence_required,
            "explanation": entry.explanation if entry else "",
            "evidence": [],
        }
        if not c.is_group:
            sourced = line.sourced
            row["value"] = _dec(sourced.value) if sourced else None
            row["source"] = sourced.source if sourced else "none"
            row["source_label"] = sourced.label if sourced else "Chưa có số liệu"
            row["source_detail"] = sourced.detail if sourced else ""
            row["proposed"] = None if row["source"] == "none" else _dec(line.scored.points)
            row["score"] = row["proposed"]
            row["edited"] = entry is not None and entry.score is not None
            if row["edited"]:
                assert entry is not None and entry.score is not None
                row["score"] = _dec(entry.score)
                overrides[c.code] = entry.score - line.scored.points
            excluded = set(entry.excluded if entry else [])
            seen: set[str] = set()
            items = [i for k in (c.plan_codes or []) for i in by_key.get(k, [])] + hand.get(
                c.pk, []
            )
            for item in items:
                if item["key"] in seen:
                    continue
                seen.add(item["key"])
                item = dict(item, excluded=item["key"] in excluded)
                row["evidence"].append(item)
            kept = [i for i in row["evidence"] if not i["excluded"]]
            row["missing_score"] = row["score"] is None
            row["missing_evidence"] = not kept
        rows.append(row)
    _group_scores(rows, projection, overrides)
    risks = [
        {"code": r.line.criterion.code, "title": r.line.criterion.title, "at_risk": _dec(r.at_risk)}
        for r in points_at_risk(projection)[:8]
    ]
    snapshot = {
        "year": year,
        "framework_id": framework.pk,
        "framework_title": framework.title or str(framework),
        "assembled_at": timezone.now().isoformat(timespec="seconds"),
        "recommendations": dossier.recommendations if dossier else "",
        "risks": risks,
        "criteria": rows,
    }
    return Assembled(snapshot, projection)


def _group_scores(
    rows: list[dict[str, Any]], projection: Projection, overrides: dict[str, Decimal]
) -> None:
    """A group's score: the projection's, moved by the office's edits of the leaves below it."""
    parent_of = {r["code"]: r["parent"] for r in rows}
    shift: dict[str, Decimal] = defaultdict(Decimal)
    for code, delta in overrides.items():
        parent = parent_of.get(code, "")
        while parent:
            shift[parent] += delta
            parent = parent_of.get(parent, "")
    for row in rows:
        if row["is_group"]:
            points = projection.score.nodes[row["code"]].points + shift[row["code"]]
            row["score"] = _dec(points)
            row["proposed"] = _dec(projection.score.nodes[row["code"]].points)


def total(snapshot: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """The dossier's total score and maximum: the sum of the top-level parts."""
    tops = [r for r in snapshot["criteria"] if r["depth"] == 0]
    points = sum((Decimal(r["score"] or 0) for r in tops), Decimal(0))
    maximum = sum((Decimal(r["max"] or 0) for r in tops), Decimal(0))
    return points, maximum


def leaves(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in snapshot["criteria"] if not r["is_group"]]
