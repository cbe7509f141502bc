"""Dossier batches from the one-stop system: JSON array or CSV, up to 50,000 rows a call."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Header, Router

from parsipas.api import batches
from parsipas.api.models import Scope
from parsipas.api.problems import ApiProblem
from parsipas.api.schemas import BatchOut
from parsipas.api.views.common import call, respond, token_of

router = Router(tags=["Hồ sơ TTHC"])

_BODY = {
    "requestBody": {
        "required": True,
        "description": "Mảng JSON các hồ sơ, hoặc tệp CSV với các cột của `parsipas dossiers import`.",
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": batches.MAX_ROWS,
                    "items": {"$ref": "#/components/schemas/DossierRow"},
                }
            },
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


def max_batch_bytes() -> int:
    return int(getattr(settings, "API_MAX_BATCH_BYTES", 64 * 1024 * 1024))


@router.post(
    "/dossiers/batches",
    response={201: BatchOut, 200: BatchOut},
    summary="Đẩy một lô hồ sơ TTHC",
    openapi_extra=_BODY,
)
@call(Scope.WRITE_DOSSIERS, write=True)
def push_batch(
    request: HttpRequest,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Gọi lại với cùng khóa và cùng nội dung thì nhận lại kết quả lần đầu, không nhập hai lần",
    ),
) -> HttpResponse:
    """Cả lô hoặc không gì cả; hồ sơ trùng mã thì cập nhật (upsert). Mọi hồ sơ phải thuộc đơn vị
    của mã truy cập. 201 khi nhập, 200 khi trả lại kết quả của lần gọi trước cùng khóa."""
    token = token_of(request)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > max_batch_bytes():
        raise ApiProblem(413, "Lô hồ sơ quá lớn.", field="body")
    content = request.read(max_batch_bytes() + 1)
    if len(content) > max_batch_bytes():
        raise ApiProblem(413, "Lô hồ sơ quá lớn.", field="body")
    kind = (request.content_type or "").lower()
    if kind == "application/json":
        csv_content, keys = batches.json_to_csv(content)
    elif kind in ("text/csv", "application/csv"):
        csv_content, keys = content, batches.csv_keys(content)
    else:
        raise ApiProblem(
            415,
            "Nội dung phải là application/json (mảng hồ sơ) hoặc text/csv.",
            field="Content-Type",
        )
    print_ = batches.fingerprint(request.method or "POST", request.path, kind, content)
    answer, replayed = batches.push(
        csv_content, keys, token, idempotency_key, print_, from_json=kind == "application/json"
    )
    return respond(
        request, BatchOut, {**answer, "replayed": replayed}, status=200 if replayed else 201
    )
