"""Dossier batches pushed through the API: checked for the token's unit, then imported by the
dossier import itself (``dossiers.ingest.loader.import_dossiers``), all-or-nothing, upsert on the code.

A JSON array is written out as the CSV that ``parsipas dossiers import`` reads (English
headers), so both paths share one parser, one set of messages and one writer.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from operator import itemgetter
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from pydantic import TypeAdapter, ValidationError

from parsipas.accounts import policy
from parsipas.api.models import ApiToken, IdempotentCall
from parsipas.api.problems import ApiProblem, vietnamese
from parsipas.api.schemas import DossierRow
from parsipas.dossiers.ingest.headers import FIELD_HEADERS_EN, FIELDS, HeaderError, match_columns
from parsipas.dossiers.ingest.loader import ImportRefused, UnitResolver, import_dossiers, read_table
from parsipas.dossiers.models import Dossier
from parsipas.units.models import Unit

MAX_ROWS = 50_000
MAX_LISTED = 50
_ROWS = TypeAdapter(list[DossierRow])
_CHECK_CHUNK = 5000
SEPARATOR = "\x1f"  # chr(31), the ASCII unit separator
# How long a retried call is recognised by its Idempotency-Key.
KEEP_KEYS = dt.timedelta(days=7)
# The import numbers the lines of the CSV made from a JSON array: line 2 is the first item.
JSON_LINES = "(Với mảng JSON: dòng N là hồ sơ thứ N − 1 của mảng.)"


def _too_many(count: int) -> ApiProblem:
    return ApiProblem(
        413,
        f"Một lần gọi nhận tối đa {MAX_ROWS:,} hồ sơ; lô này có {count:,}.".replace(",", "."),
        field="body",
    )


Key = tuple[int, str, str]  # (line of the CSV, unit as written, dossier code)


def json_to_csv(body: bytes) -> tuple[bytes, list[Key]]:
    """A JSON array of dossiers -> the import's CSV and each row's unit and code; 400/422
    naming the item and field at fault."""
    try:
        rows = _ROWS.validate_json(body or b"null")
    except ValidationError as exc:
        problems = exc.errors()
        if problems and problems[0]["type"] == "json_invalid":
            raise ApiProblem(400, "Nội dung không phải JSON hợp lệ.", field="body") from None
        errors = [_item_error(e) for e in problems[:MAX_LISTED]]
        raise ApiProblem(
            422, errors[0]["detail"], field=errors[0]["field"], errors=errors
        ) from None
    if len(rows) > MAX_ROWS:
        raise _too_many(len(rows))
    if not rows:
        raise ApiProblem(422, "Lô hồ sơ rỗng.", field="body")
    # The validated dicts go straight to C-level CSV writes (a model per row, dumped back to
    # dicts, took as long as the import itself). csv writes None (and a key left out) as "" and
    # booleans as True/False, which the import reads as they are.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([FIELD_HEADERS_EN[f] for f in FIELDS])
    complete = min(map(len, rows)) == len(_JSON_KEYS)  # no key left out: C-level all along
    writer.writerows(map(itemgetter(*_JSON_KEYS) if complete else _cells, rows))
    lines = range(2, len(rows) + 2)
    units, codes = map(itemgetter("unit_code"), rows), map(itemgetter("dossier_code"), rows)
    keys: list[Key] = list(zip(lines, units, codes, strict=True))
    return out.getvalue().encode("utf-8"), keys


_JSON_KEYS = ("dossier_code", *FIELDS[1:])


def _cells(item: Any) -> list[Any]:
    """A row with keys left out (blank in the CSV)."""
    get = item.get
    return [get(key) for key in _JSON_KEYS]


def _item_error(error: Any) -> dict[str, str]:
    loc = [str(p) for p in error["loc"]]
    if not loc or not loc[0].isdigit():
        return {"field": "body", "detail": "Nội dung phải là một mảng JSON các hồ sơ."}
    name = loc[-1] if len(loc) > 1 else "hồ sơ"
    return {
        "field": ".".join(loc),
        "detail": f"Hồ sơ thứ {int(loc[0]) + 1}: trường '{name}' {vietnamese(error)}.",
    }


def csv_keys(content: bytes) -> list[Key]:
    """Each row's unit and code of a CSV body (413 past MAX_ROWS)."""
    if b"\x00" in content:
        raise ApiProblem(
            422, "Tệp CSV chứa ký tự NUL (0x00): không phải tệp văn bản.", field="body"
        )
    try:
        headers, rows = read_table(io.BytesIO(content), "api.csv")
        columns = match_columns(headers)
    except (ImportRefused, HeaderError) as exc:
        raise ApiProblem(422, str(exc), field="body") from None
    unit_at = headers.index(columns.by_field["unit_code"])
    code_at = headers.index(columns.by_field["code"])
    keys: list[Key] = []
    try:
        for line, cells in rows:
            keys.append(
                (line, str(cells[unit_at] or "").strip(), str(cells[code_at] or "").strip())
            )
            if len(keys) > MAX_ROWS:
                raise _too_many(len(keys))
    except ImportRefused as exc:
        raise ApiProblem(422, str(exc), field="body") from None
    return keys


