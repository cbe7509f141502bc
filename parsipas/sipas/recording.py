"""Store a response with its answers: the one way responses enter the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction

from parsipas.sipas.models import Answer, Response, Status
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


def build(new: NewResponse) -> tuple[Response, list[Answer]]:
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
    counted = response.status == Status.VALID
    answers = [
        Answer(
            response=response,
            question_id=qid,
            value=v,
            unit_id=new.unit.pk,
            month=month,
            counted=counted,
        )
        for qid, values in new.answers.items()
        for v in values
    ]
    return response, answers


def save(new: NewResponse) -> Response:
    response, answers = build(new)
    with transaction.atomic():
        response.save()
        for a in answers:
            a.response = response
        Answer.objects.bulk_create(answers)
    return response


def save_many(items: list[NewResponse]) -> list[Response]:
    """Bulk insert (imports); the caller holds the transaction."""
    built = [build(item) for item in items]
    responses = Response.objects.bulk_create([r for r, _ in built], batch_size=2000)
    answers: list[Answer] = []
    for response, (_, item_answers) in zip(responses, built, strict=True):
        for a in item_answers:
            a.response = response
        answers.extend(item_answers)
    Answer.objects.bulk_create(answers, batch_size=5000)
    return responses
