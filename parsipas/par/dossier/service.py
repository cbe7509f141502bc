"""The one writer of the self-assessment dossier: the office's edits, documents added by hand,
frozen versions and ZIP export jobs. Callers have asked `policy.can_assemble_par_dossier`;
every change is one transaction, and bad input raises `DossierError` (Vietnamese, naming the
criterion or the file) before anything is saved."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from decimal import Decimal, InvalidOperation
from typing import IO, Any, BinaryIO, cast

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from parsipas.par.dossier import access, export
from parsipas.par.dossier.assembly import assemble
from parsipas.par.dossier.models import (
    Dossier,
    DossierEntry,
    DossierExport,
    DossierFile,
    DossierVersion,
)
from parsipas.par.models import Criterion, Framework, Scope


class DossierError(ValueError):
    pass


def check_framework(framework: Framework) -> None:
    """A dossier needs the province's framework with its points."""
    if framework.scope != Scope.PROVINCE:
        raise DossierError(
            f"Hồ sơ tự đánh giá gửi Bộ Nội vụ chỉ lập cho bộ tiêu chí Chỉ số CCHC của tỉnh, không cho “{framework}”."
        )
    tops = list(framework.criteria.filter(parent__isnull=True).values_list("max_points", flat=True))
    if not tops or sum(tops, Decimal(0)) <= 0:
        raise DossierError(
            f"Bộ tiêu chí “{framework}” chưa có tiêu chí nào có điểm tối đa: "
            "hãy nhập bộ tiêu chí có điểm trước khi lập hồ sơ."
        )


def dossier_for(framework: Framework) -> Dossier:
    check_framework(framework)
    dossier, _ = Dossier.objects.get_or_create(framework=framework)
    return dossier


def _entry(dossier: Dossier, criterion: Criterion) -> DossierEntry:
    if criterion.framework_id != dossier.framework_id:
        raise DossierError(f"Tiêu chí {criterion.code} không thuộc bộ tiêu chí của hồ sơ.")
    entry, _ = DossierEntry.objects.get_or_create(dossier=dossier, criterion=criterion)
    return entry


def parse_score(text: str, criterion: Criterion) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise DossierError(f"Tiêu chí {criterion.code}: điểm “{text}” không phải là số.") from exc
    if not value.is_finite() or value < 0 or value > criterion.max_points:
        raise DossierError(
            f"Tiêu chí {criterion.code}: điểm phải từ 0 đến {criterion.max_points.normalize()}, không phải “{text}”."
        )
    return value


def edit_criterion(
    dossier: Dossier, criterion: Criterion, user: Any, score: str, explanation: str
) -> DossierEntry:
    if criterion.is_group:
        raise DossierError(
            f"Tiêu chí {criterion.code} là nhóm: điểm của nhóm là tổng các tiêu chí con."
        )
    value = parse_score(score, criterion)
    with transaction.atomic():
        entry = _entry(dossier, criterion)
        entry.score = value
        entry.explanation = explanation.strip()[:5000]
        entry.save()
        _touch(dossier, user)
    return entry


def set_excluded(
    dossier: Dossier, criterion: Criterion, user: Any, key: str, excluded: bool
) -> None:
    with transaction.atomic():
        entry = _entry(dossier, criterion)
        keys = set(entry.excluded or [])
        keys = keys | {key} if excluded else keys - {key}
        entry.excluded = sorted(keys)
        entry.save(update_fields=["excluded"])
        _touch(dossier, user)


def edit_recommendations(dossier: Dossier, user: Any, text: str) -> None:
    dossier.recommendations = text.strip()[:10000]
    _touch(dossier, user)


def _touch(dossier: Dossier, user: Any) -> None:
    dossier.updated_by = user
    dossier.save(update_fields=["recommendations", "updated_by", "updated_at"])


def clean_metadata(
    meta: dict[str, Any], filename: str, today: dt.date | None = None, fill: bool = True
) -> dict[str, Any]:
    """The document's number, date, issuer, kind, title, section checked by the rules every
    evidence file follows (`reporting.documents`: no future date, no impossible number); blank
    fields of an upload are read from the file name."""
    from parsipas.reporting import documents

    typed = documents.Meta.from_mapping(meta)
    try:
        cleaned = (
            documents.prepare(typed, filename, today)
            if fill
            else documents.check(typed, today, filename)
        )
    except documents.MetaError as exc:
        raise DossierError(str(exc)) from exc
    return {name: getattr(cleaned, name) for name in documents.META_FIELDS}


