"""`parsipas par framework import`, `parsipas par score`, `parsipas par load-examples`."""

from __future__ import annotations

import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from parsipas.par.models import Criterion, Framework, PublishedResult

FRAMEWORK = (
    "code,parent_code,title,max_points,method,params,source,evidence_required,applies_to,plan_codes\n"
    "1,,Chỉ đạo điều hành,6,group,,,,,\n"
    '1.1,1,Kế hoạch CCHC,2,binary,"{""op"": "">="", ""target"": 1}",self,1,all,PAR:1.1\n'
    "1.2,1,Hoàn thành kế hoạch,4,ratio,,self,0,all,PAR:1.1\n"
    "2,,Thủ tục hành chính,4,group,,,,,\n"
    '2.1,2,Hồ sơ đúng hạn,3,tiers,"{""tiers"": [[98, 1], [90, 0.5], [0, 0]]}",computed,0,all,PAR:3.8\n'
    '2.2,2,Sai phạm,1,deduct,"{""per"": 0.5}",self,0,all,\n'
)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("par", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def agency_framework(registry, tmp_path):
    run(
        "framework",
        "import",
        write(tmp_path, "bo.csv", FRAMEWORK),
        "--year",
        "2026",
        "--scope",
        "agency",
    )
    return Framework.objects.get(year=2026, scope="agency")


def test_import_creates_the_framework_with_its_tree(agency_framework):
    criteria = {c.code: c for c in agency_framework.criteria.select_related("parent")}
    assert list(criteria) == ["1", "1.1", "1.2", "2", "2.1", "2.2"]
    assert criteria["1.1"].parent.code == "1"
    assert criteria["1.1"].params == {"op": ">=", "target": 1}
    assert criteria["2.1"].plan_codes == ["PAR:3.8"]
    assert criteria["1.1"].evidence_required is True


def test_a_bad_file_changes_nothing_and_names_the_row(agency_framework, tmp_path):
    bad = (
        FRAMEWORK.replace("Hoàn thành kế hoạch,4,ratio,", "Hoàn thành kế hoạch,4,ratio,{bad")
        + "9,42,Mồ côi,1,manual,,,,,\n"
    )
    with pytest.raises(CommandError) as caught:
        run(
            "framework",
            "import",
            write(tmp_path, "bad.csv", bad),
            "--year",
            "2026",
            "--scope",
            "agency",
        )
    message = str(caught.value)
    assert "chưa có gì thay đổi" in message
    assert "Dòng 4, cột 'params': JSON không hợp lệ" in message
    assert "Dòng 8, cột 'parent_code': không có tiêu chí mã '42'" in message
    assert Criterion.objects.filter(framework=agency_framework).count() == 6


def test_reimport_updates_criteria_by_code(agency_framework, tmp_path):
    changed = FRAMEWORK.replace("Sai phạm,1,deduct", "Sai phạm,2,deduct").replace(
        "2,,Thủ tục hành chính,4", "2,,Thủ tục hành chính,5"
    )
    out = run(
        "framework",
        "import",
        write(tmp_path, "v2.csv", changed),
        "--year",
        "2026",
        "--scope",
        "agency",
    )
    assert "0 tiêu chí mới, 6 cập nhật" in out
    assert Criterion.objects.get(framework=agency_framework, code="2.2").max_points == 2


def values_file(tmp_path: Path) -> str:
    return write(
        tmp_path,
        "values.csv",
        "unit,code,value\n"
        # snv: 2 + 4 + 3 + 1 = 10 / 10
        "snv,1.1,1\nsnv,1.2,100\nsnv,2.1,99\nsnv,2.2,0\n"
        # stp: 0 + 4×0.5 + 3×0.5 + (1 − 0.5×1) = 4 / 10
        "stp,1.1,0\nstp,1.2,50\nstp,2.1,95\nstp,2.2,1\n"
        # stc: 2.1 does not apply: 2 + 4×0.75 + 0.5 = 5.5 / 7 = 78.57%
        "stc,1.1,1\nstc,1.2,75\nstc,2.1,na\nstc,2.2,1\n"
        # vpubnd: 0 + 4×0.5 + 3×0.5 + 0.5 = 4 / 10, the same 40% as stp: shares rank 3
        "vpubnd,1.1,0\nvpubnd,1.2,50\nvpubnd,2.1,90\nvpubnd,2.2,1\n",
    )


def test_score_gives_points_maxima_percent_ranks_and_criteria_as_json(agency_framework, tmp_path):
    out = run(
        "score",
        "--year",
        "2026",
        "--scope",
        "agency",
        "--values",
        values_file(tmp_path),
        "--format",
        "json",
    )
    units = {u["unit"]: u for u in json.loads(out)["units"]}
    assert [u["unit"] for u in json.loads(out)["units"]][:2] == ["snv", "stc"]
    assert (
        units["snv"]["points"],
        units["snv"]["max"],
        units["snv"]["percent"],
        units["snv"]["rank"],
    ) == (10.0, 10.0, 100.0, 1)
    assert (
        units["stc"]["points"],
        units["stc"]["max"],
        units["stc"]["percent"],
        units["stc"]["rank"],
    ) == (5.5, 7.0, 78.57, 2)
    assert (units["stp"]["points"], units["stp"]["percent"], units["stp"]["rank"]) == (4.0, 40.0, 3)
    assert (units["vpubnd"]["points"], units["vpubnd"]["percent"], units["vpubnd"]["rank"]) == (
        4.0,
        40.0,
        3,
    )
    assert units["stp"]["criteria"] == {
        "1": 2.0,
        "1.1": 0.0,
        "1.2": 2.0,
        "2": 2.0,
        "2.1": 1.5,
        "2.2": 0.5,
    }
    assert "2.1" not in units["stc"]["criteria"]  # not applicable: left out


def test_score_refuses_a_values_file_with_unknown_criteria_or_bad_numbers(
    agency_framework, tmp_path
):
    path = write(tmp_path, "v.csv", "unit,code,value\nsnv,9.9,1\nsnv,1.2,nhiều\nsnv,1,5\n")
    with pytest.raises(CommandError) as caught:
        run("score", "--year", "2026", "--scope", "agency", "--values", path, "--format", "json")
    message = str(caught.value)
    assert "Dòng 2" in message and "'9.9'" in message
    assert "Dòng 3" in message and "không phải là số" in message
    assert "Dòng 4" in message and "là nhóm" in message


def test_score_refuses_units_outside_the_scope(agency_framework, tmp_path):
    path = write(tmp_path, "v.csv", "unit,code,value\nphuong-buon-ma-thuot,1.2,100\n")
    with pytest.raises(CommandError, match="phuong-buon-ma-thuot"):
        run("score", "--year", "2026", "--scope", "agency", "--values", path)


def test_load_examples_is_idempotent_and_loads_the_2023_result(registry):
    first = run("load-examples", "--year", "2026")
    assert "nạp" in first
    counts = {f.scope: f.criteria.count() for f in Framework.objects.filter(year=2026)}
    assert counts["province"] == 98
    again = run("load-examples", "--year", "2026")
    assert "đã có, giữ nguyên" in again
    assert {f.scope: f.criteria.count() for f in Framework.objects.filter(year=2026)} == counts
    province = Framework.objects.get(year=2026, scope="province")
    assert province.illustrative
    tops = {c.code: c.max_points for c in province.criteria.filter(parent__isnull=True)}
    assert tops == {"A": 61.5, "B": 6.5, "C": 22, "D": 10}
    result = PublishedResult.objects.get(year=2023)
    assert (result.points, result.rank, result.rank_of) == (D("87.33"), 28, 63)
    assert [(p.code, p.points, p.max_points) for p in result.parts.all()] == [
        ("A", D("57.92"), D("61.5")),
        ("B", D("2.97"), D("6.5")),
        ("C", D("18.29"), D("22")),
        ("D", D("8.15"), D("10")),
    ]
    assert sum(p.points for p in result.parts.all()) == result.points


def test_province_score_uses_the_values_file_for_the_province(registry, tmp_path):
    run("load-examples", "--year", "2026")
    path = write(tmp_path, "p.csv", "unit,code,value\nprovince,3.8,98\nprovince,1.1,50\n")
    out = json.loads(
        run("score", "--year", "2026", "--scope", "province", "--values", path, "--format", "json")
    )
    [province] = out["units"]
    assert province["unit"] == "province"
    assert province["criteria"]["3.8"] == 2.5
    assert province["criteria"]["1.1"] == 0.75
    assert province["max"] == 100.0
    assert province["rank"] == 1
