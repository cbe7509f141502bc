"""Reading framework files: good files load, bad ones are refused row by row in Vietnamese."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest

from parsipas.lib.tabular import ImportRefused
from parsipas.par.framework_io import read_framework, write_csv
from parsipas.par.scoring import score_tree

HEADER = "code,parent_code,title,max_points,method,params,source,evidence_required,applies_to,plan_codes\n"
GOOD = HEADER + (
    "A,,Phần thẩm định,6,group,,,,,\n"
    'A.1,A,Báo cáo đúng hạn,2,binary,"{""op"": "">="", ""target"": 100}",self,1,all,PAR:1.2\n'
    'A.2,A,Hồ sơ đúng hạn,4,ratio,"{""full_at"": 98}",computed,0,commune,PAR:3.8\n'
    "B,,Điều tra,4,,,,,,\n"
    "B.1,B,Chất lượng VBQPPL,4,survey,,survey,0,all,PAR:2.5\n"
)


def read(text: str, scope: str = "commune", **kw):
    return read_framework(io.BytesIO(text.encode("utf-8")), "bo-tieu-chi.csv", scope, **kw)


def errors_of(text: str, scope: str = "commune") -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        read(text, scope)
    return caught.value.errors


def test_a_good_file_gives_the_tree_with_methods_params_and_plan_codes():
    parsed = read(GOOD)
    by_code = {r.code: r for r in parsed.rows}
    assert [r.code for r in parsed.rows] == ["A", "A.1", "A.2", "B", "B.1"]
    assert by_code["A.1"].params == {"op": ">=", "target": 100}
    assert by_code["A.1"].evidence_required is True
    assert by_code["A.2"].plan_codes == ["PAR:3.8"]
    assert by_code["B"].method == "group"
    assert by_code["B"].max_points == D("4")
    score = score_tree(
        [r.criterion() for r in parsed.rows], {"A.1": 100, "A.2": 49, "B.1": 75}, "commune"
    )
    assert score.points == D("2") + D("4") * D(49) / D(98) + D("3")
    assert parsed.warnings == ["Tổng điểm tối đa của bộ tiêu chí là 10, không phải 100."]


def test_vietnamese_headers_and_an_empty_group_maximum_are_accepted():
    text = (
        "Mã,Mã cha,Tên tiêu chí,Điểm tối đa,Phương pháp,Tham số\n"
        "1,,Công tác chỉ đạo,,nhóm,\n"
        "1.1,1,Kế hoạch,60,tỷ lệ,\n"
        "1.2,1,Báo cáo,40,manual,\n"
    )
    parsed = read(text, "agency")
    assert parsed.rows[0].max_points == D("100")
    assert parsed.rows[1].method == "ratio"
    assert parsed.warnings == []


def test_bad_json_in_params_names_the_row_and_column():
    text = HEADER + "A,,Phần A,2,group,,,,,\nA.1,A,Báo cáo,2,binary,{op: >=},self,0,all,\n"
    errors = errors_of(text)
    assert len(errors) == 1
    assert errors[0].startswith("Dòng 3, cột 'params': JSON không hợp lệ")


def test_params_that_do_not_fit_the_method_are_refused():
    text = HEADER + (
        'A.1,,Báo cáo,2,binary,"{""op"": "">=""}",self,0,all,\n'
        'A.2,,Tỷ lệ,2,tiers,"{""tiers"": [[80, 3]]}",self,0,all,\n'
        "A.3,,Lỗi,2,deduct,,self,0,all,\n"
    )
    errors = errors_of(text)
    assert any(e.startswith("Dòng 2, cột 'params'") and "target" in e for e in errors)
    assert any(e.startswith("Dòng 3, cột 'params'") and "0..1" in e for e in errors)
    assert any(e.startswith("Dòng 4, cột 'params'") and "per" in e for e in errors)


def test_unknown_method_source_applies_to_and_bad_evidence_flag_are_each_reported():
    text = HEADER + "A.1,,Báo cáo,2,magic,,dream,2,everyone,PAR-3.8\n"
    errors = errors_of(text)
    columns = sorted(e.split("cột '")[1].split("'")[0] for e in errors)
    assert columns == ["applies_to", "evidence_required", "method", "plan_codes", "source"]
    assert all(e.startswith("Dòng 2,") for e in errors)


def test_duplicate_codes_are_refused_naming_both_rows():
    errors = errors_of(HEADER + "A,,X,1,manual,,,,,\nA,,Y,1,manual,,,,,\n")
    assert errors == ["Dòng 3, cột 'code': mã 'A' trùng với dòng 2."]


def test_an_unknown_parent_code_is_refused():
    errors = errors_of(HEADER + "A.1,Z,Báo cáo,2,manual,,,,,\n")
    assert errors == ["Dòng 2, cột 'parent_code': không có tiêu chí mã 'Z' trong tệp."]


def test_a_cycle_of_parents_is_refused():
    errors = errors_of(HEADER + "A,B,X,1,group,,,,,\nB,A,Y,1,group,,,,,\nC,,Z,1,manual,,,,,\n")
    assert len(errors) == 1
    assert "vòng lặp cha–con" in errors[0]
    assert "A → B → A" in errors[0]


def test_a_group_whose_maximum_differs_from_its_children_is_refused():
    text = HEADER + "A,,Phần A,5,group,,,,,\nA.1,A,X,2,manual,,,,,\nA.2,A,Y,2,manual,,,,,\n"
    errors = errors_of(text)
    assert errors == [
        "Dòng 2, cột 'max_points': nhóm 'A' có điểm tối đa 5 nhưng tổng điểm tối đa các tiêu chí "
        "con là 4 (A.1, A.2). Sửa cho khớp, hoặc để trống để tự tính."
    ]


def test_a_group_without_children_and_a_leaf_without_points_are_refused():
    errors = errors_of(HEADER + "A,,Phần A,2,group,,,,,\nB,,Phần B,,manual,,,,,\n")
    assert any(
        e.startswith("Dòng 2, cột 'method'") and "không có tiêu chí con" in e for e in errors
    )
    assert any(e.startswith("Dòng 3, cột 'max_points'") for e in errors)


def test_a_parent_with_a_scoring_method_is_refused():
    errors = errors_of(HEADER + "A,,Phần A,2,manual,,,,,\nA.1,A,X,2,manual,,,,,\n")
    assert errors[0].startswith("Dòng 2, cột 'method'") and "phải là nhóm" in errors[0]


def test_a_missing_required_column_is_refused():
    errors = errors_of("code,title\nA,X\n")
    assert "thiếu cột bắt buộc: max_points" in errors[0]


def test_a_file_that_is_not_a_table_is_refused():
    with pytest.raises(ImportRefused):
        read_framework(io.BytesIO(b"\x00\x01\x02binary"), "anh.png", "province")


def test_criteria_outside_the_scope_and_unknown_plan_codes_only_warn():
    parsed = read(GOOD, "agency", known_plan_codes={"PAR:1.2", "PAR:3.8"})
    assert any("'A.2' chỉ áp dụng cho xã, phường" in w for w in parsed.warnings)
    assert any("PAR:2.5" in w for w in parsed.warnings)


def test_xlsx_files_are_read_like_csv():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in GOOD.strip().splitlines():
        import csv

        sheet.append(next(csv.reader([line])))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    parsed = read_framework(buffer, "bo-tieu-chi.xlsx", "commune")
    assert [r.code for r in parsed.rows] == ["A", "A.1", "A.2", "B", "B.1"]
    assert parsed.rows[1].params == {"op": ">=", "target": 100}


def test_a_written_framework_reads_back_the_same():
    parsed = read(GOOD)
    again = read(write_csv(parsed.rows).decode("utf-8-sig"))
    assert [
        (r.code, r.parent_code, r.max_points, r.method, r.params, r.plan_codes) for r in again.rows
    ] == [
        (r.code, r.parent_code, r.max_points, r.method, r.params, r.plan_codes) for r in parsed.rows
    ]
