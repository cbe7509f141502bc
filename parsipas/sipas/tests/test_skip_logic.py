"""Skip logic: a question asked only when an earlier answer says it applies (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from parsipas.sipas.models import Answer, Instrument, Question, Response
from parsipas.sipas.survey import Condition, current_layout, parse_condition, read_filled
from parsipas.sipas.tests.conftest import field_names, form_token
from parsipas.units.models import Unit


def test_a_condition_reads_a_code_and_its_values() -> None:
    assert parse_condition("") is None
    assert parse_condition(" P4 = 3 ") == Condition("P4", frozenset({3}))
    assert parse_condition("P4=3,4") == Condition("P4", frozenset({3, 4}))
    assert Condition("P4", frozenset({4, 3})).text == "P4=3,4"
    for bad in ("P4", "=3", "P4=", "P4=ba"):
        with pytest.raises(ValueError, match="MÃ_CÂU=giá trị"):
            parse_condition(bad)


@pytest.fixture
def codes(db: Any, instrument: Instrument) -> dict[str, str]:
    """Question code -> form field."""
    return {q.code: f"q{q.pk}" for q in Question.objects.filter(instrument=instrument)}


def test_the_default_instrument_asks_about_delays_only_when_the_result_was_late(
    codes: dict[str, str],
) -> None:
    layout = current_layout()
    assert layout is not None
    e43 = next(q for q in layout.questions.values() if q.code == "E4.3")
    assert e43.condition == Condition("P4", frozenset({3}))
    assert e43.condition_note == "Chỉ trả lời nếu ở câu P4 Ông/Bà chọn “Trễ hẹn”."
    on_time = read_filled(layout, {codes["P4"]: "2", codes["E4.3"]: "1", codes["E4.2"]: "5"})
    assert not on_time.errors
    assert {int(codes["E4.2"][1:])} == set(on_time.answers) - {int(codes["P4"][1:])}
    assert on_time.skipped == {int(codes["E4.3"][1:])}
    late = read_filled(layout, {codes["P4"]: "3", codes["E4.3"]: "1"})
    assert int(codes["E4.3"][1:]) in late.answers and not late.skipped
    # no answer at P4: the question about delays does not apply either
    unknown = read_filled(layout, {codes["E4.3"]: "4", codes["E1.1"]: "5"})
    assert list(unknown.answers) == [int(codes["E1.1"][1:])]
    # only a skipped answer: nothing was answered
    assert read_filled(layout, {codes["E5.2"]: "5"}).errors == [
        "Ông/Bà chưa trả lời câu hỏi nào. Xin chọn ít nhất một câu trả lời."
    ]


def test_a_condition_on_a_retired_question_hides_nothing(
    codes: dict[str, str], instrument: Instrument
) -> None:
    Question.objects.filter(instrument=instrument, code="P5").update(active=False)
    from parsipas.sipas.survey import bump_version

    bump_version()
    layout = current_layout()
    assert layout is not None
    filled = read_filled(layout, {codes["E5.2"]: "5"})
    assert list(filled.answers) == [int(codes["E5.2"][1:])]


@pytest.mark.django_db
def test_the_public_form_notes_the_condition_and_the_server_drops_a_skipped_answer(
    registry: None, instrument: Instrument, settings: Any
) -> None:
    settings.SIPAS_MIN_FILL_SECONDS = 0
    client = Client()
    html = client.get("/sipas/khao-sat/stp/").content.decode()
    fields = field_names(html)
    assert f'data-show-if="{fields["P4"]}" data-show-values="3"' in html
    assert "Chỉ trả lời nếu ở câu P5 Ông/Bà chọn “Có”." in html
    assert "Phần 1/7" in html and "Phần 7/7" in html  # five elements, expectations, about you
    response = client.post(
        "/sipas/khao-sat/stp/",
        {
            "token": form_token(html),
            fields["P4"]: "2",
            fields["E4.3"]: "1",
            fields["P5"]: "2",
            fields["E5.2"]: "1",
            fields["E5.1"]: "4",
        },
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    stored = Response.objects.get(unit=Unit.objects.get(code="stp"))
    answered = set(Answer.objects.filter(response=stored).values_list("question__code", flat=True))
    assert answered == {"P4", "P5", "E5.1"}


@pytest.mark.django_db
def test_the_admin_sets_a_condition_and_a_wrong_one_is_refused(
    people: dict, login: Any, instrument: Instrument
) -> None:
    admin = login(people["admin"])
    page = admin.get(f"/sipas/bo-cau-hoi/{instrument.code}/cau-hoi/")
    assert page.status_code == 200 and "chỉ hỏi khi" in page.content.decode().lower()
    questions = list(instrument.questions.order_by("order", "code"))
    data: dict[str, Any] = {
        "q-TOTAL_FORMS": str(len(questions)),
        "q-INITIAL_FORMS": str(len(questions)),
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "1000",
    }
    for i, q in enumerate(questions):
        data.update(
            {
                f"q-{i}-id": str(q.pk),
                f"q-{i}-order": str(q.order),
                f"q-{i}-code": q.code,
                f"q-{i}-kind": q.kind,
                f"q-{i}-element": str(q.element_id or ""),
                f"q-{i}-text": q.text,
                f"q-{i}-help": q.help,
                f"q-{i}-scale": str(q.scale_id),
                f"q-{i}-max_choices": str(q.max_choices),
                f"q-{i}-show_if": q.show_if,
                f"q-{i}-active": "on",
            }
        )
    e43 = next(i for i, q in enumerate(questions) if q.code == "E4.3")
    for wrong, message in [
        ("P9=1", "Không có câu P9 trong bộ câu hỏi."),
        ("P4=9", "Câu P4 không có lựa chọn 9."),
        ("E4.3=5", "Câu hỏi không thể phụ thuộc chính nó."),
        ("P5=1", "Câu P5 phải đứng trước câu E4.3."),
        ("P4", "phải có dạng MÃ_CÂU=giá trị"),
    ]:
        refused = admin.post(page.request["PATH_INFO"], {**data, f"q-{e43}-show_if": wrong})
        assert refused.status_code == 200 and message in refused.content.decode(), wrong
    assert Question.objects.get(instrument=instrument, code="E4.3").show_if == "P4=3"
    saved = admin.post(page.request["PATH_INFO"], {**data, f"q-{e43}-show_if": " P4 = 4,3 "})
    assert saved.status_code == 302
    assert Question.objects.get(instrument=instrument, code="E4.3").show_if == "P4=3,4"
