"""The write side of petitions and dialogues: every change goes through one of these verbs.

Each verb runs in one transaction, checks the state it starts from, records an `Event` (what the
tracking page and the audit trail show) and raises `HandlingError` with a Vietnamese message when
the step is not allowed. Callers ask `accounts.policy` first.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from parsipas.petitions.models import (
    OPEN_STATES,
    Attachment,
    Dialogue,
    Event,
    Petition,
    Proposal,
    State,
    Subject,
)
from parsipas.reporting import evidence
from parsipas.units.models import Unit

MAX_ATTACHMENTS = 5
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


class HandlingError(ValueError):
    """A step that is not allowed now, with a message for the person in Vietnamese."""


def new_code(year: int) -> str:
    return f"PA{year % 100:02d}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


@dataclass(frozen=True)
class Sender:
    name: str = ""
    phone: str = ""
    email: str = ""


def _event(
    petition: Petition,
    action: str,
    on: dt.date,
    user: Any = None,
    note: str = "",
    from_unit: Unit | None = None,
) -> None:
    Event.objects.create(
        petition=petition,
        action=action,
        on=on,
        user=user if getattr(user, "is_authenticated", False) else None,
        note=note,
        from_unit=from_unit,
    )


def check_attachments(files: Iterable[UploadedFile]) -> list[tuple[UploadedFile, Any]]:
    """Type (from the content) and size of each attachment; raises with the file's name."""
    files = list(files)
    if len(files) > MAX_ATTACHMENTS:
        raise HandlingError(f"Chỉ được đính kèm tối đa {MAX_ATTACHMENTS} tệp.")
    checked = []
    for f in files:
        try:
            # an UploadedFile reads and seeks as the binary stream check() takes
            checked.append((f, evidence.check(cast(BinaryIO, f), f.name or "tệp")))
        except evidence.EvidenceError as exc:
            raise HandlingError(str(exc)) from exc
    return checked


def receive(
    *,
    unit: Unit,
    channel: str,
    content: str,
    procedure: str = "",
    sender: Sender = Sender(),
    received_on: dt.date | None = None,
    files: Iterable[UploadedFile] = (),
    user: Any = None,
    client_hash: str = "",
) -> Petition:
    """A new petition, from the public form or entered by staff (phone, paper, national portal)."""
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise HandlingError("Ngày tiếp nhận không được sau ngày hôm nay.")
    if not content.strip():
        raise HandlingError("Vui lòng nhập nội dung phản ánh, kiến nghị.")
    checked = check_attachments(files)
    with transaction.atomic():
        for _ in range(5):
            try:
                with transaction.atomic():
                    petition = Petition.objects.create(
                        code=new_code(received_on.year),
                        unit=unit,
                        channel=channel,
                        procedure=procedure.strip(),
                        content=content.strip(),
                        received_on=received_on,
                        clock_start=received_on,
                        sender_name=sender.name.strip(),
                        sender_phone=sender.phone.strip(),
                        sender_email=sender.email.strip(),
                        client_hash=client_hash,
                        created_by=user if getattr(user, "is_authenticated", False) else None,
                    )
                break
            except IntegrityError:  # a code already taken: draw another
                continue
        else:  # pragma: no cover - 32^6 codes a year
            raise HandlingError("Không tạo được mã tra cứu, vui lòng gửi lại.")
        for f, info in checked:
            attachment = Attachment(
                petition=petition,
                original_name=(f.name or "tep")[:255],
                content_type=info.content_type,
                size=info.size,
                sha256=info.sha256,
            )
            f.seek(0)
            attachment.file.save(f.name or "tep", f, save=False)
            attachment.save()
        _event(
            petition, Event.Action.RECEIVED, received_on, user, note=petition.get_channel_display()
        )
    return petition


