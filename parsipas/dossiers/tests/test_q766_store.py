"""766 imports, the catalogue, the six-group totals and the 766 pages, on hand-built cases."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from parsipas.dossiers import api
from parsipas.dossiers.indicators import Period
from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.models import PortalImport, PortalScore, Procedure
from parsipas.dossiers.q766 import demo, scores
from parsipas.dossiers.q766.imports import (
    PortalImportError,
    import_catalogue,
    import_portal_file,
    set_satisfaction_rule,
)
from parsipas.dossiers.tests.helpers import csv_bytes
from parsipas.dossiers.tests.test_pages import plan_with_targets
from parsipas.dossiers.tests.test_q766_portal import metric, metrics_response, tree
from parsipas.par import sources
from parsipas.units.models import Unit

FIXTURES = Path(__file__).parent / "fixtures" / "qd766"
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
D = Decimal


def _import(data: bytes, name: str, period: Period = YEAR, group: str | None = None):
    return import_portal_file(io.BytesIO(data), name, period, group)


# --- partial files, bad files ----------------------------------------------------------------


def test_a_two_row_file_replaces_those_two_rows_and_leaves_the_other_81(registry):
    path = FIXTURES / "dvc-progress-tree__year-all.csv"
    _import(path.read_bytes(), path.name)
    assert PortalScore.objects.filter(group="progress").count() == 83
    kept = PortalScore.objects.get(department_code="H44.13")
    partial = (
        "departmentCode,departmentName,level,totalReceived,totalOnTime\n"
        "H44.01,Văn phòng UBND Tỉnh - Tỉnh Phú Thọ,PROVINCE,200,200\n"
        "H44.07,Sở Công Thương - Tỉnh Phú Thọ,PROVINCE,10,5\n"
    ).encode()
    _import(partial, "hai-dong.csv")
    assert PortalScore.objects.filter(group="progress").count() == 83
    assert PortalScore.objects.get(department_code="H44.01").counts["totalReceived"] == 200
    assert PortalScore.objects.get(department_code="H44.07").computed["score"] == 10
    assert PortalScore.objects.get(department_code="H44.07").published == {}  # counts only
    assert PortalScore.objects.get(department_code="H44.13").pk == kept.pk  # untouched


def test_a_bad_file_stores_nothing_and_names_the_unit_and_field(registry):
    bad = tree(
        {"departmentCode": "H15", "totalReceived": 10, "totalOnTime": 9},
        [
            {
                "departmentCode": "H15.01",
                "departmentName": "Sở A",
                "totalReceived": 3,
                "totalOnTime": 4,
            }
        ],
    )
    with pytest.raises(PortalImportError) as raised:
        _import(bad, "bad.json")
    assert "đơn vị thứ 1 (H15.01)" in raised.value.errors[0]
    assert "totalOnTime (4) lớn hơn mẫu số totalReceived (3)" in raised.value.errors[0]
    with pytest.raises(PortalImportError) as raised:
        _import(bad.replace(b'"totalOnTime": 4', b'"totalOnTime": 1'), "x.json", group="payment")
    assert "không phải nhóm “Thanh toán trực tuyến”" in raised.value.errors[0]
    assert not PortalImport.objects.exists() and not PortalScore.objects.exists()


def test_a_file_of_several_captures_is_refused(registry):
    path = FIXTURES / "provide-online-tree__parents.csv"
    with pytest.raises(PortalImportError, match="nhiều lần lấy số liệu"):
        _import(path.read_bytes(), path.name)


def test_published_and_recomputed_scores_are_stored_side_by_side(registry):
    Unit.objects.filter(code="stp").update(portal_code="H15.02")
    data = tree(
        {"departmentCode": "H15", "departmentName": "UBND tỉnh", "totalReceived": 20,
         "totalOnTime": 19, "ratio": 95, "totalScore": 19, "totalMaxScore": 20},
        [{"departmentCode": "H15.02", "departmentName": "Sở Tư pháp - Tỉnh Đắk Lắk",
          "level": "PROVINCE", "totalReceived": 10, "totalOnTime": 9, "ratio": 90, "score": 18,
          "maxScore": 20},
         {"departmentCode": "H15.101", "departmentName": "UBND Phường Buôn Ma Thuột",
          "level": "COMMUNE", "totalReceived": 10, "totalOnTime": 10, "ratio": 100, "score": 19,
          "maxScore": 20}],
    )  # fmt: skip
    _import(data, "tien-do.json")
    stp = PortalScore.objects.get(department_code="H15.02")
    assert stp.unit.code == "stp"  # by portal code
    assert (stp.published["score"], stp.computed["score"], stp.matches) == (18, 18, True)
    commune = PortalScore.objects.get(department_code="H15.101")
    assert commune.unit.code == "phuong-buon-ma-thuot"  # by name, "UBND" left aside
    assert (commune.computed["score"], commune.matches) == (20, False)  # reported, not refused
    assert PortalScore.objects.get(department_code="PARENT").level == "PARENT"


# --- the catalogue ---------------------------------------------------------------------------

CATALOGUE_HEADER = (
    "Mã TTHC,Tên TTHC,Cấp thực hiện,Lĩnh vực,Đơn vị giải quyết,Mức độ trực tuyến,Có phí\n"
)
CATALOGUE = (
    CATALOGUE_HEADER + "P1,Cấp phiếu lý lịch tư pháp,Cấp tỉnh,Tư pháp,stp,Toàn trình,Có\n"
    "P2,Chứng thực bản sao,Cấp tỉnh,Chứng thực,Sở Tư pháp,Một phần,Không\n"
    "P3,Đăng ký khai sinh,Cấp xã,Hộ tịch,stp; phuong-buon-ma-thuot,,Không\n"
)


def _catalogue(text: str = CATALOGUE):
    return import_catalogue(io.BytesIO(text.encode()), "danh-muc.csv")


def test_the_catalogue_is_imported_and_updated_by_code(registry):
    result = _catalogue()
    assert (result.created, result.updated) == (3, 0)
    p1 = Procedure.objects.get(code="P1")
    assert (p1.level, p1.online, p1.fee_bearing, p1.field) == ("province", "full", True, "Tư pháp")
    assert sorted(u.code for u in Procedure.objects.get(code="P3").units.all()) == [
        "phuong-buon-ma-thuot",
        "stp",
    ]
    again = _catalogue(CATALOGUE_HEADER + "P2,Chứng thực bản sao,Cấp tỉnh,,stp,Toàn trình,Có\n")
    assert (again.created, again.updated, again.not_in_file) == (0, 1, 2)
    assert Procedure.objects.get(code="P2").online == "full"


def test_a_bad_catalogue_names_each_row_and_changes_nothing(registry):
    _catalogue()
    bad = (
        CATALOGUE_HEADER + "P1,Cấp phiếu,Cấp huyện,,stp,Toàn trình,Có\n"
        "P4,Mới,Cấp xã,,khong-co,Toàn trình,Có\n"
        "P5,Mới,Cấp xã,,stp,Trực tiếp,Có lẽ\n"
        ",Không mã,Cấp xã,,stp,,\n"
    )
    with pytest.raises(PortalImportError) as raised:
        _catalogue(bad)
    errors = raised.value.errors
    assert "dòng 2: cột 'Cấp thực hiện' 'Cấp huyện'" in errors[0]
    assert "dòng 3: đơn vị giải quyết 'khong-co' không có trong danh mục đơn vị" in errors[1]
    assert "'Mức độ trực tuyến' 'Trực tiếp'" in errors[2] and "'Có phí' 'Có lẽ'" in errors[2]
    assert "dòng 5: cột 'Mã TTHC' trống" in errors[3]
    assert Procedure.objects.count() == 3 and not Procedure.objects.filter(code="P4").exists()
    assert Procedure.objects.get(code="P1").level == "province"
    with pytest.raises(PortalImportError, match="thiếu cột: units, online, fee"):
        _catalogue("Mã TTHC,Tên TTHC,Cấp thực hiện\nP9,X,Cấp xã\n")


# --- totals from our own data and from the portal ----------------------------------------------

STP_DOSSIERS = [
    {"code": "d1", "unit": "stp", "procedure": "P1", "received": "02/03/2026 08:00:00",
     "due": "05/03/2026 17:00:00", "finished": "04/03/2026 10:00:00", "channel": "Trực tuyến",
     "fee": "1", "paid_online": "1", "rating": "5"},
    {"code": "d2", "unit": "stp", "procedure": "P1", "received": "02/03/2026 09:00:00",
     "due": "05/03/2026 17:00:00", "finished": "09/03/2026 10:00:00", "fee": "1", "rating": "3"},
    {"code": "d3", "unit": "stp", "procedure": "P2", "received": "03/03/2026 08:00:00",
     "due": "10/03/2026 17:00:00", "finished": "04/03/2026 10:00:00", "channel": "Trực tuyến",
     "rating": "4"},
    {"code": "d4", "unit": "stp", "procedure": "P3", "received": "04/03/2026 08:00:00",
     "due": "10/03/2026 17:00:00", "finished": "05/03/2026 10:00:00"},
]  # fmt: skip


@pytest.fixture
def own_data(registry):
    import_dossiers(io.BytesIO(csv_bytes(STP_DOSSIERS)), "hs.csv")
    _catalogue()
    return Unit.objects.get(code="stp")


def test_a_unit_scores_progress_payment_and_online_from_dossiers_and_the_catalogue(own_data):
    card = scores.unit_card(scores.period_data(MARCH), own_data, D(94))
    groups = {g.group: g for g in card.groups}
    assert groups["progress"].points == D("15.00")  # 3 of 4 on time
    # 1 of 2 fee dossiers paid online: 3.00; the one fee procedure has a paid dossier: 2 + 2
    assert groups["payment"].points == D("7.00")
    payment = groups["payment"].score.parts
    assert (
        payment["FORMALITY_ONLINE_PAYMENT"].numerator,
        payment["FORMALITY_ONLINE_PAYMENT"].denominator,
    ) == (1, 1)
    # 2 of 3 procedures online: 1.67; both online procedures had an online dossier: 4; half
    # the dossiers submitted online: 6
    assert groups["online"].points == D("11.67")
    assert all(groups[g].source == scores.OWN for g in ("progress", "payment", "online"))
    assert groups["online"].detail == "4 hồ sơ đã nhập, danh mục 3 TTHC"
    for name in ("transparency", "digitization", "satisfaction"):
        assert groups[name].source == scores.NONE and groups[name].missing
    # The petitions register counts this unit's petitions (none): only the dossiers' rating
    # rule is missing from the satisfaction group.
    assert not any("PAKN" in m for m in groups["satisfaction"].missing)
    total = card.total
    assert (total.score, total.max, total.complete) == (D("33.67"), 42, False)
    assert total.missing == ("transparency", "digitization", "satisfaction")
    assert card.meets_target is None  # incomplete: not judged


def test_the_dossier_part_of_satisfaction_follows_the_reform_offices_rule(own_data):
    def satisfaction(petitions=None):
        data = scores.period_data(MARCH)
        own = data.own([own_data.pk], data.handled_by.get(own_data.pk, []))
        own.petitions = petitions
        return scores.from_own_data("satisfaction", own)

    assert "số hồ sơ được đánh giá hài lòng" in satisfaction().missing  # no rule yet
    set_satisfaction_rule(4, False)
    result = satisfaction()
    assert result.missing == ["số PAKN xử lý đúng hạn (sổ PAKN)", "số PAKN (sổ PAKN)",
                              "số PAKN được đánh giá hài lòng (sổ PAKN)", "số PAKN đã xử lý (sổ PAKN)"]  # fmt: skip
    # ratings 5 and 4 of 4 dossiers: 50 % -> 6 * 50 / 90 = 3.33; no petitions: 6 + 6
    no_petitions = satisfaction(scores.PetitionCounts(received=0, on_time=0, rated=0, satisfied=0))
    assert no_petitions.points == D("15.33") and no_petitions.source == scores.OWN
    parts = no_petitions.score.parts
    assert parts["DOSSIER_RECEIVING_SATISFACTION"].numerator == 2
    some = satisfaction(scores.PetitionCounts(received=4, on_time=3, rated=2, satisfied=1))
    assert some.points == D("3.33") + D("4.50") + D("3.00")
    set_satisfaction_rule(4, True)  # the unrated d4 counts as satisfied: 75 % -> 5.00
    assert satisfaction(scores.PetitionCounts(0, 0, 0, 0)).points == D("17.00")


def test_what_it_takes_on_the_hand_built_unit(own_data):
    card = scores.unit_card(scores.period_data(MARCH), own_data)
    parts = {(p.group, p.part): p for p in card.losing_parts}
    on_time = parts[("progress", "ON_TIME")]
    assert (on_time.lost, on_time.units_needed, on_time.qualifying_vi) == (
        D("5.00"),
        1,
        "hồ sơ giải quyết đúng hạn",
    )
    assert parts[("payment", "DOSSIER_ONLINE_PAYMENT")].units_needed == 1
    online = parts[("online", "ONLINE_PROCEDURES")]
    assert (online.lost, online.units_needed, online.target_pct) == (D("0.33"), 1, 80)
    assert [p.lost for p in card.losing_parts] == sorted(
        (p.lost for p in card.losing_parts), reverse=True
    )
    assert card.worst.group == "progress"


def _six_groups(code: str, name: str, level: str) -> dict[str, bytes]:
    """One small response per group for the parent (province) and one unit."""
    unit = {"departmentCode": code, "departmentName": name, "level": level}
    t_metrics = [
        metric("PUBLISH_ON_TIME", 98, 98),
        metric("PUBLIC_UPDATE_ON_TIME", 70, 70),
        metric("PUBLIC_CONTENT_FULL", 98, 98),
        metric("DOSSIER_SYNC", 50, 100),
    ]  # 15
    s_metrics = [
        metric("DOSSIER_RECEIVING_SATISFACTION", 90, 100),
        metric("PETITION_PROCESSING_ON_TIME", 0, 0),
        metric("PETITION_HANDLING_SATISFACTION", 1, 2),
    ]  # 6 + 6 + 3 = 15
    d_metrics = [
        metric(m, 10, 10)
        for m in (
            "ORIGINAL_RESULT_AVAILABLE",
            "SO_HOA_GIAY_TO_GIAI_QUYET",
            "REUSED_DIGITIZED_DATA",
            "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
            "CITIZEN_DATA_CONNECTED_DOSSIER",
            "CITIZEN_DATA_CONNECTED_FORMALITY",
        )
    ] + [{"code": "ELECTRONIC_CERTIFIED_COPY", "ratio": 50}]  # 21
    online = {
        "authorityCount": 10,
        "partialCount": 4,
        "fullCount": 4,
        "onlineDossierCount": 1,
        "onlineServiceTotal": 2,
        "channelOnlineSum": 1,
        "channelTotalSum": 2,
    }  # 2 + 2 + 6
    progress = {"totalReceived": 10, "totalOnTime": 9}  # 18
    payment = {
        "totalDossierOnlinePaymentSuccess": 1,
        "totalDossierFinancialObligation": 1,
        "totalDossierOnlineFormalityPaymentSuccess": 1,
        "totalFeeDossierFormality": 1,
        "totalFeeFormality": 1,
    }  # 10
    return {
        "transparency": metrics_response({**unit, "metrics": t_metrics}, [{**unit, "metrics": t_metrics}]),
        "satisfaction": metrics_response({**unit, "metrics": s_metrics}, [{**unit, "metrics": s_metrics}]),
        "digitization": metrics_response({**unit, "metrics": d_metrics}, [{**unit, "metrics": d_metrics}]),
        "online": tree({**unit, **online}, [{**unit, "totalScore": 7.5, "totalMaxScore": 12, "ratio": 62.5}]),
        "progress": tree({**unit, **progress}, [{**unit, **progress}]),
        "payment": tree({**unit, **payment}, [{**unit, **payment}]),
    }  # fmt: skip


def test_the_province_total_from_the_portal_is_100_points_against_94(own_data):
    plan_with_targets()
    own_data.portal_code = "H15.02"
    own_data.save()
    for group, data in _six_groups("H15.02", "Sở Tư pháp", "PROVINCE").items():
        _import(data, f"{group}.json", MARCH)
    data = scores.period_data(MARCH)
    province = scores.province_card(data, D(94))
    # 15 + 18 + 10 + 10 + 21 + 15
    assert (province.total.score, province.total.max) == (D("89.00"), 100)
    assert province.total.complete and province.meets_target is False
    assert province.short_of_target == D("5.00")
    assert [g.group for g in province.losing_groups][:2] == ["transparency", "satisfaction"]
    assert set(province.sources) == {"Cổng DVCQG"}
    unit = scores.unit_card(data, own_data, D(94))
    online = next(g for g in unit.groups if g.group == "online")
    # The portal publishes only the unit's online score: it counts, with no parts to explain.
    assert (online.source, online.points, online.gaps) == (scores.PORTAL_PUBLISHED, D("7.5"), [])
    assert unit.total.score == D("86.50") and unit.total.complete
    agencies, communes = scores.level_cards(data, D(94))
    assert agencies.total.score == D("86.50")  # the one agency imported, counts added up
    assert communes.total.max < 100  # no commune figures: our own data only, incomplete


def test_the_par_projection_takes_the_766_total_for_3_9(own_data):
    criterion = SimpleNamespace(plan_codes=["PAR:3.9"])
    assert sources.q766_value(criterion, 2026) is None  # not all six groups
    for group, data in _six_groups("H15.02", "Sở Tư pháp", "PROVINCE").items():
        _import(data, f"{group}.json", YEAR)
    value = sources.q766_value(criterion, 2026)
    assert value.value == D("89.00") and value.source == "dossiers"
    assert "Tổng điểm Chỉ số 766 năm 2026: 89.00/100" in value.detail
    assert sources.q766_value(SimpleNamespace(plan_codes=["PAR:3.8"]), 2026) is None
    assert api.province_766(2026)["score"] == D("89.00")


def test_criterion_3_9_of_the_plan_shows_the_total_against_the_target(own_data, people, login):
    plan_with_targets()
    for group, data in _six_groups("H15.02", "Sở Tư pháp", "PROVINCE").items():
        _import(data, f"{group}.json", YEAR)
    page = login(people["viewer"]).get("/ke-hoach/2026/PAR/3.9/").content.decode()
    assert "Chỉ số 766 của tỉnh năm 2026" in page
    assert "89 / 100 điểm" in page and "Chưa đạt, thiếu 5 điểm" in page
    assert "Công khai, minh bạch (−3)" in page
    unit_page = login(people["unit"], Client()).get("/ke-hoach/2026/PAR/3.9/").content.decode()
    assert "Chỉ số 766 của tỉnh" not in unit_page  # the province's figures: province readers


# --- pages -----------------------------------------------------------------------------------


def test_the_demo_gives_the_province_page_a_100_point_total(registry, people, login):
    plan_with_targets()
    summary = demo.generate(2026)
    assert "6 nhóm" in summary and demo.already_loaded(2026)
    assert (
        Unit.objects.filter(portal_code__startswith="H15.").count() == Unit.objects.active().count()
    )
    page = login(people["viewer"]).get("/ho-so/766/?nam=2026&ky=Y").content.decode()
    assert "/ 100" in page and "thiếu" not in page.split("Tổng điểm")[1][:120]
    assert "Chỉ tiêu kế hoạch (TC 3.9)" in page and "Cần làm gì" in page
    assert "Cổng DVCQG" in page and "Dịch vụ công trực tuyến" in page
    assert "totalOnTime" not in page and "_numerator" not in page  # Vietnamese labels only


@pytest.mark.parametrize("role", ["admin", "lead", "unit", "commune", "viewer"])
def test_each_role_sees_only_its_766_figures(registry, people, login, role):
    demo.generate(2026)
    client = login(people[role])
    province = client.get("/ho-so/766/?nam=2026")
    other = client.get("/ho-so/766/sct/?nam=2026")
    if role in ("unit", "commune"):
        own = people[role].unit.code
        assert province.status_code == 302 and f"/ho-so/766/{own}/" in province["Location"]
        assert other.status_code == 404
        assert client.get(f"/ho-so/766/{own}/?nam=2026").status_code == 200
    else:
        assert province.status_code == other.status_code == 200


def test_the_admin_imports_a_json_response_and_a_catalogue_through_the_page(
    registry, people, login
):
    client = login(people["admin"])
    upload = io.BytesIO(_six_groups("H15.02", "Sở Tư pháp", "PROVINCE")["satisfaction"])
    upload.name = "hai-long.json"
    response = client.post(
        "/ho-so/nhap-766/", {"file": upload, "group": "", "year": 2026, "period": "Q1"}
    )
    assert response.status_code == 302
    assert (
        PortalScore.objects.filter(group="satisfaction", period_end=date(2026, 3, 31)).count() == 2
    )
    bad = io.BytesIO(json.dumps({"hello": "world"}).encode())
    bad.name = "khac.json"
    response = client.post("/ho-so/nhap-766/", {"file": bad, "year": 2026, "period": "Y"})
    assert (
        response.status_code == 400
        and "không phải phản hồi của Cổng DVCQG" in response.content.decode()
    )
    catalogue = io.BytesIO(CATALOGUE.encode())
    catalogue.name = "danh-muc.csv"
    assert client.post("/ho-so/nhap-danh-muc-tthc/", {"file": catalogue}).status_code == 302
    assert Procedure.objects.count() == 3
    response = client.post("/ho-so/cach-tinh-hai-long/", {"min_rating": "4"})
    assert response.status_code == 302
    assert "Đang dùng: hài lòng từ mức 4" in client.get("/ho-so/nhap/").content.decode()
    for role in ("lead", "unit", "viewer"):
        other = login(people[role], Client())
        assert other.get("/ho-so/nhap-danh-muc-tthc/").status_code == 403
        assert other.post("/ho-so/cach-tinh-hai-long/", {"min_rating": "1"}).status_code == 403


def test_the_province_page_needs_a_fixed_number_of_queries(registry, django_assert_max_num_queries):
    demo.generate(2026)
    # 9 for the dossiers (the import version, then their counts on a cold cache), portal
    # figures and catalogue; the petitions register adds its rows and, on a cold cache, the
    # working-day calendar.
    with django_assert_max_num_queries(11):
        data = scores.period_data(YEAR)
        cards = [scores.province_card(data), *scores.level_cards(data), *scores.unit_cards(data)]
    assert len(cards) == 3 + Unit.objects.active().count()
    assert all(card.total.complete for card in cards[3:])  # every unit: six portal groups


def test_the_web_import_reads_mixed_line_ends_and_refuses_a_huge_cell(registry, people, login):
    client = login(people["admin"])
    header = "departmentCode,departmentName,level,totalReceived,totalOnTime"
    mixed = io.BytesIO(
        f"{header}\r\nH1,A,PROVINCE,3,2\nH2,B,PROVINCE,4,4\rH3,C,COMMUNE,5,5\r\n".encode()
    )
    mixed.name = "lan-lon.csv"
    response = client.post("/ho-so/nhap-766/", {"file": mixed, "year": 2026, "period": "Y"})
    assert response.status_code == 302 and PortalScore.objects.count() == 3
    huge = io.BytesIO(f"{header}\nH9,{'A' * 300_000},PROVINCE,3,2\n".encode())
    huge.name = "o-lon.csv"
    response = client.post("/ho-so/nhap-766/", {"file": huge, "year": 2026, "period": "Y"})
    assert response.status_code == 400
    assert "dòng 2: không đọc được — một ô dài quá" in response.content.decode()
    assert PortalScore.objects.count() == 3