def add_upload(
    dossier: Dossier,
    criterion: Criterion,
    user: Any,
    stream: IO[bytes],
    filename: str,
    meta: dict[str, Any],
) -> DossierFile:
    from parsipas.reporting import evidence as files

    if criterion.is_group:
        raise DossierError(
            f"Tiêu chí {criterion.code} là nhóm: hãy thêm tài liệu vào tiêu chí con."
        )
    try:
        checked = files.check(cast(BinaryIO, stream), filename)
    except files.EvidenceError as exc:
        raise DossierError(str(exc)) from exc
    cleaned = clean_metadata(meta, files.safe_name(filename))
    with transaction.atomic():
        entry = _entry(dossier, criterion)
        item = DossierFile(
            entry=entry,
            original_name=files.safe_name(filename)[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            added_by=user,
            **cleaned,
        )
        name = f"par/dossier/{checked.sha256[:2]}/{checked.sha256}"
        if not default_storage.exists(name):
            stream.seek(0)
            name = default_storage.save(name, File(stream, name=checked.sha256))
        item.file.name = name
        item.save()
        _touch(dossier, user)
    return item


def pick_evidence(
    dossier: Dossier, criterion: Criterion, user: Any, evidence_id: int, meta: dict[str, Any]
) -> DossierFile:
    """Link a report's evidence file the user may download to `criterion`."""
    from parsipas.accounts import policy
    from parsipas.reporting.models import Evidence

    evidence = (
        Evidence.objects.filter(pk=evidence_id)
        .select_related("report__assignment__node", "report__assignment__unit", "report__period")
        .first()
    )
    if evidence is None or (user is not None and not policy.can_download_evidence(user, evidence)):
        raise DossierError(
            f"Không tìm thấy tài liệu số {evidence_id} (hoặc bạn không có quyền tải tài liệu này)."
        )
    cleaned = clean_metadata(meta, evidence.original_name, fill=False)
    with transaction.atomic():
        entry = _entry(dossier, criterion)
        item = DossierFile.objects.create(
            entry=entry,
            picked_evidence=evidence,
            original_name=evidence.original_name,
            content_type=evidence.content_type,
            size=evidence.size,
            sha256=evidence.sha256,
            added_by=user,
            **cleaned,
        )
        _touch(dossier, user)
    return item


def remove_hand_file(dossier: Dossier, user: Any, file_id: int) -> None:
    item = DossierFile.objects.filter(pk=file_id, entry__dossier=dossier).first()
    if item is None:
        raise DossierError("Không tìm thấy tài liệu bổ sung này trong hồ sơ.")
    with transaction.atomic():
        item.delete()  # the stored content stays: a frozen version may still hold it
        _touch(dossier, user)


# --- versions and ZIPs ----------------------------------------------------------------------


def _open(name: str) -> IO[bytes]:
    return default_storage.open(name, "rb")


def _build_to_temp(snapshot: dict[str, Any], progress: Any = None) -> tuple[IO[bytes], int, str]:
    handle = tempfile.TemporaryFile()
    export.write_zip(snapshot, handle, _open, progress)
    size = handle.tell()
    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    handle.seek(0)
    return handle, size, digest.hexdigest()


def freeze(dossier: Dossier, user: Any, note: str = "") -> DossierVersion:
    """Keep the dossier as it is now: the snapshot and the complete ZIP built from it. Later edits
    change the working dossier only; the next freeze makes the next version."""
    check_framework(dossier.framework)
    snapshot = assemble(dossier.framework, dossier).snapshot
    export.plan_paths(snapshot)
    handle, size, sha = _build_to_temp(snapshot)
    with handle, transaction.atomic():
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
        number = (
            DossierVersion.objects.filter(dossier=dossier).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        snapshot["version"] = number
        version = DossierVersion(
            dossier=dossier,
            number=number,
            snapshot=snapshot,
            zip_size=size,
            zip_sha256=sha,
            note=note.strip()[:300],
            frozen_by=user,
        )
        version.zip_file.save(
            f"ho-so-{dossier.framework.year}-v{number}-{sha[:12]}.zip", File(handle), save=False
        )
        version.save()
    return version


def version_servable_whole(version: DossierVersion, user: Any) -> bool:
    """The stored ZIP may go as it is only to someone who may download every file in it."""
    keys = {
        i["key"]
        for row in version.snapshot["criteria"]
        for i in row.get("evidence", [])
        if not i.get("excluded")
    }
    return keys <= access.allowed_keys(user, version.snapshot)


def start_export(
    dossier: Dossier, user: Any, version: DossierVersion | None = None
) -> DossierExport:
    """Queue a ZIP for `user`: the working dossier, or a frozen version, with only the files that
    person may download."""
    check_framework(dossier.framework)
    snapshot = (
        version.snapshot if version is not None else assemble(dossier.framework, dossier).snapshot
    )
    mine, withheld = access.for_user(user, snapshot)
    export.plan_paths(mine)
    return DossierExport.objects.create(
        dossier=dossier,
        version=version,
        requested_by=user,
        snapshot=mine,
        total=export.file_count(mine),
        withheld=withheld,
    )


def run_export(job: DossierExport) -> DossierExport:
    """Build a queued ZIP (once: a second caller finds it taken). Progress is written as it goes."""
    taken = DossierExport.objects.filter(pk=job.pk, state=DossierExport.State.PENDING).update(
        state=DossierExport.State.RUNNING
    )
    if not taken:
        job.refresh_from_db()
        return job

    def progress(done: int, total: int) -> None:
        DossierExport.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        handle, size, sha = _build_to_temp(job.snapshot, progress)
        with handle:
            job.refresh_from_db()
            job.zip_file.save(
                f"ho-so-{job.snapshot['year']}-{job.pk}-{sha[:12]}.zip", File(handle), save=False
            )
        job.zip_size = size
        job.state = DossierExport.State.READY
    except Exception as exc:  # noqa: BLE001  (the page shows what went wrong)
        job.state = DossierExport.State.FAILED
        job.error = f"Không tạo được tệp ZIP: {exc}"
    job.finished_at = timezone.now()
    job.save()
    return job


def export_to_path(framework: Framework, path: str, user: Any = None) -> dict[str, Any]:
    """The command line's export: the working dossier written to `path` (through a temporary
    name, so a failed run leaves no half ZIP). Returns the snapshot written."""
    import os

    dossier = dossier_for(framework)
    snapshot = assemble(framework, dossier).snapshot
    mine, _ = access.for_user(user, snapshot)
    partial = f"{path}.part"
    try:
        with open(partial, "wb") as out:
            export.write_zip(mine, out, _open)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return mine
