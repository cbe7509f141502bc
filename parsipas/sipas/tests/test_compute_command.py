"""`parsipas sipas compute --input FILE --format json` on hand-checked files."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = "respondent_id,unit_code,submitted_at,E1.1,E1.2,E2.1,E3.1,E4.1,E5.1,E5.7\n"


def run(tmp_path: Path, text: str, name: str = "answers.csv") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("sipas", "compute", "--input", str(path), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_province_and_unit_indices_worked_out_by_hand(tmp_path: Path) -> None:
    # stp: E1 answers 5,4 | 2,blank -> 2 of 3 = 66.67; E2 3 | 5 -> 50; E3 blank | 4 -> 100;
    #      E4 0 | 4 -> 100 (0 is no opinion); E5 5,1 | 1,0 -> 1 of 3 = 33.33.
    #      SIPAS = (2/3 + 1/2 + 1 + 1 + 1/3) / 5 = 70.00
    # snv: E1 0,0 -> no valid answer: null; E2 4 -> 100; E3 5 -> 100; E4 5 -> 100; E5 blank -> null.
    #      SIPAS = mean of the three that exist = 100.
    # province (pooled): E1 2/3, E2 2/3, E3 2/2, E4 2/2, E5 1/3 -> SIPAS = (2/3+2/3+1+1+1/3)/5 = 73.33
    data = run(
        tmp_path,
        HEADER
        + "r1,stp,2026-03-01,5,4,3,,0,5,1\n"
        + "r2,stp,2026-03-02 10:15,2,,5,4,4,1,0\n"
        + "r3,snv,15/03/2026,0,0,4,5,5,,\n",
    )
    assert data["province"] == {
        "n": 3,
        "elements": {"E1": 66.67, "E2": 66.67, "E3": 100.0, "E4": 100.0, "E5": 33.33},
        "sipas": 73.33,
    }
    assert data["units"] == [
        {
            "unit": "snv",
            "n": 1,
            "elements": {"E1": None, "E2": 100.0, "E3": 100.0, "E4": 100.0, "E5": None},
            "sipas": 100.0,
        },
        {
            "unit": "stp",
            "n": 2,
            "elements": {"E1": 66.67, "E2": 50.0, "E3": 100.0, "E4": 100.0, "E5": 33.33},
            "sipas": 70.0,
        },
    ]


def test_a_unit_whose_answers_are_all_no_opinion_has_null_everywhere(tmp_path: Path) -> None:
    data = run(
        tmp_path, HEADER + "r1,xa-a,2026-01-05,0,0,0,0,0,0,\nr2,xa-b,2026-01-05,4,4,4,4,4,4,4\n"
    )
    unit_a = next(u for u in data["units"] if u["unit"] == "xa-a")
    assert unit_a == {
        "unit": "xa-a",
        "n": 1,
        "elements": dict.fromkeys(["E1", "E2", "E3", "E4", "E5"]),
        "sipas": None,
    }
    # The province counts the respondent but only xa-b's answers.
    assert data["province"]["n"] == 2 and data["province"]["sipas"] == 100.0


def test_any_number_after_the_dot_is_a_question_of_that_element(tmp_path: Path) -> None:
    data = run(tmp_path, "respondent_id,unit_code,submitted_at,E2.17,e2.3\nr1,stp,2026-01-01,5,1\n")
    assert data["province"]["elements"]["E2"] == 50.0
    assert data["province"]["elements"]["E1"] is None


def test_an_unknown_column_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cột 'age'"):
        run(tmp_path, "respondent_id,unit_code,submitted_at,E1.1,age\nr1,stp,2026-01-01,5,30\n")


def test_a_missing_required_column_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="submitted_at"):
        run(tmp_path, "respondent_id,unit_code,E1.1\nr1,stp,5\n")


def test_bad_answers_are_reported_with_row_and_column(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as info:
        run(
            tmp_path,
            HEADER
            + "r1,stp,2026-03-01,6,4,3,,0,5,1\nr2,stp,hôm qua,5,4,3,,0,5,x\nr1,snv,2026-03-01,5,,,,,,\n",
        )
    message = str(info.value)
    assert "Dòng 2, cột E1.1: '6'" in message
    assert "Dòng 3, cột submitted_at" in message
    assert "Dòng 3, cột E5.7: 'x'" in message
    assert "Dòng 4, cột respondent_id: 'r1' đã có ở dòng 2" in message


def test_it_reads_excel_files_too(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.create_sheet("Phiếu", 0)
    sheet.append(["respondent_id", "unit_code", "submitted_at", "E1.1", "E3.2"])
    sheet.append(["a", "stp", "2026-02-01", 4, 2])
    sheet.append(["b", "stp", "2026-02-01", 5.0, None])
    path = tmp_path / "answers.xlsx"
    book.save(path)
    out = StringIO()
    call_command("sipas", "compute", "--input", str(path), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["province"]["elements"]["E1"] == 100.0 and data["province"]["elements"]["E3"] == 0.0
    assert data["province"]["sipas"] == 50.0
