"""The portal's files read from counts alone, its JSON responses, and the online group."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from parsipas.dossiers.q766 import engine
from parsipas.dossiers.q766.portal import (
    PortalFileError,
    detect_group,
    is_json,
    read_portal_file,
)
from parsipas.dossiers.q766.rules import GROUPS

FIXTURES = Path(__file__).parent / "fixtures" / "qd766"
SHARED = Path(__file__).resolve().parents[4] / "shared" / "reference" / "qd766"
PACKAGE = Path(__file__).resolve().parents[1] / "q766"
FILES = {
    "progress": "dvc-progress-tree__year-all.csv",
    "payment": "formality-online-payment-tree__year-all.csv",
    "transparency": "transparency__year-all.csv",
    "satisfaction": "handling-satisfaction__year-all.csv",
    "digitization": "dossier-digitized__year-all.csv",
    "online": "provide-online-tree__parents.csv",
}
# The published outputs of each file: what "counts alone" leaves out.
OUTPUT_SUFFIXES = ("_ratio", "_score", "_maxScore")
OUTPUTS = {"score", "totalScore", "maxScore", "totalMaxScore", "ratio", "averageScore"}


def _d(text: str) -> Decimal:
    return Decimal(text)


def _without_published(path: Path) -> bytes:
    """The file with every published score, ratio and maximum column removed (the ECC ratio
    stays: it is the input of a ratio-based part)."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    keep = [
        c
        for c in rows[0]
        if c == "ELECTRONIC_CERTIFIED_COPY_ratio"
        or not (c in OUTPUTS or c.endswith(OUTPUT_SUFFIXES))
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=keep, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _cases() -> list:
    cases = []
    for group, filename in FILES.items():
        path = FIXTURES / filename
        for row in read_portal_file(path.read_bytes(), filename, group).rows:
            cases.append(pytest.param(group, row, id=f"{group}-{row.code}-{row.capture or 'y'}"))
    return cases


@pytest.mark.parametrize("group", list(FILES))
def test_every_reference_row_scores_to_the_cent_from_counts_alone(group):
    path = FIXTURES / FILES[group]
    published = read_portal_file(path.read_bytes(), path.name, group).rows
    counts_only = read_portal_file(_without_published(path), path.name, group)
    assert counts_only.group == group
    assert len(counts_only.rows) == len(published)
    for bare, full in zip(counts_only.rows, published, strict=True):
        assert bare.published is None
        result = engine.score_group(group, bare.counts)
        assert result.score == full.published.score, (group, full.code, full.capture)
        assert result.ratio == full.published.ratio, (group, full.code, full.capture)
        for name, part in full.published.parts.items():
            assert result.parts[name].score == part.score, (full.code, name)
        assert engine.matches(result, None) is None


@pytest.mark.parametrize(("group", "row"), _cases())
def test_the_published_figures_match_ours(group, row):
    result = engine.score_group(group, row.counts)
    assert engine.matches(result, row.published) is True


def test_the_online_rows_to_the_cent():
    path = FIXTURES / FILES["online"]
    rows = read_portal_file(path.read_bytes(), path.name, "online").rows
    scores = {row.capture: engine.score_online(row.counts) for row in rows}
    assert {c: s.score for c, s in scores.items()} == {
        "year-all": _d("8.56"),
        "quarter-all": _d("8.41"),
        "month-all": _d("8.18"),
        "year-formality": _d("11.46"),
    }
    year = scores["year-all"]
    assert [p.score for p in year.parts.values()] == [_d("1.46"), _d("1.10"), _d("6.00")]
    assert year.parts["ONLINE_PROCEDURES"].pct == _d("58.43")  # (31 + 21) / 89
    assert year.ratio == _d("71.33")


def _online(a: tuple[int, int, int], b: tuple[int, int], c: tuple[int, int]) -> engine.GroupScore:
    return engine.score_online(
        {
            "partialCount": a[0], "fullCount": a[1], "authorityCount": a[2],
            "onlineDossierCount": b[0], "onlineServiceTotal": b[1],
            "channelOnlineSum": c[0], "channelTotalSum": c[1],
        }
    )  # fmt: skip


def test_online_procedures_are_full_from_80_percent_and_submissions_from_50():
    assert _online((40, 40, 100), (1, 1), (50, 100)).score == _d("12.00")
    result = _online((20, 20, 100), (1, 4), (25, 100))
    assert result.parts["ONLINE_PROCEDURES"].score == _d("1.00")  # 40 % of the way to 80 %
    assert result.parts["ONLINE_SERVICES_WITH_DOSSIERS"].score == _d("1.00")  # straight
    assert result.parts["ONLINE_SUBMISSION"].score == _d("3.00")  # 25 % of the way to 50 %
    assert _online((0, 0, 0), (0, 0), (0, 0)).score == 0  # no denominator: 0 points


