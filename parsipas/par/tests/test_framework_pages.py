"""The admin's framework pages: import with row-level errors, edit one criterion, groups follow."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from parsipas.par.models import Criterion, Framework

GOOD = (
    "mã,mã cha,tên tiêu chí,điểm tối đa,phương pháp,tham số\n"
    "1,,Chỉ đạo điều hành,,group,\n"
    "1.1,1,Kế hoạch CCHC,2,manual,\n"
    '1.2,1,Báo cáo,3,binary,"{""op"": "">="", ""target"": 100}"\n'
)


def upload(client, text: str, **extra):
    data = {
        "file": SimpleUploadedFile("bo.csv", text.encode("utf-8")),
        "year": "2026",
        "scope": "agency",
    } | extra
    return client.post("/par/bo-tieu-chi/nhap/", data)


def test_the_admin_imports_a_framework_from_the_page(people, login):
    client = login(people["admin"])
    response = upload(client, GOOD, title="Bộ tiêu chí sở, ngành 2026")
    framework = Framework.objects.get(year=2026, scope="agency")
    assert response.status_code == 302 and response.url == f"/par/bo-tieu-chi/{framework.pk}/"
    assert framework.title == "Bộ tiêu chí sở, ngành 2026"
    page = client.get(response.url).content.decode()
    assert "Kế hoạch CCHC" in page and "tổng điểm tối đa 5,00" in page
    assert Criterion.objects.get(framework=framework, code="1").max_points == D("5")


def test_a_bad_file_shows_every_error_and_changes_nothing(people, login):
    client = login(people["admin"])
    bad = GOOD.replace('"{""op"": "">="", ""target"": 100}"', "{op}") + "1.1,1,Trùng mã,1,manual,\n"
    response = upload(client, bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "chưa có gì thay đổi" in page
    assert "Dòng 4, cột &#x27;tham số&#x27;: JSON không hợp lệ" in page
    assert "Dòng 5, cột &#x27;mã&#x27;: mã &#x27;1.1&#x27; trùng với dòng 3." in page
    assert not Framework.objects.exists()


def test_units_and_leads_cannot_open_the_framework_pages(people, login):
    assert login(people["lead"]).get("/par/bo-tieu-chi/").status_code == 403


@pytest.fixture
def framework(registry):
    call_command("par", "load-examples", "--year", "2026", stdout=io.StringIO())
    return Framework.objects.get(year=2026, scope="province")


def test_editing_a_criterion_recomputes_its_groups(framework, people, login):
    client = login(people["admin"])
    criterion = Criterion.objects.get(framework=framework, code="3.8")
    data = {
        "code": "3.8",
        "parent": criterion.parent_id,
        "title": criterion.title,
        "max_points": "3",
        "method": "tiers",
        "params_text": '{"tiers": [[98, 1], [90, 0.5], [0, 0]]}',
        "source": "self",
        "applies_to": "province",
        "plan_codes_text": "PAR:3.8",
        "guidance": "",
    }
    response = client.post(f"/par/bo-tieu-chi/{framework.pk}/tieu-chi/{criterion.pk}/", data)
    assert response.status_code == 302
    maxima = dict(
        Criterion.objects.filter(framework=framework, code__in=["3.8", "A.3", "A"]).values_list(
            "code", "max_points"
        )
    )
    assert maxima == {"3.8": D("3"), "A.3": D("13.5"), "A": D("62")}
    messages = [str(m) for m in client.get(f"/par/bo-tieu-chi/{framework.pk}/").context["messages"]]
    assert any("không phải 100" in m for m in messages)


def test_bad_params_in_the_form_are_refused(framework, people, login):
    client = login(people["admin"])
    criterion = Criterion.objects.get(framework=framework, code="1.3")
    data = {
        "code": "1.3",
        "parent": criterion.parent_id,
        "title": criterion.title,
        "max_points": "1",
        "method": "deduct",
        "params_text": "{}",
        "source": "self",
        "applies_to": "province",
    }
    response = client.post(f"/par/bo-tieu-chi/{framework.pk}/tieu-chi/{criterion.pk}/", data)
    assert response.status_code == 200
    assert "per" in response.content.decode()
    assert Criterion.objects.get(pk=criterion.pk).method == "ratio"


def test_adding_and_deleting_a_criterion_keeps_the_tree_whole(framework, people, login):
    client = login(people["admin"])
    group = Criterion.objects.get(framework=framework, code="A.1")
    data = {
        "code": "1.9",
        "parent": group.pk,
        "title": "Tiêu chí mới",
        "max_points": "0,5",
        "method": "manual",
        "source": "self",
        "applies_to": "province",
    }
    assert client.post(f"/par/bo-tieu-chi/{framework.pk}/tieu-chi/them/", data).status_code == 302
    added = Criterion.objects.get(framework=framework, code="1.9")
    codes = list(framework.criteria.order_by("order").values_list("code", flat=True))
    assert codes.index("1.9") == codes.index("1.8") + 1  # right after the group's last child
    assert Criterion.objects.get(pk=group.pk).max_points == D("9.5")
    client.post(f"/par/bo-tieu-chi/{framework.pk}/tieu-chi/{added.pk}/xoa/")
    assert Criterion.objects.get(pk=group.pk).max_points == D("9")


def test_the_framework_exports_as_a_file_that_imports_again(framework, people, login):
    client = login(people["admin"])
    response = client.get(f"/par/bo-tieu-chi/{framework.pk}/xuat.csv")
    assert response["Content-Disposition"].endswith('province-2026.csv"')
    again = client.post(
        "/par/bo-tieu-chi/nhap/",
        {
            "file": SimpleUploadedFile("x.csv", response.content),
            "year": "2027",
            "scope": "province",
        },
    )
    assert again.status_code == 302
    assert Framework.objects.get(year=2027).criteria.count() == 98
