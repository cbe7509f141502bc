"""A temporary password must be replaced before anything else; Django's messages speak Vietnamese."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models.utils import get_blank_choice_label
from django.utils import translation

from parsipas.testing.builders import PASSWORD


def test_every_page_leads_to_the_change_form_until_the_password_is_changed(people, login):
    person = people["unit"]
    person.must_change_password = True
    person.save()
    client = login(person)
    for path in ("/", "/tai-khoan/ho-so/", "/bao-cao/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/tai-khoan/doi-mat-khau/"
    page = client.get("/tai-khoan/doi-mat-khau/")
    assert page.status_code == 200 and "mật khẩu tạm thời" in page.content.decode()
    assert client.get("/healthz").status_code == 200

    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Dak-Lak-2026!x",
            "new_password2": "Dak-Lak-2026!x",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password and person.check_password("Dak-Lak-2026!x")
    assert client.get("/tai-khoan/ho-so/").status_code == 200


def test_logging_out_still_works_before_the_change(people, login):
    person = people["unit"]
    person.must_change_password = True
    person.save()
    client = login(person)
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/tai-khoan/ho-so/")["Location"].startswith("/tai-khoan/dang-nhap/")


def test_a_too_short_password_is_refused_in_vietnamese(people, login):
    client = login(people["unit"])
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "Ab1!", "new_password2": "Ab1!"},
    )
    page = response.content.decode()
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in page
    assert "too short" not in page


def test_django_strings_left_in_english_by_its_catalogue_are_vietnamese():
    with translation.override("vi"):
        try:
            validate_password("1234")
        except ValidationError as exc:
            assert all("password" not in m.lower() for m in exc.messages), exc.messages
        assert str(get_blank_choice_label()) == "- Chọn một mục -"