def test_online_what_it_takes_counts_procedures_and_dossiers():
    gaps = {g.part: g for g in engine.what_it_takes(_online((20, 20, 100), (1, 4), (25, 100)))}
    assert gaps["ONLINE_PROCEDURES"].units_needed == 40  # 80 of 100 procedures online
    assert gaps["ONLINE_PROCEDURES"].qualifying_vi == "TTHC cung cấp trực tuyến"
    assert gaps["ONLINE_SUBMISSION"].units_needed == 25  # half the dossiers online
    assert gaps["ONLINE_SERVICES_WITH_DOSSIERS"].units_needed == 3
    assert gaps["ONLINE_SUBMISSION"].target_pct == 50


def test_the_fixture_copies_and_formulas_match_the_shared_reference():
    if not SHARED.is_dir():
        pytest.skip("shared reference folder not mounted")
    for filename in FILES.values():
        assert (FIXTURES / filename).read_bytes() == (SHARED / filename).read_bytes()
    assert (PACKAGE / "FORMULAS.md").read_bytes() == (SHARED / "FORMULAS.md").read_bytes()


# --- the portal's JSON, built in its own shape --------------------------------------------------


def tree(parent: dict, children: list[dict]) -> bytes:
    return json.dumps({"code": "OK", "data": {"parent": parent, "children": children}}).encode()


