"""The computed-figure mechanism seen from the reports: the form, the save, the province figure."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest

from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.tests.helpers import csv_bytes
from parsipas.registers import services
from parsipas.registers.models import GovernmentTask, Initiative, LinkedProcedure
from parsipas.registers.tests.conftest import YEAR
from parsipas.reporting import computed, rollups
from parsipas.reporting.models import ProvinceFigure, Report, TargetFigure
from parsipas.reporting.workflow import (
    FigureInput,
    ReportError,
    ReportInput,
    report_for,
    save_report,
)


def _target(code: str, order: int, text: str, pk: int) -> SimpleNamespace:
    return SimpleNamespace(
        pk=pk, order=order, text=text, node=SimpleNamespace(index="PAR", code=code)
    )


def test_a_figure_finds_its_target_by_criterion_and_words_not_by_id():
    same = _target("3.7", 0, "Đạt từ 50 TTHC liên thông cùng cấp", 10)
    between = _target("3.7", 1, "Đạt từ 30 TTHC liên thông giữa các cấp", 11)
    item = computed.Computed(
        "PAR:3.7", 0, "x", Decimal(3), "3", "s", "/", 3, target_hint="giua cac cap"
    )
    by_order = computed.Computed("PAR:3.7", 0, "x", Decimal(5), "5", "s", "/", 5)
    assert computed.match([item], [same, between]) == {11: item}
    assert computed.match([by_order], [between, same]) == {10: by_order}
    assert computed.match([item], [_target("1.6", 0, "giữa các cấp", 12)]) == {}


def test_a_different_number_needs_a_reason():
    item = computed.Computed("PAR:1.4", 0, "x", Decimal("50"), "1/2 vấn đề", "Sổ", "/", 2)
    target = _target("1.4", 0, "100% vấn đề", 1)
    assert computed.override_problem(target, item, Decimal("50.00"), "") == ""
    assert computed.override_problem(target, item, Decimal("80"), "Có thêm biên bản") == ""
    assert "lý do" in computed.override_problem(target, item, Decimal("80"), "  ")


def _registers(world):
    """One of each register's rows for Sở Tư pháp, with a known figure each."""
    inspection = world.inspect("stp", findings=2)
    world.remediate(inspection.findings.first())
    task = services.save_task(
        world.people["lead_vp"],
        GovernmentTask(
            year=YEAR, doc_number="1/VPCP", doc_date=dt.date(YEAR, 1, 5), issuer="VPCP",
            content="Rà soát", due_date=dt.date(YEAR, 3, 1), status="done",
            completed_on=dt.date(YEAR, 2, 20),
        ),
        [world.units["stp"]],
    )  # fmt: skip
    Initiative.objects.create(
        year=YEAR, unit=world.units["stp"], title="Một cửa số", proposed_on=dt.date(YEAR, 1, 10),
        status="recognised", decision_number="5/QĐ-UBND", decision_date=dt.date(YEAR, 3, 1),
    )  # fmt: skip
    for n in range(3):
        LinkedProcedure.objects.create(
            name=f"Nhóm {n}",
            level="same",
            decision_number="7/QĐ",
            decision_date=dt.date(YEAR, 2, 1),
        )
    import_dossiers(
        io.BytesIO(
            csv_bytes(
                [
                    {"code": f"H{n}", "unit": "stp", "received": "05/10/2026 08:00:00",
                     "due": "10/10/2026 17:00:00", "finished": "09/10/2026 10:00:00"}
                    for n in range(4)
                ]
            )
        ),
        "hs.csv",
    )  # fmt: skip
    return task


@pytest.mark.parametrize(
    "code, text, source",
    [
        ("1.3", "1/117 đơn vị", "Sổ theo dõi kiểm tra CCHC"),
        ("1.4", "1/2 vấn đề đã khắc phục", "Sổ theo dõi kiểm tra CCHC"),
        ("1.6", "1 sáng kiến được công nhận", "Sổ theo dõi sáng kiến CCHC"),
        ("1.8", "1/1 nhiệm vụ hoàn thành đúng hạn", "Sổ theo dõi nhiệm vụ Chính phủ"),
        ("3.7", "3 TTHC hoặc nhóm TTHC liên thông cùng cấp", "Danh mục TTHC liên thông"),
        ("4.8", "chưa có kế hoạch kiểm tra", "Sổ theo dõi kiểm tra CCHC"),
        ("4.9", "chưa có vấn đề phát hiện qua kiểm tra", "Sổ theo dõi kiểm tra CCHC"),
        ("3.8", "4/4 hồ sơ", "Số liệu hồ sơ TTHC"),
    ],
)
def test_the_unit_report_form_shows_the_computed_figure_and_where_from(
    world, login, code, text, source
):
    _registers(world)
    client = login(world.people["unit"])
    url = f"/bao-cao/{YEAR}/Y/nhiem-vu/{world.assignment(code).pk}/"
    page = client.get(url).content.decode()
    assert "Số liệu tự động" in page
    assert text in page
    assert source in page


