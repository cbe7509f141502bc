"""Appraisal with the system's figures: next to a unit's self-assessed value, what parsipas knows
(dossier rates, register counts, report statuses), the difference, and a pre-filled form."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import Client

from parsipas.dossiers.models import DossierDay
from parsipas.par import system_figures
from parsipas.par.models import Framework, UnitAssessment
from parsipas.par.tests.test_internal_index import entry_ids, self_assess
from parsipas.testing.builders import report
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db

FRAMEWORK = (
    "code,parent_code,title,max_points,method,params,source,evidence_required,applies_to,plan_codes\n"
    "1,,Chỉ đạo điều hành,2,group,,,,,\n"
    '1.1,1,Hoàn thành kế hoạch CCHC,2,binary,"{""op"": "">="", ""target"": 1}",self,0,all,PAR:1.1\n'
    "3,,Thủ tục hành chính,16,group,,,,,\n"
    '3.2,3,Tỷ lệ hồ sơ TTHC giải quyết đúng hạn,10,tiers,"{""tiers"": [[98, 1], [95, 0.75], [90, 0.5], [0, 0]]}",computed,0,all,PAR:3.8\n'
    "3.3,3,Thực hiện xin lỗi khi trễ hạn,3,ratio,,self,0,all,PAR:3.8\n"
    "3.4,3,Không có số liệu,3,ratio,,self,0,all,\n"
)


@pytest.fixture
def framework(registry, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "xa.csv"
    path.write_text(FRAMEWORK, encoding="utf-8")
    year = dt.date.today().year
    call_command("par", "framework", "import", str(path), "--year", str(year),
                 "--scope", "commune", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    framework = Framework.objects.get(year=year, scope="commune")
    framework.window_open = True
    framework.save()
    return framework


@pytest.fixture
def dossiers(framework):
    """The commune's dossiers of the year: 2117 of 2500 on time (84,68%), 100 late ones with an
    apology letter."""
    unit = Unit.objects.get(code="phuong-buon-ma-thuot")
    month = dt.date(framework.year, 3, 1)
    DossierDay.objects.create(unit=unit, day=month.replace(day=10), half=month, received=2500,
                              finished=2500, on_time=2117, late_with_apology=100)  # fmt: skip
    return unit


def test_the_system_knows_the_communes_dossier_rates_per_criterion(framework, dossiers):
    found = system_figures.for_unit(framework, dossiers)
    by_code = {c.code: found.get(c.pk) for c in framework.criteria.all()}
    assert by_code["3.2"].value == D("84.68") and "2.117/2.500 hồ sơ" in by_code["3.2"].text
    assert by_code["3.2"].is_percent
    # 3.3 is the apology letters of the same plan criterion, not the on-time rate.
    assert by_code["3.3"].value == D("26.11")
    assert by_code["3.4"] is None and by_code["1.1"] is None


def test_a_gap_that_changes_the_points_is_flagged():
    figure = system_figures.SystemFigure(D("84.68"), "2117/2500 hồ sơ (84,68%)", "Hồ sơ")

    class Criterion:
        method, max_points = "tiers", D(10)
        params = {"tiers": [[98, 1], [95, 0.75], [90, 0.5], [0, 0]]}

    gap = system_figures.compare(Criterion, D(95), figure)
    assert (gap.difference, gap.system_score, gap.matters) == (D("10.32"), D(0), True)
    assert (gap.self_text, gap.value_text, gap.difference_text) == (
        "95%",
        "84,68%",
        "+10,32 điểm %",
    )
    same = system_figures.compare(Criterion, D("84.7"), figure)
    assert not same.matters and same.difference_text == "+0,02 điểm %"


def test_a_yes_no_criterion_reads_the_units_sent_reports(framework, small_plan):
    bmt = small_plan.units["bmt"]
    report(small_plan.assignment("1.1", "bmt"), small_plan.periods["Y"], status="done")
    found = system_figures.for_unit(framework, bmt)
    figure = found[framework.criteria.get(code="1.1").pk]
    assert figure.value == D(1)
    assert "Tiêu chí 1.1, Năm" in figure.text and "hoàn thành (đã gửi, chờ duyệt)" in figure.text


def test_the_appraiser_sees_the_system_figure_beside_the_self_assessed_value(
    framework, dossiers, people, login
):
    commune = login(people["commune"])
    page = commune.get(f"/par/tu-danh-gia/{framework.pk}/").content.decode()
    ids = entry_ids(framework, "phuong-buon-ma-thuot")
    # The form starts from the system's figure; the source is shown.
    assert f'name="e{ids["3.2"]}-value" value="84,68"' in page
    assert "Điền sẵn từ số liệu hệ thống" in page and "Số liệu hồ sơ TTHC" in page
    self_assess(commune, framework, ids, {"1.1": "1", "3.2": "95", "3.3": "26,11", "3.4": "50"},
                action="submit")  # fmt: skip
    assessment = UnitAssessment.objects.get(framework=framework, unit=dossiers)
    assert assessment.status == "submitted"

    page = (
        login(people["admin"], Client())
        .get(f"/par/tham-dinh/{framework.pk}/phuong-buon-ma-thuot/")
        .content.decode()
    )
    assert "Số liệu hệ thống:" in page and "84,68%" in page
    assert "Chênh lệch +10,32 điểm %" in page and "đơn vị tự đánh giá 95%" in page
    assert "theo số liệu hệ thống được 0 điểm" in page
    assert "Khớp số liệu hệ thống" in page  # 3.3: 26,11 typed, 26,11 counted
    assert "1 tiêu chí có giá trị tự đánh giá khác số liệu hệ thống" in page


def test_another_commune_sees_neither_the_assessment_nor_its_figures(
    framework, dossiers, people, login, make_user
):
    from parsipas.accounts.models import Role

    commune = login(people["commune"])
    commune.get(f"/par/tu-danh-gia/{framework.pk}/")
    other = make_user("t.unit.buondon", Role.UNIT, Unit.objects.get(code="xa-buon-don"))
    client = login(other, Client())
    r = client.get(f"/par/tu-danh-gia/{framework.pk}/phuong-buon-ma-thuot/")
    assert r.status_code in (403, 404) and "84,68" not in r.content.decode()
    r = client.get(f"/par/tham-dinh/{framework.pk}/phuong-buon-ma-thuot/")
    assert r.status_code in (403, 404) and "84,68" not in r.content.decode()
