"""Evidence files for the demo year's reports, with their document metadata, so that the
self-assessment dossier (`parsipas par dossier export`) has documents for most criteria.

For every criterion of the plan, up to two units whose latest sent report says "done" file a
small PDF (a plan, a decision or a report of that unit, numbered as such documents are:
"45/KH-STP", "12/QĐ-UBND") dated inside the period. Nothing happens when the year's reports
already carry evidence. Deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import io
import random

from parsipas.plans.models import Plan
from parsipas.reporting import documents, workflow
from parsipas.reporting.models import Evidence, Report
from parsipas.units.models import COMMUNE_KINDS, Unit

KINDS = [
    ("KH", "ke-hoach", "Kế hoạch triển khai"),
    ("QĐ", "quyet-dinh", "Quyết định ban hành"),
    ("BC", "bao-cao", "Báo cáo kết quả thực hiện"),
]
PER_CRITERION = 2


def _pdf(text: str) -> bytes:
    """A one-page PDF whose content differs per document (each file is stored once by hash)."""
    body = f"BT /F1 12 Tf 72 720 Td ({text.encode('ascii', 'replace').decode()}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _suffix(unit: Unit) -> str:
    return "UBND" if unit.kind in COMMUNE_KINDS else unit.code.upper()


def generate(year: int, rng: random.Random, today: dt.date) -> int:
    plan = Plan.objects.filter(year=year).first()
    if plan is None or Evidence.objects.filter(report__assignment__node__plan=plan).exists():
        return 0
    sent = (
        Report.objects.filter(
            assignment__node__plan=plan,
            status=Report.Status.DONE,
            workflow__in=("submitted", "accepted"),
        )
        .select_related("assignment__node", "assignment__unit", "period")
        .order_by("assignment__node__order", "-period__end", "assignment__unit__name", "pk")
    )
    made: dict[int, set[int]] = {}
    count = 0
    for report in sent:
        node, unit = report.assignment.node, report.assignment.unit
        units = made.setdefault(node.pk, set())
        if len(units) >= PER_CRITERION or unit.pk in units:
            continue
        units.add(unit.pk)
        abbr, kind, lead = rng.choice(KINDS)
        number = f"{rng.randint(10, 480)}/{abbr}-{_suffix(unit)}"
        day = min(report.period.end, today) - dt.timedelta(days=rng.randint(3, 40))
        subject = node.title[:90].rstrip()
        title = f"{lead} {subject[:1].lower()}{subject[1:]}".strip()
        data = _pdf(f"{number} {year} {node.key} {unit.code} {report.pk}")
        filename = f"{number.replace('/', '-')} {title[:60]}.pdf"
        meta = documents.Meta(
            doc_number=number, doc_date=day, doc_issuer=unit.name, doc_kind=kind, doc_title=title
        )
        workflow.add_evidence(report, io.BytesIO(data), filename, None, meta=meta)  # type: ignore[arg-type]
        count += 1
    return count