def metrics_response(overview: dict, evaluation: list[dict]) -> bytes:
    payload = {
        "code": "OK",
        "data": {"overview": overview, "monthlyChart": [], "evaluation": evaluation},
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def metric(code: str, n: int | None, d: int | None, **published) -> dict:
    return {"code": code, "name": code.title(), "numerator": n, "denominator": d, **published}


def test_a_progress_response_is_read_parent_and_children():
    data = tree(
        {"departmentCode": "H15", "departmentName": "UBND tỉnh", "totalReceived": 200,
         "totalOnTime": 190, "totalCompleted": 180, "ratio": 95, "totalScore": 19, "totalMaxScore": 20},
        [{"departmentCode": "H15.01", "departmentName": "Sở A", "level": "PROVINCE",
          "totalReceived": 100, "totalOnTime": 93, "totalOverdue": 7, "ratio": 93,
          "score": 18.6, "maxScore": 20},
         {"departmentCode": "H15.101", "departmentName": "UBND xã B", "level": "COMMUNE",
          "totalReceived": 100, "totalOnTime": 97, "totalOverdue": 3, "ratio": 97,
          "score": 19.5, "maxScore": 20}],
    )  # fmt: skip
    parsed = read_portal_file(data, "tien-do.json")
    assert (parsed.group, parsed.shape) == ("progress", "json")
    parent, agency, commune = parsed.rows
    assert (parent.level, parent.key) == ("PARENT", "PARENT")
    assert (agency.code, agency.level, commune.level) == ("H15.01", "PROVINCE", "COMMUNE")
    assert engine.matches(engine.score_progress(parent.counts), parent.published) is True
    assert engine.matches(engine.score_progress(agency.counts), agency.published) is True
    # 97 % gives 19.40, not the 19.5 this response publishes: a finding, not an error.
    assert engine.matches(engine.score_progress(commune.counts), commune.published) is False


def test_a_payment_response_scores_its_three_parts():
    unit = {"departmentCode": "H15.07", "departmentName": "Sở Công Thương", "level": "PROVINCE",
            "totalDossierOnlinePaymentSuccess": 118, "totalDossierFinancialObligation": 118,
            "totalDossierOnlineFormalityPaymentSuccess": 12, "totalFeeDossierFormalityDistinct": 13,
            "totalFeeDossierFormality": 0, "totalFeeFormality": 13, "totalScore": 8,
            "totalMaxScore": 10, "ratio": 80}  # fmt: skip
    parsed = read_portal_file(tree({**unit, "departmentCode": "H15"}, [unit]), "tt.json", "payment")
    row = parsed.rows[1]
    assert engine.score_payment(row.counts).score == _d("8.00")
    assert engine.matches(engine.score_payment(row.counts), row.published)


def test_transparency_satisfaction_and_digitization_read_nested_metrics():
    transparency = {"departmentName": "Sở A - Tỉnh Đắk Lắk", "departmentLevel": "PROVINCE",
                    "totalScore": 7.96, "totalMaxScore": 18, "ratio": 44.22, "metrics": [
        metric("PUBLISH_ON_TIME", 0, 89, ratio=0, score=0, maxScore=6),
        metric("PUBLIC_UPDATE_ON_TIME", 0, 70, ratio=0, score=0, maxScore=4),
        metric("PUBLIC_CONTENT_FULL", 87, 89, ratio=97.75, score=1.96, maxScore=2),
        {**metric("DOSSIER_SYNC", 96, 96, ratio=100, score=6, maxScore=6),
         "dataQualityStatus": "TEMP_NATIONAL_REPORT_DENOMINATOR"}]}  # fmt: skip
    parsed = read_portal_file(
        metrics_response({**transparency, "averageScore": 7.92}, [transparency]), "ck.json"
    )
    assert parsed.group == "transparency"
    unit = parsed.rows[1]
    assert unit.code == "" and unit.key == "Sở A - Tỉnh Đắk Lắk"  # matched by name
    assert unit.counts["DOSSIER_SYNC_numerator"] == 96
    assert parsed.rows[0].published.other["averageScore"] == _d("7.92")
    assert engine.matches(engine.score_transparency(unit.counts), unit.published)

    satisfaction = {"departmentName": "UBND xã C", "departmentLevel": "COMMUNE", "totalScore": 18,
                    "totalMaxScore": 18, "ratio": 100, "totalPetitions": 0, "metrics": [
        metric("PETITION_CLASSIFICATION_TTHC", 0, 0, ratio=0, score=None, maxScore=0),
        metric("DOSSIER_RECEIVING_SATISFACTION", 939, 1038, ratio=90.46, score=6, maxScore=6),
        metric("PETITION_PROCESSING_ON_TIME", 0, 0, ratio=0, score=6, maxScore=6),
        metric("PETITION_HANDLING_SATISFACTION", 0, 0, ratio=0, score=6, maxScore=6)]}  # fmt: skip
    parsed = read_portal_file(
        metrics_response(satisfaction, [satisfaction]), "hl.json", "satisfaction"
    )
    result = engine.score_satisfaction(parsed.rows[1].counts)
    assert result.score == _d("18.00")  # no petitions: full points on both petition parts
    assert engine.matches(result, parsed.rows[1].published)

    digitization = {"departmentName": "UBND xã D", "departmentLevel": "COMMUNE", "totalScore": 9.31,
                    "totalMaxScore": 22, "ratio": 42.32, "metrics": [
        metric("ORIGINAL_RESULT_AVAILABLE", 6722, 8253, ratio=81.45, score=4.89, maxScore=6),
        metric("SO_HOA_GIAY_TO_GIAI_QUYET", 1662, 8253, ratio=20.14, score=0.81, maxScore=4),
        metric("REUSED_DIGITIZED_DATA", 984, 8253, ratio=11.92, score=0.3, maxScore=2),
        metric("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 0, 8253, ratio=0, score=0, maxScore=4),
        metric("CITIZEN_DATA_CONNECTED_DOSSIER", 4032, 8253, ratio=48.85, score=0.98, maxScore=2),
        metric("CITIZEN_DATA_CONNECTED_FORMALITY", 63, 385, ratio=16.36, score=0.33, maxScore=2),
        metric("ELECTRONIC_CERTIFIED_COPY", None, None, ratio=100, score=2, maxScore=2)]}  # fmt: skip
    parsed = read_portal_file(metrics_response(digitization, [digitization]), "sh.json")
    assert parsed.group == "digitization"
    result = engine.score_digitization(parsed.rows[1].counts)
    assert result.score == _d("9.31")
    assert engine.matches(result, parsed.rows[1].published)


def test_an_online_response_scores_the_parent_and_keeps_the_childrens_published_scores():
    parent = {"departmentCode": "H44", "departmentName": "UBND tỉnh Phú Thọ", "totalScore": 8.56,
              "totalMaxScore": 12, "ratio": 71.33, "authorityCount": 89, "partialCount": 31,
              "fullCount": 21, "onlineDossierCount": 516, "onlineServiceTotal": 1884,
              "channelOnlineSum": 589496, "channelDirectSum": 8398, "channelPostalSum": 0,
              "channelTotalSum": 597894, "onlineOnTimeSum": 522087, "onlineOverdueSum": 67409}  # fmt: skip
    child = {"departmentCode": "H44.01", "departmentName": "Văn phòng UBND Tỉnh", "level": "PROVINCE",
             "totalScore": 6, "totalMaxScore": 12, "ratio": 50, "scoreDelta": None}  # fmt: skip
    parsed = read_portal_file(tree(parent, [child]), "online.json", "provide-online-tree")
    assert parsed.group == "online"
    top, unit = parsed.rows
    assert engine.matches(engine.score_online(top.counts), top.published) is True
    assert not unit.has_counts and unit.published.score == 6
    assert parsed.scoreable == [top]


def test_csv_and_json_are_told_apart_by_content_not_by_name():
    path = FIXTURES / FILES["progress"]
    assert read_portal_file(path.read_bytes(), "saved.json").shape == "csv"
    data = tree({"departmentCode": "H15", "totalReceived": 1, "totalOnTime": 1}, [])
    assert is_json(b"\xef\xbb\xbf  " + data)
    assert read_portal_file(data, "tien-do.csv").shape == "json"
    assert detect_group(["totalOnTime", "totalReceived"]) == "progress"
    assert detect_group(["PUBLISH_ON_TIME_numerator"]) == "transparency"
    assert detect_group(["departmentName"]) is None


# --- bad input -------------------------------------------------------------------------------


def _errors(data: bytes, group: str | None = None, name: str = "f.json") -> str:
    with pytest.raises(PortalFileError) as raised:
        read_portal_file(data, name, group)
    return "\n".join(raised.value.errors)


def test_a_json_file_that_is_not_a_portal_response_is_refused():
    assert "không phải phản hồi của Cổng DVCQG" in _errors(b'{"items": [1, 2]}')
    assert "không phải phản hồi của Cổng DVCQG" in _errors(b'{"code": "OK", "data": {"rows": []}}')
    assert "không phải JSON hợp lệ" in _errors(b'{"code": "OK", "data": ')
    assert "trả lời lỗi (code 'ERROR')" in _errors(b'{"code": "ERROR", "data": {}}')
    assert "không có trường số liệu" in _errors(tree({"departmentName": "X"}, []))


def test_a_file_of_another_group_than_asked_is_refused():
    data = tree({"departmentCode": "H15", "totalReceived": 1, "totalOnTime": 1}, [])
    message = _errors(data, "payment")
    assert (
        "là số liệu nhóm “Tiến độ giải quyết”, không phải nhóm “Thanh toán trực tuyến”" in message
    )
    assert "không có trong Quyết định 766" in _errors(data, "nonsense")


def test_negative_counts_and_numerators_above_denominators_name_the_unit_and_field():
    data = tree(
        {"departmentCode": "H15", "totalReceived": 10, "totalOnTime": 9},
        [{"departmentCode": "H15.01", "departmentName": "Sở A", "totalReceived": -3, "totalOnTime": 0},
         {"departmentCode": "H15.02", "departmentName": "Sở B", "totalReceived": 5, "totalOnTime": 6}],
    )  # fmt: skip
    message = _errors(data, "progress")
    assert (
        "đơn vị thứ 1 (H15.01)" in message
        and "totalReceived (số hồ sơ tiếp nhận) âm: -3" in message
    )
    assert "đơn vị thứ 2 (H15.02)" in message
    assert "totalOnTime (6) lớn hơn mẫu số totalReceived (5)" in message
    online = {"departmentCode": "H15", "authorityCount": 10, "partialCount": 6, "fullCount": 5,
              "onlineDossierCount": 1, "onlineServiceTotal": 1, "channelOnlineSum": 1,
              "channelTotalSum": 1}  # fmt: skip
    assert "partialCount + fullCount (11) lớn hơn mẫu số authorityCount (10)" in _errors(
        tree(online, [])
    )


def test_missing_counts_and_text_in_a_count_are_named():
    csv_text = "departmentCode,departmentName,level,totalReceived,totalOnTime\nH1,A,PROVINCE,3,\nH2,B,PROVINCE,ba,1\n"
    message = _errors(csv_text.encode(), "progress", "x.csv")
    assert "dòng 2 (H1): thiếu số liệu totalOnTime (số hồ sơ đúng hạn)" in message
    assert "dòng 3 (H2), trường totalReceived: 'ba' không phải số" in message


def test_mixed_line_endings_are_read_and_a_huge_cell_is_refused_in_vietnamese():
    text = "departmentCode,departmentName,level,totalReceived,totalOnTime\r\nH1,A,PROVINCE,3,2\nH2,B,PROVINCE,4,4\rH3,C,PROVINCE,5,5\r\n"
    parsed = read_portal_file(text.encode(), "mixed.csv")
    assert [r.code for r in parsed.rows] == ["H1", "H2", "H3"]
    header = "departmentCode,departmentName,level,totalReceived,totalOnTime\n"
    long = header + "H1," + "A" * 100_000 + ",PROVINCE,3,2\n"
    message = _errors(long.encode(), None, "huge.csv")
    assert "dòng 2, cột 'departmentName': ô dài 100000 ký tự (tối đa 1000)" in message
    huge = header + "H1," + "A" * 200_000 + ",PROVINCE,3,2\n"
    assert "dòng 2: không đọc được — một ô dài quá 131072 ký tự" in _errors(
        huge.encode(), None, "huge.csv"
    )
    unbalanced = (
        'departmentCode,departmentName,level,totalReceived,totalOnTime\nH1,"' + "A" * 200_000 + "\n"
    )
    assert "huge.csv" in _errors(unbalanced.encode(), None, "huge.csv")
    assert "không phải văn bản UTF-8" in _errors(b"\xff\xfe\x00", None, "x.csv")


def test_groups_cover_100_points():
    assert sum(g.max for g in GROUPS.values()) == engine.TOTAL_MAX == 100