def check_units(keys: list[Key], token: ApiToken) -> None:
    """Every row belongs to a unit the token may push for (``policy``), and no row takes over
    another unit's dossier code. Unknown units are left to the import's own message."""
    resolve = UnitResolver()
    allowed: dict[int, bool] = {}
    for unit_text in dict.fromkeys(map(itemgetter(1), keys)):  # a few units, 50,000 rows
        unit_id = resolve(unit_text)
        if unit_id is not None and unit_id not in allowed:
            allowed[unit_id] = policy.can_push_dossiers_for(
                token.user, Unit.objects.get(pk=unit_id)
            )
    refused: list[dict[str, Any]] = []
    for line, unit_text, _ in keys if not all(allowed.values()) else ():
        unit_id = resolve(unit_text)
        if unit_id is not None and not allowed[unit_id]:
            refused.append(
                {
                    "field": f"row {line}: unit_code",
                    "detail": f"Dòng {line}: đơn vị '{unit_text}' không phải đơn vị của "
                    f"mã truy cập ({token.unit.code}).",
                }
            )
            if len(refused) >= MAX_LISTED:
                break
    if refused:
        raise ApiProblem(403, refused[0]["detail"], field=refused[0]["field"], errors=refused)
    if policy.can_import_dossiers(token.user):
        return
    codes = [code for _, _, code in keys]
    taken = _codes_of_other_units(codes, token.unit_id)
    if taken:
        errors = [
            {"field": "dossier_code", "detail": f"Mã hồ sơ '{c}' đã thuộc một đơn vị khác."}
            for c in taken[:MAX_LISTED]
        ]
        raise ApiProblem(409, errors[0]["detail"], field="dossier_code", errors=errors)


def _codes_of_other_units(codes: list[str], unit_id: int) -> list[str]:
    """Up to MAX_LISTED of ``codes`` that are dossiers of another unit."""
    if connection.vendor == "postgresql":
        # One parameter: an IN list of 50,000 codes costs PostgreSQL seconds to plan, and
        # psycopg quotes a Python list item by item (seconds too); one text split in SQL costs
        # neither. A code holding the separator (never in a real export) takes the array.
        joined = SEPARATOR.join(codes)
        wanted, value = (
            ("string_to_array(%s, chr(31))", joined)
            if joined.count(SEPARATOR) == len(codes) - 1
            else ("%s", codes)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT code FROM {Dossier._meta.db_table} WHERE code = ANY({wanted}) "
                "AND unit_id <> %s LIMIT %s",
                [value, unit_id, MAX_LISTED],
            )
            return [row[0] for row in cursor.fetchall()]
    taken: list[str] = []
    for start in range(0, len(codes), _CHECK_CHUNK):
        taken += (
            Dossier.objects.filter(code__in=codes[start : start + _CHECK_CHUNK])
            .exclude(unit_id=unit_id)
            .values_list("code", flat=True)[:MAX_LISTED]
        )
        if len(taken) >= MAX_LISTED:
            break
    return taken[:MAX_LISTED]


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
    content: bytes,
    keys: list[Key],
    token: ApiToken,
    key: str | None,
    print_: str,
    *,
    from_json: bool = False,
) -> tuple[dict[str, Any], bool]:
    """Import the batch once: (answer, replayed). A retried call with the same key and body
    gets the first answer back and imports nothing."""
    if key:
        earlier = replay(token, key, print_)
        if earlier is not None:
            return earlier.body, True
    check_units(keys, token)
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
                IdempotentCall.objects.filter(created_at__lt=timezone.now() - KEEP_KEYS).delete()
                IdempotentCall.objects.create(
                    token=token, key=key, fingerprint=print_, status=201, body=answer
                )
    except ImportRefused as refused:
        hint = f" {JSON_LINES}" if from_json else ""
        errors = [{"field": "body", "detail": e + hint} for e in refused.errors[:MAX_LISTED]]
        raise ApiProblem(422, errors[0]["detail"], field="body", errors=errors) from None
    except IntegrityError:
        # The same key raced in from a parallel retry: its import won, this one rolled back.
        earlier = replay(token, key or "", print_)
        if earlier is None:
            raise
        return earlier.body, True
    return answer, False
