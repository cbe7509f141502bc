"""Review of responses: accept a flagged one, or exclude one with a reason. Nothing else
about a response ever changes, and every decision lands in the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from parsipas.audit.models import AuditEntry
from parsipas.audit.tracking import record
from parsipas.sipas.figures import answers_changed
from parsipas.sipas.models import Answer, Response, Status


class ReviewError(ValueError):
    pass


MIN_REASON = 5


@transaction.atomic
def exclude(response: Response, reason: str, user: Any) -> Response:
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise ReviewError("Phải ghi rõ lý do loại phiếu.")
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == Status.EXCLUDED:
        raise ReviewError("Phiếu này đã bị loại.")
    return _set_status(response, Status.EXCLUDED, reason, user)


@transaction.atomic
def accept(response: Response, user: Any, note: str = "") -> Response:
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status != Status.FLAGGED:
        raise ReviewError("Chỉ xem xét được phiếu đang chờ xem xét.")
    return _set_status(
        response, Status.VALID, " ".join(note.split()) or "Đã xem xét, chấp nhận.", user
    )


@transaction.atomic
def restore(response: Response, user: Any, note: str) -> Response:
    """Undo an exclusion (a mistake), with a reason; also in the audit trail."""
    note = " ".join(note.split())
    if len(note) < MIN_REASON:
        raise ReviewError("Phải ghi rõ lý do khôi phục phiếu.")
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status != Status.EXCLUDED:
        raise ReviewError("Chỉ khôi phục được phiếu đã bị loại.")
    return _set_status(response, Status.VALID, note, user)


def _set_status(response: Response, status: str, note: str, user: Any) -> Response:
    before = response.status
    response.status = status
    response.review_note = note[:500]
    response.reviewed_by = user if getattr(user, "is_authenticated", False) else None
    response.reviewed_at = timezone.now()
    response.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    Answer.objects.filter(response=response).update(counted=status == Status.VALID)
    unit_id = response.unit_id
    transaction.on_commit(lambda: answers_changed([unit_id]))
    verb = {Status.EXCLUDED: "Loại", Status.VALID: "Chấp nhận"}[Status(status)]
    record(
        AuditEntry.Action.UPDATE,
        response,
        changes={"status": [before, status], "review_note": [None, response.review_note]},
        message=f"{verb} phiếu khảo sát #{response.pk} ({response.unit}): {response.review_note}",
    )
    return response


@transaction.atomic
def accept_many(responses: list[Response], user: Any, note: str = "") -> int:
    done = 0
    for response in responses:
        if response.status == Status.FLAGGED:
            accept(response, user, note)
            done += 1
    return done
