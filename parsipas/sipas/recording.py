"""Store a response with its answers: the one way responses enter the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from parsipas.sipas.figures import answers_changed
from parsipas.sipas.models import Answer, Question, QuestionKind, Response, Status
from parsipas.sipas.periods import month_of
from parsipas.units.models import Unit


@dataclass
class NewResponse:
    unit: Unit
    instrument_id: int
    answers: dict[int, list[int]]  # question id -> values
    channel: str
    submitted_at: datetime
    flags: list[str] = field(default_factory=list)
    respondent: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # desk, comment, fill_seconds, hashes, …

    @property
    def status(self) -> str:
        return Status.FLAGGED if self.flags else Status.VALID


def build(new: NewResponse, scored: set[int]) -> tuple[Response, list[Answer]]:
    response, month = build_response_only(new)
    counted = response.status == Status.VALID
    answers = [
        Answer(
            response=response,
            question_id=qid,
            value=v,
            unit_id=new.unit.pk,
            month=month,
            counted=counted,
            scored=qid in scored,
        )
        for qid, values in new.answers.items()
        for v in values
    ]
    return response, answers


def _scored_questions(question_ids: set[int]) -> set[int]:
    return set(
        Question.objects.filter(pk__in=question_ids, kind=QuestionKind.SATISFACTION).values_list(
            "pk", flat=True
        )
    )


def save(new: NewResponse, scored: set[int] | None = None) -> Response:
    """Store one response. The public form's hot path: the answers go in with one executemany,
    without building a model instance per answer (that alone was a third of a submission)."""
    response, _ = build_response_only(new)
    counted = response.status == Status.VALID
    if scored is None:
        scored = _scored_questions(set(new.answers))
    with transaction.atomic():
        response.save()
        rows = [
            (response.pk, qid, v, new.unit.pk, response.month, counted, qid in scored)
            for qid, values in new.answers.items()
            for v in values
        ]
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT_ANSWER, rows)
        transaction.on_commit(lambda: answers_changed([new.unit.pk]))
    return response


_INSERT_ANSWER = (
    f"INSERT INTO {Answer._meta.db_table} (response_id, question_id, value, unit_id, month, counted, scored) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s)"
)


def build_response_only(new: NewResponse) -> tuple[Response, int]:
    month = month_of(new.submitted_at)
    response = Response(
        instrument_id=new.instrument_id,
        unit=new.unit,
        channel=new.channel,
        submitted_at=new.submitted_at,
        month=month,
        status=new.status,
        flags=",".join(new.flags),
        **new.respondent,
        **new.extra,
    )
    return response, month


def save_many(items: list[NewResponse]) -> list[Response]:
    """Bulk insert (imports); the caller holds the transaction."""
    scored = _scored_questions({qid for item in items for qid in item.answers})
    built = [build(item, scored) for item in items]
    responses = Response.objects.bulk_create([r for r, _ in built], batch_size=2000)
    answers: list[Answer] = []
    for response, (_, item_answers) in zip(responses, built, strict=True):
        for a in item_answers:
            a.response = response
        answers.extend(item_answers)
    Answer.objects.bulk_create(answers, batch_size=5000)
    unit_ids = {item.unit.pk for item in items}
    transaction.on_commit(lambda: answers_changed(unit_ids))
    return responses
