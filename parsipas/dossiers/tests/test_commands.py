"""The console: import, stats, generate, and scoring the portal's CSVs."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from parsipas.dossiers.models import Dossier
from parsipas.dossiers.q766 import engine
from parsipas.dossiers.q766.portal import read_portal_file
from parsipas.dossiers.tests.helpers import csv_bytes
from parsipas.dossiers.tests.test_stats import HAND_BUILT

FIXTURES = Path(__file__).parent / "fixtures" / "qd766"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_generate_import_and_stats_round_trip(registry, tmp_path):
    path = tmp_path / "hs.csv"
    assert "Đã ghi 3000 hồ sơ" in run(
        "dossiers", "generate", "--rows", "3000", "--year", "2026", "-o", str(path)
    )
    assert "Đã nhập 3000 dòng: 3000 hồ sơ mới" in run("dossiers", "import", str(path))
    data = json.loads(
        run("dossiers", "stats", "--year", "2026", "--period", "Q1", "--format", "json")
    )
    assert data["period"] == {"label": "Quý I năm 2026", "start": "2026-01-01", "end": "2026-03-31"}
    units = {u["code"]: u for u in data["units"]}
    province = data["levels"]["province"]["counts"]
    assert province["received"] == sum(u["counts"]["received"] for u in units.values()) > 0
    assert province["on_time"] + province["late"] == province["received"]
    stp = units["stp"]
    assert stp["indicators"]["on_time_rate"] == round(
        100 * stp["counts"]["on_time"] / stp["counts"]["received"], 2
    )


def test_stats_of_one_month_and_one_unit(registry, tmp_path):
    path = tmp_path / "hs.csv"
    path.write_bytes(csv_bytes(HAND_BUILT))
    run("dossiers", "import", str(path))
    data = json.loads(
        run(
            "dossiers",
            "stats",
            "--year",
            "2026",
            "--period",
            "2026-03",
            "--unit",
            "stp",
            "--format",
            "json",
        )
    )
    assert [u["code"] for u in data["units"]] == ["stp"]
    counts = data["units"][0]["counts"]
    assert (counts["received"], counts["on_time"], counts["late_without_apology"]) == (6, 3, 2)
    with pytest.raises(CommandError, match="không hợp lệ"):
        run("dossiers", "stats", "--year", "2026", "--period", "Q5")


def test_a_bad_file_is_refused_by_the_command_and_changes_nothing(registry, tmp_path):
    path = tmp_path / "hs.csv"
    path.write_bytes(csv_bytes([{**HAND_BUILT[0], "received": "hôm qua"}]))
    with pytest.raises(CommandError, match="Dòng 2, cột 'Ngày tiếp nhận'"):
        run("dossiers", "import", str(path))
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("group", list(engine.GROUPS))
def test_q766_score_reproduces_every_published_score(group):
    path = next(FIXTURES.glob(f"{engine.group_rule(group).endpoint}__*.csv"))
    units = json.loads(
        run("q766", "score", "--group", group, "--input", str(path), "--format", "json")
    )["units"]
    rows = read_portal_file(path.read_bytes(), path.name, group).rows
    assert len(units) == len(rows) >= 4
    for unit, row in zip(units, rows, strict=True):
        assert set(unit) == {"code", "score", "max", "parts", "published", "matches"}
        assert unit["code"] == row.code
        assert str(unit["score"]) == str(float(row.published.score)), unit["code"]
        assert unit["published"]["score"] == float(row.published.score)
        assert unit["matches"] is True
        assert unit["max"] == engine.GROUPS[group].max and unit["parts"]
