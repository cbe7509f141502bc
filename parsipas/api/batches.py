"""Dossier batches pushed through the API: checked for the token's unit, then imported by the
dossier import itself (``dossiers.loader.import_dossiers``), all-or-nothing, upsert on the code.

A JSON array is written out as the CSV that ``parsipas dossiers import`` reads (English
headers), so both paths share one parser, one set of messages and one writer.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from typing import Any

from django.db import IntegrityError, transaction
from pydantic import TypeAdapter, ValidationError

from parsipas.accounts import policy
from parsipas.api.models import ApiToken, IdempotentCall
from parsipas.api.problems import ApiProblem
from parsipas.api.schemas import DossierRow
from parsipas.dossiers.headers import FIELD_HEADERS_EN, FIELDS, HeaderError, match_columns
from parsipas.dossiers.loader import ImportRefused, UnitResolver, import_dossiers, read_table
from parsipas.dossiers.models import Dossier
from parsipas.lib.tabular import TableError

MAX_ROWS = 50_000
MAX_LISTED = 50
_ROWS = TypeAdapter(list[DossierRow])
_CHECK_CHUNK = 5000


def _too_many(count: int) -> ApiProblem:
    return ApiProblem(
        413,
        f"Một lần gọi nhận tối đa {MAX_ROWS:,} hồ sơ; lô này có {count:,}.".replace(",", "."),
        field="body",
    )


def json_to_csv(body: bytes) -> bytes:
    """A JSON array of dossiers -> the import's CSV; 422 naming the item and field at fault."""
    try:
        raw = json.loads(body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiProblem(400, f"Nội dung không phải JSON hợp lệ ({exc}).", field="body") from None
    if not isinstance(raw, list):
        raise ApiProblem(422, "Nội dung phải là một mảng JSON các hồ sơ.", field="body")
    if len(raw) > MAX_ROWS:
        raise _too_many(len(raw))
    if not raw:
        raise ApiProblem(422, "Lô hồ sơ rỗng.", field="body")
    try:
        rows = _ROWS.validate_python(raw)
    except ValidationError as exc:
        errors = [
            {
                "field": ".".join(str(p) for p in e["loc"]),
                "detail": f"Hồ sơ thứ {int(e['loc'][0]) + 1}: trường '{e['loc'][-1]}' — {e['msg']}",
            }
            for e in exc.errors()[:MAX_LISTED]
            if e["loc"]
        ]
        first = errors[0] if errors else {"field": "body", "detail": "Dữ liệu không hợp lệ."}
        raise ApiProblem(422, first["detail"], field=first["field"], errors=errors) from None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([FIELD_HEADERS_EN[f] for f in FIELDS])
    attributes = ["dossier_code", *FIELDS[1:]]
    flag = {True: "1", False: "0", None: ""}
    for row in rows:
        cells = []
        for name in attributes:
            value = getattr(row, name)
            cells.append(flag[value] if isinstance(value, bool) or value is None else str(value))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def _rows(content: bytes) -> tuple[dict[str, int], Iterator[tuple[int, Any]]]:
    try:
        headers, rows = read_table(io.BytesIO(content), "api.csv")
        columns = match_columns(headers)
    except (TableError, HeaderError) as exc:
        raise ApiProblem(422, str(exc), field="body") from None
    index = {name: headers.index(header) for name, header in columns.by_field.items()}
    return index, rows


def check_units(content: bytes, token: ApiToken) -> int:
    """Every row belongs to a unit the token may push for, and no row takes over another
    unit's dossier code. Returns the number of rows (413 past MAX_ROWS)."""
    index, rows = _rows(content)
    resolve = UnitResolver()
    refused: list[dict[str, Any]] = []
    codes: list[str] = []
    allowed: dict[int | None, bool] = {}
    count = 0
    try:
        for number, cells in rows:
            count += 1
            if count > MAX_ROWS:
                raise _too_many(count)
            unit_text = str(cells[index["unit_code"]] or "").strip()
            unit_id = resolve(unit_text)
            if unit_id is not None and unit_id not in allowed:
                from parsipas.units.models import Unit

                allowed[unit_id] = policy.can_push_dossiers_for(
                    token.user, Unit.objects.get(pk=unit_id)
                )
            if unit_id is not None and not allowed[unit_id] and len(refused) < MAX_LISTED:
                refused.append(
                    {
                        "field": f"row {number}: unit_code",
                        "detail": f"Dòng {number}: đơn vị '{unit_text}' không phải đơn vị của "
                        f"mã truy cập ({token.unit.code}).",
                    }
                )
            codes.append(str(cells[index["code"]] or "").strip())
    except TableError as exc:
        raise ApiProblem(422, str(exc), field="body") from None
    if refused:
        raise ApiProblem(403, refused[0]["detail"], field=refused[0]["field"], errors=refused)
    taken: list[str] = []
    for start in range(0, len(codes), _CHECK_CHUNK):
        taken += (
            Dossier.objects.filter(code__in=codes[start : start + _CHECK_CHUNK])
            .exclude(unit_id=token.unit_id)
            .values_list("code", flat=True)[:MAX_LISTED]
        )
        if len(taken) >= MAX_LISTED:
            break
    if taken and not policy.can_import_dossiers(token.user):
        errors = [
            {"field": "dossier_code", "detail": f"Mã hồ sơ '{c}' đã thuộc một đơn vị khác."}
            for c in taken[:MAX_LISTED]
        ]
        raise ApiProblem(409, errors[0]["detail"], field="dossier_code", errors=errors)
    return count


def fingerprint(method: str, path: str, content_type: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), content_type.encode()):
        digest.update(part + b"\0")
    digest.update(body)
    return digest.hexdigest()


def replay(token: ApiToken, key: str, print_: str) -> IdempotentCall | None:
    """The stored answer of an earlier call with this key; 422 if the key was used for
    another request."""
    earlier = IdempotentCall.objects.filter(token=token, key=key).first()
    if earlier is not None and earlier.fingerprint != print_:
        raise ApiProblem(
            422,
            f"Idempotency-Key '{key}' đã được dùng cho một lô khác. Mỗi lô cần một khóa riêng.",
            field="Idempotency-Key",
        )
    return earlier


def push(
    content: bytes, token: ApiToken, key: str | None, print_: str
) -> tuple[dict[str, Any], bool]:
    """Import the batch once: (answer, replayed). A retried call with the same key and body
    gets the first answer back and imports nothing."""
    if key:
        earlier = replay(token, key, print_)
        if earlier is not None:
            return earlier.body, True
    check_units(content, token)
    try:
        with transaction.atomic():
            result = import_dossiers(io.BytesIO(content), f"API {token.label}", user=token.user)
            answer = {
                "batch_id": result.batch.pk,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
            }
            if key:
                IdempotentCall.objects.create(
                    token=token, key=key, fingerprint=print_, status=201, body=answer
                )
    except ImportRefused as refused:
        errors = [{"field": "body", "detail": e} for e in refused.errors[:MAX_LISTED]]
        raise ApiProblem(422, refused.errors[0], field="body", errors=errors) from None
    except IntegrityError:
        # The same key raced in from a parallel retry: its import won, this one rolled back.
        earlier = replay(token, key or "", print_)
        if earlier is None:
            raise
        return earlier.body, True
    return answer, False
