"""The internal index: window, self-assessment with evidence, appraisal, one answer, finalisation,
ranking of communes apart from agencies, publication to each unit of its own result only."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from parsipas.accounts.models import Role
from parsipas.accounts.policy import APPRAISAL_GROUP, can_appraise
from parsipas.par import assessments
from parsipas.par.models import Framework, UnitAssessment
from parsipas.units.models import Unit

FRAMEWORK = (
    "code,parent_code,title,max_points,method,params,source,evidence_required,applies_to,plan_codes\n"
    "1,,Chỉ đạo điều hành,6,group,,,,,\n"
    '1.1,1,Kế hoạch CCHC,2,binary,"{""op"": "">="", ""target"": 1}",self,1,all,\n'
    "1.2,1,Hoàn thành kế hoạch,4,ratio,,self,0,all,PAR:1.1\n"
    "2,,Một cửa,4,group,,,,,\n"
    "2.1,2,Hồ sơ đúng hạn,4,ratio,,self,0,all,\n"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def communes(registry, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "xa.csv"
    path.write_text(FRAMEWORK, encoding="utf-8")
    call_command(
        "par",
        "framework",
        "import",
        str(path),
        "--year",
        "2026",
        "--scope",
        "commune",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    framework = Framework.objects.get(year=2026, scope="commune")
    framework.window_open = True
    framework.save()
    return framework


@pytest.fixture
def team_member(people, make_user):
    member = make_user("t.thamdinh", Role.LEAD, Unit.objects.get(code="stp"))
    member.groups.add(Group.objects.get_or_create(name=APPRAISAL_GROUP)[0])
    return member


def entry_ids(framework, unit_code):
    assessment = UnitAssessment.objects.get(framework=framework, unit__code=unit_code)
    return {e.criterion.code: e.pk for e in assessment.entries.select_related("criterion")}


def self_assess(client, framework, ids, values, files=None, action="save", **extra):
    data = {"action": action}
    for code, value in values.items():
        data[f"e{ids[code]}-value"] = value
    for code, upload in (files or {}).items():
        data[f"e{ids[code]}-files"] = upload
    data |= extra
    return client.post(f"/par/tu-danh-gia/{framework.pk}/", data)


def test_a_commune_self_assesses_with_evidence_and_cannot_submit_without_it(
    communes, people, login
):
    client = login(people["commune"])
    page = client.get(f"/par/tu-danh-gia/{communes.pk}/").content.decode()
    assert "Tự đánh giá Chỉ số CCHC năm 2026 — Phường Buôn Ma Thuột" in page
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    self_assess(client, communes, ids, {"1.1": "1", "1.2": "90", "2.1": "80"}, action="submit")
    assessment = UnitAssessment.objects.get(framework=communes, unit__code="phuong-buon-ma-thuot")
    assert assessment.status == "draft"  # 1.1 needs evidence
    entry = assessment.entries.get(criterion__code="1.1")
    assert entry.self_score == D("2")
    assert assessments.submission_problems(assessment) == [
        "Tiêu chí 1.1: cần tài liệu kiểm chứng (tệp, tài liệu đã nộp kèm báo cáo hoặc liên kết), "
        "hoặc giải trình vì sao chưa có."
    ]
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    self_assess(
        client,
        communes,
        ids,
        {"1.1": "1", "1.2": "90", "2.1": "80"},
        {"1.1": upload},
        action="submit",
    )
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    evidence = entry.evidence.get()
    assert evidence.content_type == "application/pdf" and len(evidence.sha256) == 64
    assert client.get(f"/par/tai-lieu/{evidence.pk}/").status_code == 200
    assert login(people["unit"], Client()).get(f"/par/tai-lieu/{evidence.pk}/").status_code == 403


def test_a_file_that_is_not_a_document_is_refused(communes, people, login):
    client = login(people["commune"])
    client.get(f"/par/tu-danh-gia/{communes.pk}/")
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = self_assess(client, communes, ids, {"1.1": "1"}, {"1.1": fake})
    assert "không phải PDF" in client.get(response.url).content.decode()


def test_a_unit_cannot_self_assess_while_the_window_is_closed(communes, people, login):
    communes.window_open = False
    communes.save()
    page = login(people["commune"]).get(f"/par/tu-danh-gia/{communes.pk}/").content.decode()
    assert "đợt tự đánh giá hiện không mở" in page
    assert not UnitAssessment.objects.exists()


def test_a_unit_cannot_open_another_units_assessment(communes, people, login):
    client = login(people["commune"])
    client.get(f"/par/tu-danh-gia/{communes.pk}/")
    other = login(people["unit"], Client())  # Sở Tư pháp
    assert other.get(f"/par/tu-danh-gia/{communes.pk}/phuong-buon-ma-thuot/").status_code == 403


def test_not_applicable_needs_an_explanation_and_rebases_the_maximum(communes, people, login):
    client = login(people["commune"])
    client.get(f"/par/tu-danh-gia/{communes.pk}/")
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    extra = {f"e{ids['2.1']}-na": "on", f"e{ids['1.1']}-link": "Báo cáo quý II, tiêu chí 1.1"}
    self_assess(client, communes, ids, {"1.1": "1", "1.2": "50"}, action="submit", **extra)
    assessment = UnitAssessment.objects.get(framework=communes, unit__code="phuong-buon-ma-thuot")
    assert assessment.status == "draft"
    assert (
        "Tiêu chí 2.1: cần giải trình vì sao không áp dụng với đơn vị."
        in assessments.submission_problems(assessment)
    )
    extra[f"e{ids['2.1']}-explanation"] = "Phường không có hồ sơ TTHC trong năm"
    self_assess(client, communes, ids, {"1.1": "1", "1.2": "50"}, action="submit", **extra)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    score = assessments.score_assessment(assessment)
    assert (score.points, score.max_points) == (D("4"), D("6"))


def run_through_appraisal(framework, unit_code, values, appraised, user):
    unit = Unit.objects.get(code=unit_code)
    assessment = assessments.start(framework, unit)
    ids = entry_ids(framework, unit_code)
    framework.criteria.filter(code="1.1").update(evidence_required=False)
    assessments.save_self(
        assessment, {ids[c]: assessments.EntryInput(value=D(v)) for c, v in values.items()}
    )
    assessments.submit(assessment, user)
    assessments.appraise(
        assessment, {ids[c]: assessments.Appraisal(score=D(s)) for c, s in appraised.items()}, user
    )
    assessments.finalise(assessment, {}, user)
    return assessment


def test_the_team_appraises_the_unit_answers_once_and_the_team_finalises(
    communes, people, team_member, login
):
    client = login(people["commune"])
    client.get(f"/par/tu-danh-gia/{communes.pk}/")
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    extra = {f"e{ids['1.1']}-link": "Báo cáo năm, tài liệu số 12"}
    self_assess(
        client, communes, ids, {"1.1": "1", "1.2": "90", "2.1": "80"}, action="submit", **extra
    )
    team = login(team_member, Client())
    url = f"/par/tham-dinh/{communes.pk}/phuong-buon-ma-thuot/"
    assert "Thẩm định: Phường Buôn Ma Thuột" in team.get(url).content.decode()
    team.post(
        url,
        {
            "action": "appraise",
            f"e{ids['1.1']}-score": "2",
            f"e{ids['1.2']}-score": "3",
            f"e{ids['1.2']}-comment": "Chưa đủ tài liệu chứng minh 90%",
            f"e{ids['2.1']}-score": "3,2",
        },
    )
    assessment = UnitAssessment.objects.get(framework=communes, unit__code="phuong-buon-ma-thuot")
    assert assessment.status == "appraised"
    page = client.get(f"/par/tu-danh-gia/{communes.pk}/").content.decode()
    assert "Chưa đủ tài liệu chứng minh 90%" in page and "Phản hồi kết quả thẩm định" in page
    client.post(
        f"/par/tu-danh-gia/{communes.pk}/",
        {
            "action": "answer",
            "answer": "Đề nghị xem lại tiêu chí 1.2",
            f"e{ids['1.2']}-answer": "Đã bổ sung báo cáo quý IV",
        },
    )
    assessment.refresh_from_db()
    assert assessment.status == "answered"
    with pytest.raises(assessments.WorkflowError, match="một lần"):
        assessments.answer(assessment, "Lần hai", {}, people["commune"])
    team.post(
        url,
        {
            "action": "finalise",
            f"e{ids['1.2']}-final": "3,6",
            f"e{ids['1.2']}-final_comment": "Chấp nhận một phần",
        },
    )
    assessment.refresh_from_db()
    assert assessment.status == "finalised"
    assert (assessment.points, assessment.max_points) == (D("8.8"), D("10"))  # 2 + 3.6 + 3.2


def test_a_team_member_does_not_appraise_their_own_unit(communes, team_member, people):
    assert can_appraise(team_member, Unit.objects.get(code="phuong-buon-ma-thuot"))
    assert not can_appraise(team_member, Unit.objects.get(code="stp"))
    assert not can_appraise(people["lead"])  # a lead outside the team
    assert can_appraise(people["admin"])


def test_results_are_ranked_published_and_each_commune_sees_only_its_own(
    communes, people, login, team_member
):
    admin = people["admin"]
    # 2 + 3.6 + 3.2 = 8.8 / 10; 2 + 4 + 4 = 10 / 10; 0 + 2 + 4 = 6 / 10; 2 + 4 + 2.8 = 8.8 / 10
    run_through_appraisal(
        communes,
        "phuong-buon-ma-thuot",
        {"1.1": 1, "1.2": 90, "2.1": 80},
        {"1.1": 2, "1.2": "3.6", "2.1": "3.2"},
        admin,
    )
    run_through_appraisal(
        communes,
        "xa-buon-don",
        {"1.1": 1, "1.2": 100, "2.1": 100},
        {"1.1": 2, "1.2": 4, "2.1": 4},
        admin,
    )
    third = (
        Unit.objects.communes()
        .exclude(code__in=["phuong-buon-ma-thuot", "xa-buon-don"])
        .order_by("code")[0]
    )
    fourth = (
        Unit.objects.communes()
        .exclude(code__in=["phuong-buon-ma-thuot", "xa-buon-don", third.code])
        .order_by("code")[0]
    )
    run_through_appraisal(
        communes,
        third.code,
        {"1.1": 0, "1.2": 50, "2.1": 100},
        {"1.1": 0, "1.2": 2, "2.1": 4},
        admin,
    )
    run_through_appraisal(
        communes,
        fourth.code,
        {"1.1": 1, "1.2": 100, "2.1": 70},
        {"1.1": 2, "1.2": 4, "2.1": "2.8"},
        admin,
    )
    client = login(admin)
    client.post(f"/par/bo-tieu-chi/{communes.pk}/cong-bo/", {"action": "publish"})
    ranks = dict(
        UnitAssessment.objects.filter(framework=communes).values_list("unit__code", "rank")
    )
    assert ranks == {"xa-buon-don": 1, "phuong-buon-ma-thuot": 2, fourth.code: 2, third.code: 4}
    ranking = client.get(f"/par/xep-hang/{communes.pk}/").content.decode()
    assert "Đã công bố" in ranking
    commune = login(people["commune"], Client())
    page = commune.get(f"/par/tu-danh-gia/{communes.pk}/").content.decode()
    assert 'id="unit-rank">2 / 4<' in page
    assert "88,00%" in page
    assert commune.get(f"/par/xep-hang/{communes.pk}/").status_code == 403
    assert commune.get(f"/par/tham-dinh/{communes.pk}/xa-buon-don/").status_code == 403
    history = commune.get("/par/tu-danh-gia/").content.decode()
    assert "<strong>2</strong> / 4" in history


def test_agencies_are_ranked_apart_from_communes(communes, registry):
    with pytest.raises(assessments.WorkflowError, match="không thuộc phạm vi"):
        assessments.start(communes, Unit.objects.get(code="stp"))


def test_the_admin_manages_the_appraisal_team(people, login):
    client = login(people["admin"])
    client.post("/par/to-tham-dinh/", {"username": "t.lead.vpubnd"})
    assert people["lead_vp"].groups.filter(name=APPRAISAL_GROUP).exists()
    assert "t.lead.vpubnd" in client.get("/par/to-tham-dinh/").content.decode()
    client.post("/par/to-tham-dinh/", {"remove": people["lead_vp"].pk})
    assert not people["lead_vp"].groups.filter(name=APPRAISAL_GROUP).exists()


def test_evidence_already_filed_with_a_report_can_be_pointed_to(communes, people, login):
    from parsipas.reporting.models import ReportingPeriod
    from parsipas.testing import builders as build

    plan = build.plan(2026, "Kế hoạch 2026", published=False)
    node = build.node(plan, "1.1", title="Kế hoạch CCHC")
    unit = Unit.objects.get(code="phuong-buon-ma-thuot")
    period = ReportingPeriod.create_defaults(2026)[0][0]
    report = build.report(build.assignment(node, unit), period)
    filed = build.evidence(report, "bao-cao-quy-1.pdf", PDF)
    communes.criteria.filter(code="1.2").update(evidence_required=True)  # linked to PAR:1.1

    client = login(people["commune"])
    page = client.get(f"/par/tu-danh-gia/{communes.pk}/").content.decode()
    assert "bao-cao-quy-1.pdf" in page and "Báo cáo Quý I" in page
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    extra = {
        f"e{ids['1.2']}-filed-shown": "1",
        f"e{ids['1.2']}-filed": [str(filed.pk), "999999"],
        f"e{ids['1.1']}-explanation": "Kế hoạch đang trình ký",
    }
    self_assess(
        client, communes, ids, {"1.1": "0", "1.2": "100", "2.1": "100"}, action="submit", **extra
    )
    assessment = UnitAssessment.objects.get(framework=communes, unit=unit)
    assert assessments.submission_problems(assessment) == []
    assert assessment.status == "submitted"
    assert assessment.entries.get(criterion__code="1.2").report_evidence_ids == [
        filed.pk
    ]  # 999999 was not offered
    page = (
        login(people["admin"], Client())
        .get(f"/par/tham-dinh/{communes.pk}/phuong-buon-ma-thuot/")
        .content.decode()
    )
    assert "bao-cao-quy-1.pdf" in page