def test_the_form_is_filled_and_a_typed_number_without_reason_is_refused(world, login):
    _registers(world)
    client = login(world.people["unit"])
    assignment = world.assignment("1.4")
    url = f"/bao-cao/{YEAR}/Y/nhiem-vu/{assignment.pk}/"
    t0, t1 = world.target("1.4", 0), world.target("1.4", 1)
    page = client.get(url).content.decode()
    assert f'name="fig_{t0.pk}" value="50"' in page
    data = {"version": 0, "status": "in_progress", "narrative": "Đang khắc phục",
            f"fig_{t0.pk}": "100", f"fig_{t1.pk}": "50", "action": "save"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert "hãy ghi lý do nhập thay" in response.content.decode()
    assert not Report.objects.filter(assignment=assignment).exists()
    data[f"override_{t0.pk}"] = "Vấn đề thứ hai đã khắc phục, đang chờ cập nhật sổ"
    assert client.post(url, data).status_code == 302
    figures = {f.target_id: f for f in TargetFigure.objects.filter(report__assignment=assignment)}
    assert figures[t0.pk].value == 100 and figures[t0.pk].is_override
    assert figures[t0.pk].computed_value == 50
    assert figures[t1.pk].value == 50 and not figures[t1.pk].is_override
    assert figures[t1.pk].computed_source == "Sổ theo dõi kiểm tra CCHC"
    shown = client.get(url).content.decode()
    assert "Đơn vị nhập thay" in shown and "đang chờ cập nhật sổ" in shown


def test_the_workflow_fills_an_empty_computed_figure_and_refuses_a_silent_change(world):
    _registers(world)
    report = report_for(world.assignment("1.8"), world.periods["Y"])
    target = world.target("1.8")
    with pytest.raises(ReportError, match="lý do"):
        save_report(
            report,
            ReportInput(
                status="done", narrative="x", figures={target.pk: FigureInput(Decimal(90))}
            ),
            world.people["unit"],
            [target],
            0,
        )
    save_report(
        report, ReportInput(status="done", narrative="x"), world.people["unit"], [target], 0
    )
    figure = TargetFigure.objects.get(report=report, target=target)
    assert figure.value == 100 and figure.result == "met" and figure.is_computed


def test_the_province_figure_and_at_risk_use_computed_values_and_mark_an_override(world, login):
    _registers(world)
    period = world.periods["Y"]
    by_target = {t.target_id: t for t in rollups.target_figures(world.plan, period)}
    between = by_target[world.target("3.7", 1).pk]
    assert between.computed and between.figure == 0 and between.result == "not_met"
    same = by_target[world.target("3.7", 0).pk]
    assert same.figure == 3 and "Danh mục TTHC liên thông" in computed.provenance(same)
    client = login(world.people["lead_vp"])
    url = f"/bao-cao/{YEAR}/Y/chi-tieu/{world.target('3.7', 0).pk}/"
    client.post(url, {"value": "55"})
    assert not ProvinceFigure.objects.exists()  # no reason: refused
    client.post(url, {"value": "55", "override_reason": "Quyết định công bố chưa nhập sổ"})
    rollup = next(
        t
        for t in rollups.target_figures(world.plan, period)
        if t.target_id == world.target("3.7").pk
    )
    assert rollup.overridden and rollup.figure == 55 and rollup.result == "met"
    assert "Nhập thay số liệu tự động" in computed.provenance(rollup)
    page = client.get(f"/bao-cao/tong-hop/?ky={YEAR}-Y&xem=chi-tieu").content.decode()
    assert "Nhập thay số liệu tự động" in page and "Quyết định công bố chưa nhập sổ" in page
    client.post(url, {"value": "", "override_reason": ""})
    assert not ProvinceFigure.objects.exists()
