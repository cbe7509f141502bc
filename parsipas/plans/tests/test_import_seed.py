"""Importing the real 2026 appendix of Đắk Lắk into the database."""

from __future__ import annotations

import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from parsipas.plans import importer
from parsipas.plans.export import plan_json
from parsipas.plans.models import Assignment, Node, Plan
from parsipas.plans.parsing import read_plan, write_docx, write_xlsx


def _node(plan: Plan, index: str, code: str) -> Node:
    return plan.nodes.get(index=index, code=code)


def test_the_seed_gives_8_fields_77_criteria_and_5_sipas_lines(plan_2026):
    levels = Counter(plan_2026.nodes.values_list("index", "level"))
    assert levels[("PAR", "field")] == 8
    assert levels[("PAR", "criterion")] == 77
    assert levels[("SIPAS", "criterion")] == 5
    assert _node(plan_2026, "SIPAS", "3").parent.code == "II"


def test_groups_become_assignments_to_the_right_units(plan_2026):
    assert _node(plan_2026, "PAR", "3.6").assignments.count() == 117  # agencies and communes
    units_44 = _node(plan_2026, "PAR", "4.4").assignments.values_list("unit__kind", flat=True)
    assert set(units_44) == {"agency"} and len(units_44) == 15  # "Các cơ quan, đơn vị"
    # 3.5's cell was split by a page break ("Các cơ quan, đơn vị" + "vị, địa phương")
    assert _node(plan_2026, "PAR", "3.5").assignments.count() == 117


def test_lead_agencies_are_resolved_and_doubts_flagged(plan_2026):
    def leads(code: str) -> list[str]:
        return sorted(_node(plan_2026, "PAR", code).lead_units.values_list("code", flat=True))

    assert leads("1.4") == ["snv", "ttt", "vpubnd"]
    assert leads("3.3") == ["skhcn", "vpubnd"]
    assert leads("1.7") == ["stc"]
    # 1.5: the lead cell names a group: read as swapped columns and flagged for the admin
    assert leads("1.5") == ["snv", "vpubnd"]
    assert _node(plan_2026, "PAR", "1.5").assignments.count() == 117
    assert _node(plan_2026, "PAR", "1.5").needs_review
    assert _node(plan_2026, "PAR", "6.8").needs_review  # contents look swapped with 6.9
    assert not _node(plan_2026, "PAR", "3.6").needs_review


def test_deadlines_are_dates_or_set_by_a_higher_authority(plan_2026):
    n12 = _node(plan_2026, "PAR", "1.2")
    assert n12.deadline is None and n12.deadline_by_authority
    assert n12.deadline_text == "Theo thời hạn quy định của Bộ Nội vụ"
    n11 = _node(plan_2026, "PAR", "1.1")
    assert (
        n11.deadline.isoformat() == "2026-12-31"
        and n11.deadline_text == "Chậm nhất là ngày 31/12/2026"
    )


def test_targets_are_stored_with_their_text(plan_2026):
    def targets(code):
        return [
            (t.op, t.value and float(t.value), t.value_max and float(t.value_max), t.unit)
            for t in _node(plan_2026, "PAR", code).targets.all()
        ]

    assert targets("1.3") == [(">=", 30.0, None, "%")]
    assert targets("3.9") == [(">=", 94.0, None, "điểm")]
    assert targets("7.12") == [("between", 90.0, 100.0, "%")]
    assert [t[0] for t in targets("8.1")] == ["increase"]
    assert len(targets("7.13")) == 3


def test_reimporting_the_same_file_changes_and_duplicates_nothing(plan_2026, seed_bytes):
    nodes, assignments = Node.objects.count(), Assignment.objects.count()
    preview = importer.preview(seed_bytes, "daklak-2026.txt")
    assert preview.diff.is_empty
    importer.apply(preview)
    assert (Node.objects.count(), Assignment.objects.count()) == (nodes, assignments)
    assert Plan.objects.count() == 1


def test_reimport_shows_what_changed_and_keeps_reports_of_criteria_that_remain(
    plan_2026, seed_bytes, make_user
):
    from parsipas.reporting.models import Report, ReportingPeriod

    period = ReportingPeriod.objects.create(
        year=2026,
        code="Q1",
        name="Quý I",
        start="2026-01-01",
        end="2026-03-15",
        due_date="2026-03-20",
        lead_due_date="2026-03-25",
    )
    a36 = _node(plan_2026, "PAR", "3.6").assignments.first()
    a37 = _node(plan_2026, "PAR", "3.7").assignments.first()
    Report.objects.create(assignment=a36, period=period)
    Report.objects.create(assignment=a37, period=period)
    text = seed_bytes.decode()
    lines = [line for line in text.splitlines() if not line.startswith("3.7\t")]
    edited = "\n".join(lines).replace("phải đạt từ 94 điểm trở lên", "phải đạt từ 95 điểm trở lên")
    preview = importer.preview(edited.encode(), "sua.txt")
    assert preview.diff.kept_with_reports == [
        importer.node_label("PAR", "3.7", _node(plan_2026, "PAR", "3.7").title)
    ]
    assert [e[0].split()[1] for e in preview.diff.edited] == ["3.9"]
    importer.apply(preview)
    assert Report.objects.count() == 2
    assert _node(plan_2026, "PAR", "3.7").needs_review  # kept, not deleted: it has a report
    assert float(_node(plan_2026, "PAR", "3.9").targets.get().value) == 95.0


@pytest.mark.parametrize(
    "writer, name", [(write_docx, "ke-hoach.docx"), (write_xlsx, "ke-hoach.xlsx")]
)
def test_the_same_plan_as_word_or_excel_exports_the_same_json(registry, seed_bytes, writer, name):
    with transaction.atomic():  # the plan from the text, read and rolled back
        expected = plan_json(importer.apply(importer.preview(seed_bytes, "daklak-2026.txt")).plan)
        transaction.set_rollback(True)
    other = writer(read_plan(seed_bytes, "daklak-2026.txt"))
    plan = importer.apply(importer.preview(other, name)).plan
    assert plan_json(plan) == expected


def test_export_command_prints_the_documented_json(plan_2026, capsys):
    call_command("plan", "export", "--year", "2026", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2026 and len(data["nodes"]) == 92
    n13 = next(n for n in data["nodes"] if n["index"] == "PAR" and n["code"] == "1.3")
    assert set(n13) >= {
        "index",
        "code",
        "level",
        "parent",
        "title",
        "content",
        "implementers_text",
        "lead_text",
        "lead_units",
        "implementing_units",
        "deadline",
        "deadline_text",
        "targets",
    }
    assert n13["parent"] == "1" and n13["lead_units"] == ["Sở Nội vụ"]
    assert "phuong-buon-ma-thuot" in n13["implementing_units"]
    assert n13["targets"] == [
        {"text": n13["targets"][0]["text"], "op": ">=", "value": 30, "value_max": None, "unit": "%"}
    ]


def test_xlsx_export_is_the_appendix_table_again(plan_2026):
    import openpyxl

    from parsipas.plans.export import plan_xlsx

    sheet = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan_2026))).active
    texts = [str(c.value or "") for row in sheet.iter_rows() for c in row]
    assert any("CƠ QUAN CHỦ TRÌ" in t for t in texts)
    assert any(
        t.startswith("Trong năm 2026 phải thực hiện kiểm tra CCHC ít nhất là 30%") for t in texts
    )