def _lock(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().get(pk=petition.pk)


def _require_open(p: Petition) -> None:
    if p.state not in OPEN_STATES:
        raise HandlingError(f"Phản ánh {p.code} đã {p.get_state_display().lower()}.")


def _check_day(p: Petition, on: dt.date, what: str) -> None:
    if on < p.received_on:
        raise HandlingError(
            f"Ngày {what} ({on:%d/%m/%Y}) trước ngày tiếp nhận ({p.received_on:%d/%m/%Y})."
        )
    if on > timezone.localdate():
        raise HandlingError(f"Ngày {what} không được sau ngày hôm nay.")


def classify(petition: Petition, subject: str, in_scope: bool, user: Any) -> Petition:
    if subject not in Subject.values:
        raise HandlingError("Vui lòng chọn phân loại phản ánh.")
    with transaction.atomic():
        p = _lock(petition)
        _require_open(p)
        p.subject, p.in_scope = subject, in_scope
        if p.state == State.RECEIVED:
            p.state = State.CLASSIFIED
        p.save()
        scope = "thuộc thẩm quyền" if in_scope else "không thuộc thẩm quyền"
        _event(
            p,
            Event.Action.CLASSIFIED,
            timezone.localdate(),
            user,
            f"{p.get_subject_display()}; {scope}",
        )
    return p


def refuse(petition: Petition, reason: str, user: Any, on: dt.date | None = None) -> Petition:
    if not reason.strip():
        raise HandlingError("Vui lòng ghi lý do từ chối tiếp nhận.")
    on = on or timezone.localdate()
    with transaction.atomic():
        p = _lock(petition)
        _require_open(p)
        _check_day(p, on, "từ chối")
        p.state, p.refused_on, p.refusal_reason = State.REFUSED, on, reason.strip()
        p.save()
        _event(p, Event.Action.REFUSED, on, user, reason.strip())
    return p


def request_info(
    petition: Petition, request_text: str, user: Any, on: dt.date | None = None
) -> Petition:
    if not request_text.strip():
        raise HandlingError("Vui lòng ghi thông tin cần bổ sung.")
    on = on or timezone.localdate()
    with transaction.atomic():
        p = _lock(petition)
        _require_open(p)
        _check_day(p, on, "đề nghị bổ sung")
        if p.info_requested_on is None:  # the first request is the one the 5-day limit judges
            p.info_requested_on = on
        p.info_request, p.state = request_text.strip(), State.INFO
        p.save()
        _event(p, Event.Action.INFO, on, user, request_text.strip())
    return p


def forward(
    petition: Petition, to_unit: Unit, user: Any, note: str = "", on: dt.date | None = None
) -> Petition:
    """Hand the petition to the unit competent to handle it: the clock starts again."""
    on = on or timezone.localdate()
    with transaction.atomic():
        p = _lock(petition)
        _require_open(p)
        if to_unit.pk == p.unit_id:
            raise HandlingError("Phản ánh đã thuộc đơn vị này.")
        _check_day(p, on, "chuyển")
        previous = p.unit
        p.unit, p.clock_start, p.state = to_unit, on, State.RECEIVED
        p.save()
        _event(
            p,
            Event.Action.FORWARDED,
            on,
            user,
            note.strip() or f"Chuyển đến {to_unit.name}",
            previous,
        )
    return p


def answer(
    petition: Petition,
    text: str,
    user: Any,
    doc_number: str = "",
    signed_file: UploadedFile | None = None,
    on: dt.date | None = None,
) -> Petition:
    if not text.strip():
        raise HandlingError("Vui lòng nhập nội dung trả lời.")
    on = on or timezone.localdate()
    if signed_file is not None:
        check_attachments([signed_file])
    with transaction.atomic():
        p = _lock(petition)
        _require_open(p)
        _check_day(p, on, "trả lời")
        p.state, p.handled_on, p.answer = State.HANDLED, on, text.strip()
        p.answer_doc_number = doc_number.strip()
        if signed_file is not None:
            signed_file.seek(0)
            p.answer_file.save(f"{p.code}-tra-loi", signed_file, save=False)
        p.save()
        _event(p, Event.Action.HANDLED, on, user, doc_number.strip())
    return p


def publish(petition: Petition, user: Any, on: dt.date | None = None) -> Petition:
    on = on or timezone.localdate()
    with transaction.atomic():
        p = _lock(petition)
        if p.state != State.HANDLED:
            raise HandlingError("Chỉ công khai được phản ánh đã có văn bản trả lời.")
        assert p.handled_on is not None
        if on < p.handled_on:
            raise HandlingError("Ngày công khai không được trước ngày trả lời.")
        p.state, p.published_on = State.PUBLISHED, on
        p.save()
        _event(p, Event.Action.PUBLISHED, on, user)
    return p


def rate(petition: Petition, satisfied: bool, comment: str = "") -> Petition:
    """The petitioner's own rating of the handling (once, after the answer)."""
    with transaction.atomic():
        p = _lock(petition)
        if not p.is_answered:
            raise HandlingError("Chỉ đánh giá được sau khi đã có kết quả trả lời.")
        if p.rating is not None:
            raise HandlingError("Phản ánh này đã được đánh giá.")
        p.rating, p.rating_comment, p.rated_at = satisfied, comment.strip()[:2000], timezone.now()
        p.save()
        _event(
            p,
            Event.Action.RATED,
            timezone.localdate(),
            None,
            "Hài lòng" if satisfied else "Không hài lòng",
        )
    return p


def erase_personal_data(before: dt.date) -> int:
    """Erase name and contact of petitions closed before `before`; an audit event each."""
    count = 0
    closed = Petition.objects.filter(personal_erased_at__isnull=True).exclude(state__in=OPEN_STATES)
    for p in closed.filter(received_on__lt=before).iterator():
        with transaction.atomic():
            p = _lock(p)
            p.sender_name = p.sender_phone = p.sender_email = ""
            p.client_hash = ""
            p.personal_erased_at = timezone.now()
            p.save()
            _event(p, Event.Action.ERASED, timezone.localdate())
            count += 1
    return count


# --- dialogues ----------------------------------------------------------------------------------


def save_dialogue(dialogue: Dialogue, user: Any) -> Dialogue:
    if dialogue.held_on > timezone.localdate() + dt.timedelta(days=366):
        raise HandlingError("Ngày tổ chức không hợp lệ.")
    with transaction.atomic():
        if dialogue.pk is None:
            dialogue.created_by = user if getattr(user, "is_authenticated", False) else None
        dialogue.year = dialogue.held_on.year
        dialogue.save()
    return dialogue


def add_proposal(dialogue: Dialogue, proposal: Proposal) -> Proposal:
    if proposal.due_on < dialogue.held_on:
        raise HandlingError("Hạn trả lời không được trước ngày đối thoại.")
    with transaction.atomic():
        proposal.dialogue = dialogue
        proposal.save()
    return proposal


def answer_proposal(proposal: Proposal, text: str, doc_number: str, on: dt.date) -> Proposal:
    if not text.strip():
        raise HandlingError("Vui lòng nhập nội dung trả lời.")
    if on < proposal.dialogue.held_on:
        raise HandlingError("Ngày trả lời không được trước ngày đối thoại.")
    if on > timezone.localdate():
        raise HandlingError("Ngày trả lời không được sau ngày hôm nay.")
    with transaction.atomic():
        p = Proposal.objects.select_for_update().get(pk=proposal.pk)
        p.answer, p.answer_doc_number, p.answered_on = text.strip(), doc_number.strip(), on
        p.save()
    return p
