from __future__ import annotations

import datetime as dt
import io
import json
import random
from decimal import Decimal

from django.core.management import call_command

from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.tests.helpers import csv_bytes
from parsipas.registers import demo
from parsipas.registers.models import Inspection
from parsipas.registers.tests.conftest import YEAR
from parsipas.reporting import reminders
from parsipas.reporting.models import TargetFigure
from parsipas.reporting.workflow import FigureInput, ReportInput, report_for, save_report

CODES = {"1.3", "1.4", "1.6", "1.8", "3.7", "4.8", "4.9", "3.8"}
PETITION_CODES = {"SIPAS 5", "1.7"}  # computed by the petitions app, listed as well


def figures(*args: str) -> list[dict[str, object]]:
    out = io.StringIO()
    call_command("registers", "figures", "--year", str(YEAR), *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_figures_command_gives_every_computed_target_a_value_after_the_demo(world):
    import_dossiers(
        io.BytesIO(csv_bytes([
            {"code": f"D{n}", "unit": "stp", "received": "05/03/2026 08:00:00",
             "due": "10/03/2026 17:00:00", "finished": "09/03/2026 10:00:00"}
            for n in range(3)
        ] + [{"code": "D-late", "unit": "stp", "received": "05/03/2026 08:00:00",
              "due": "10/03/2026 17:00:00", "finished": "12/03/2026 10:00:00", "apology": "1",
              "fee": "1", "paid_online": "1", "digitized": "1", "fully_online": "1"}])),
        "hs.csv",
    )  # fmt: skip
    demo.generate(YEAR, random.Random(7))
    rows = figures()
    assert {r["code"] for r in rows} >= CODES | PETITION_CODES  # every registered source
    for r in rows:
        assert set(r) >= {"code", "target", "value", "source", "rows"}
        if r["code"] not in PETITION_CODES:  # the demo makes no petitions nor dialogues
            assert r["value"] is not None, r
    sipas_5 = next(r for r in rows if r["code"] == "SIPAS 5")
    assert sipas_5["value"] is None and sipas_5["text"] == "không có phản ánh"
    assert next(r for r in rows if r["code"] == "4.8")["target"] is None
    one = next(r for r in rows if r["code"] == "1.3")
    assert one["rows"] == Inspection.objects.filter(year=YEAR, kind="cchc").count()
    # a period counts only the rows dated in it
    assert len(figures("--period", "Q1")) == len(rows)


def test_the_demo_aligns_the_reports_with_the_registers(world):
    report = report_for(world.assignment("1.4"), world.periods["Q3"])
    targets = list(world.nodes["1.4"].targets.all())
    typed = ReportInput(status="in_progress", narrative="x",
                        figures={t.pk: FigureInput(Decimal(12)) for t in targets})  # fmt: skip
    save_report(report, typed, world.people["unit"], targets, 0)  # no register yet: typed
    assert not TargetFigure.objects.get(report=report, target=targets[0]).is_computed
    demo.generate(YEAR, random.Random(7))
    figure = TargetFigure.objects.get(report=report, target=targets[0])
    assert figure.is_computed and figure.value == figure.computed_value != 12


def test_overdue_findings_reach_the_daily_digest(world):
    inspection = world.inspect("stp", findings=1, start=dt.date(YEAR, 3, 2))
    digests = reminders.collect(dt.date(YEAR, 6, 1))
    items = digests[world.people["unit"].pk].items
    overdue = [i for i in items if i.section == "registers"]
    assert overdue and "quá hạn khắc phục" in overdue[0].text
    assert "don-vi=stp" in overdue[0].url
    keepers = [i for i in digests[world.people["lead"].pk].items if i.section == "registers"]
    assert keepers and "1 vấn đề quá hạn" in keepers[0].text
    assert world.people["commune"].pk not in digests or not any(
        i.section == "registers" for i in digests[world.people["commune"].pk].items
    )
    world.remediate(inspection.findings.first(), day=dt.date(YEAR, 5, 1))
    assert not any(
        i.section == "registers"
        for i in reminders.collect(dt.date(YEAR, 6, 8))
        .get(world.people["unit"].pk, reminders.Digest(world.people["unit"]))
        .items
    )
