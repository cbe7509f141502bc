"""Each role finds its guide inside the app, rendered from docs/*.md, with who to call."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from parsipas.front import guides

OWN_GUIDE = {
    "admin": "quan-tri",
    "lead": "co-quan-chu-tri",
    "unit": "don-vi",
    "commune": "don-vi",
    "viewer": "lanh-dao",
}


@pytest.mark.parametrize("role", list(OWN_GUIDE))
def test_every_role_is_sent_to_its_own_guide_and_sees_it_rendered(people, login, role):
    client = login(people[role])
    response = client.get("/huong-dan/")
    assert response.status_code == 302 and response["Location"] == f"/huong-dan/{OWN_GUIDE[role]}/"
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Hướng dẫn" in page  # the Markdown heading, rendered
    assert "](img/" not in page and "**" not in page
    assert f'href="/huong-dan/{OWN_GUIDE[role]}/"' in client.get("/").content.decode()


def test_images_of_a_guide_are_served_and_nothing_else_is(people, login):
    client = login(people["unit"])
    page = client.get("/huong-dan/don-vi/").content.decode()
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert sources and all(s.startswith("/huong-dan/anh/") for s in sources)
    image = client.get(sources[0])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    for bad in ("..%2Fdon-vi.md", "don-vi.md", "..%2F..%2Fparsipas%2Fsettings.py", "khong-co.png"):
        assert client.get("/huong-dan/anh/" + bad).status_code == 404, bad


def test_raw_html_in_a_guide_is_not_rendered(tmp_path, monkeypatch):
    (tmp_path / "don-vi.md").write_text(
        "# Thử\n\n<script>alert(1)</script>\n\n[Quản trị](quan-tri.md#nguoi-dung)\n"
    )
    monkeypatch.setattr(guides, "DOCS", tmp_path)
    html = guides.render("don-vi")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="/huong-dan/quan-tri/#nguoi-dung"' in html


def test_guides_are_for_signed_in_people_only(client):
    assert client.get("/huong-dan/don-vi/")["Location"].startswith("/tai-khoan/dang-nhap/")
    assert client.get("/huong-dan/khong-co/").status_code == 302


def test_an_unknown_guide_is_not_found(people, login):
    assert login(people["unit"]).get("/huong-dan/khong-co/").status_code == 404


@override_settings(
    REFORM_OFFICE={
        "name": "Phòng CCHC, Sở Nội vụ",
        "phone": "0262 3852 000",
        "email": "cchc@daklak.gov.vn",
    }
)
def test_the_reform_office_contact_is_in_the_footer_and_on_the_guide(people, login):
    client = login(people["commune"])
    for url in ("/", "/huong-dan/don-vi/"):
        page = client.get(url).content.decode()
        assert "Phòng CCHC, Sở Nội vụ" in page
        assert 'href="tel:0262 3852 000"' in page and "mailto:cchc@daklak.gov.vn" in page
