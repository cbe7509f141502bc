"""The attacker's checklist, through real requests.

1. Every URL of the site × the roles that must not see it, with the ids of another unit's report,
   evidence, SIPAS response and dossier list: never a 500, and the other unit's secret text never
   in the body.
2. Stored XSS: a unit name, a narrative, an evidence file name, SIPAS free text and news with
   markup are escaped on every page that shows them, and in the Word and Excel exports.
3. Open redirects through `next=` after login.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from parsipas.plans.models import Assignment, Node, Plan
from parsipas.reporting import workflow
from parsipas.reporting.models import ReportingPeriod
from parsipas.units.models import Unit

pytestmark = pytest.mark.django_db

SECRET = "BÍ-MẬT-CỦA-SỞ-TƯ-PHÁP"
XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(people: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    plan = Plan.objects.create(
        year=today.year, title="Kế hoạch", status="published", published_at=timezone.now()
    )
    root = Node.objects.create(
        plan=plan, index="PAR", code="I", level="index", order=0, title="PAR"
    )
    field = Node.objects.create(
        plan=plan, index="PAR", code="1", level="field", parent=root, order=1, title="Lĩnh vực"
    )
    node = Node.objects.create(
        plan=plan, index="PAR", code="1.1", level="criterion", parent=field, order=2, title=XSS
    )
    node.lead_units.add(Unit.objects.get(code="vpubnd"))
    stp = Unit.objects.get(code="stp")
    commune = Unit.objects.get(code="phuong-buon-ma-thuot")
    for unit in (stp, commune):
        Assignment.objects.create(node=node, unit=unit)
    period = ReportingPeriod.objects.create(
        year=today.year,
        code="Y",
        name="Năm",
        start=today.replace(month=1, day=1),
        end=today,
        due_date=today,
        lead_due_date=today,
        state=ReportingPeriod.State.OPEN,
    )
    report = workflow.report_for(Assignment.objects.get(node=node, unit=stp), period)
    workflow.save_report(
        report,
        workflow.ReportInput(status="in_progress", narrative=f"{SECRET} {XSS}"),
        people["unit"],
        [],
        0,
    )
    evidence = workflow.add_evidence(report, io.BytesIO(PDF), f"{SECRET}{XSS}.pdf", people["unit"])
    return {"plan": plan, "node": node, "period": period, "report": report, "evidence": evidence}


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry))
    return found


def _fill(route: str, ids: dict[str, Any]) -> list[str]:
    """The route with every parameter set to another unit's object (each kind of id in turn)."""
    if route.startswith("^"):
        return []
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params:
        return ["/" + route]
    urls = []
    for candidate in ids["int"]:
        path = route
        for converter, name in params:
            if converter == "int":
                value = ids["year"] if name == "year" else candidate
            elif name == "code" and "year" in route:
                value = ids["period_code"]
            else:
                value = ids["slug"]
            path = path.replace(f"<{converter + ':' if converter else ''}{name}>", str(value), 1)
        urls.append("/" + path)
    return urls


def test_no_url_shows_another_units_data_or_crashes(world: dict, people: dict, login: Any) -> None:
    ids = {
        "int": sorted(
            {
                world["report"].assignment_id,
                world["report"].pk,
                world["evidence"].pk,
                world["node"].pk,
            }
        ),
        "year": world["period"].year,
        "period_code": world["period"].code,
        "slug": "stp",
    }
    commune = login(people["commune"], Client())
    anon = Client()
    checked = 0
    for route, _ in _patterns(get_resolver()):
        for url in _fill(route, ids):
            for who, client in (("commune", commune), ("anon", anon)):
                response = client.get(url)
                checked += 1
                assert response.status_code != 500, (who, url)
                body = b"".join(response) if response.streaming else response.content
                assert SECRET.encode() not in body, (who, url, response.status_code)
    assert checked > 100


def test_a_unit_cannot_post_to_another_units_report(world: dict, people: dict, login: Any) -> None:
    commune = login(people["commune"], Client())
    year, code, aid = world["period"].year, world["period"].code, world["report"].assignment_id
    base = f"/bao-cao/{year}/{code}/nhiem-vu/{aid}/"
    for suffix, data in [
        ("", {"version": 1, "status": "done", "narrative": "sửa trộm", "action": "save"}),
        ("gui/", {}),
        ("rut-lai/", {}),
        ("duyet/", {"decision": "accept"}),
        ("mo-lai/", {"comment": "mở trộm"}),
    ]:
        response = commune.post(base + suffix, data)
        assert response.status_code in (403, 404, 405), (suffix, response.status_code)
    response = commune.post(f"/bao-cao/tai-lieu/{world['evidence'].pk}/xoa/")
    assert response.status_code in (403, 404)
    world["report"].refresh_from_db()
    assert world["report"].narrative.startswith(SECRET) and world["report"].workflow == "draft"
    viewer = login(people["viewer"], Client())
    assert viewer.post(base, {"version": 1, "status": "done", "action": "save"}).status_code == 403


def test_markup_is_escaped_on_pages_and_in_exports(world: dict, people: dict, login: Any) -> None:
    Unit.objects.filter(code="stp").update(name=f"Sở Tư pháp {XSS}")
    lead = login(people["lead_vp"], Client())
    admin = login(people["admin"], Client())
    year, code, aid = world["period"].year, world["period"].code, world["report"].assignment_id
    pages = [
        (admin, f"/bao-cao/{year}/{code}/nhiem-vu/{aid}/"),
        (lead, f"/bao-cao/{year}/{code}/nhiem-vu/{aid}/"),
        (admin, "/tong-quan/"),
        (admin, "/ke-hoach/"),
        (admin, "/don-vi/"),
        (admin, f"/bao-cao/tong-hop/?ky={year}-{code}"),
        (Client(), "/cong-khai/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
    unit = login(people["unit"], Client())
    workbook = unit.get(f"/bao-cao/{year}/{code}/excel/").content
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        sheets = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    assert "<script>" not in sheets and "<f>" not in sheets
    docx = admin.get(f"/bao-cao-dinh-ky/{year}/{code}/bao-cao.docx")
    if docx.status_code == 200:
        with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
            assert "<script>" not in archive.read("word/document.xml").decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_login_never_redirects_off_site(people: dict, target: str) -> None:
    from parsipas.conftest import PASSWORD

    client = Client()
    response = client.post(
        f"/tai-khoan/dang-nhap/?next={target}",
        {"username": people["viewer"].username, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location
