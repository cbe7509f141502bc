"""Petitions (phản ánh, kiến nghị, SIPAS 5): read a unit's, and record one received elsewhere
(the document system, the national portal) through ``petitions.handling.receive``.

Inspections and Government tasks (``parsipas/registers``) had not landed when this was
written; their endpoints come with them.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router

from parsipas.accounts import policy
from parsipas.api.models import Scope
from parsipas.api.problems import ApiProblem, not_found
from parsipas.api.schemas import PetitionIn, PetitionList, PetitionOut
from parsipas.api.views.common import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    call,
    decode_cursor,
    page,
    respond,
    this_year,
    token_of,
    unit_for,
)
from parsipas.petitions import handling
from parsipas.petitions.models import Petition
from parsipas.petitions.oversight import overseer_unit_ids

router = Router(tags=["Phản ánh, kiến nghị"])


def _petition(petition: Petition, user: Any, overseers: set[int]) -> dict[str, Any]:
    sender = None
    if policy.can_see_petitioner(user, petition, overseers):
        sender = {
            "name": petition.sender_name,
            "phone": petition.sender_phone,
            "email": petition.sender_email,
        }
    return {
        "code": petition.code,
        "unit": petition.unit.code,
        "channel": petition.channel,
        "procedure": petition.procedure,
        "content": petition.content,
        "received_on": petition.received_on,
        "state": petition.state,
        "subject": petition.subject,
        "in_scope": petition.in_scope,
        "handled_on": petition.handled_on,
        "answer": petition.answer,
        "published_on": petition.published_on,
        "sender": sender,
    }


@router.get("/petitions", response=PetitionList, summary="Phản ánh, kiến nghị của một đơn vị")
@call(Scope.READ)
def list_petitions(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    unit: str | None = Query(None, max_length=60, description="Mặc định: đơn vị của mã truy cập"),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> HttpResponse:
    """Thông tin người phản ánh chỉ có khi mã truy cập thuộc đơn vị xử lý hoặc đơn vị theo dõi."""
    user = token_of(request).user
    year = year or this_year()
    target = unit_for(request, unit)
    overseers = overseer_unit_ids(year)
    rows = (
        Petition.objects.filter(unit=target, received_on__year=year, pk__gt=decode_cursor(cursor))
        .select_related("unit")
        .order_by("pk")
    )
    found = [p for p in rows[: limit + 1] if policy.can_view_petition(user, p, overseers)]
    items, next_cursor = page(found, limit, lambda p: p.pk)
    data = {"items": [_petition(p, user, overseers) for p in items], "next_cursor": next_cursor}
    return respond(request, PetitionList, data)


@router.post(
    "/petitions", response={201: PetitionOut}, summary="Ghi một phản ánh, kiến nghị đã tiếp nhận"
)
@call(Scope.WRITE_REGISTERS, write=True)
def record_petition(request: HttpRequest, body: PetitionIn) -> HttpResponse:
    """Như cán bộ nhập phản ánh nhận qua điện thoại, văn bản, Cổng DVCQG: thời hạn xử lý tính
    từ ngày tiếp nhận."""
    user = token_of(request).user
    target = unit_for(request, body.unit)
    today = timezone.localdate()
    received_on = body.received_on or today
    if received_on > today:
        raise ApiProblem(422, "Ngày tiếp nhận không được sau ngày hôm nay.", field="received_on")
    overseers = overseer_unit_ids(received_on.year)
    if not policy.can_record_petition(user, target, overseers):
        raise not_found(f"Không tìm thấy đơn vị '{target.code}'.", field="unit")
    try:
        petition = handling.receive(
            unit=target,
            channel=body.channel,
            content=body.content,
            procedure=body.procedure,
            sender=handling.Sender(body.sender.name, body.sender.phone, body.sender.email),
            received_on=received_on,
            user=user,
        )
    except handling.HandlingError as error:
        raise ApiProblem(422, str(error)) from None
    return respond(request, PetitionOut, _petition(petition, user, overseers), status=201)
