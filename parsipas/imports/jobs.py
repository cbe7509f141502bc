"""Big imports off the request: the upload is stored, a worker imports it, a page shows how far.

The web view calls `enqueue` (the file goes through Django's storage API) and answers at once
with the job's page; `parsipas imports work` (one worker, run as a service or every minute
by cron) takes the queued jobs one by one and calls the runner its app registered for the
kind. A runner is the same all-or-nothing import the web and the command line use: a refused
file changes nothing and its messages are stored on the job. Progress (rows read) goes to a
small file beside the upload, not to the database: the import's transaction holds the write
lock on SQLite, and the page must be able to read progress meanwhile.

This module is the app's only writer of ImportJob.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from parsipas.imports.models import ImportJob
from parsipas.lib.tabular import ImportRefused

BACKGROUND_BYTES = 5 * 1024 * 1024  # an upload over this is imported by the worker
BACKGROUND_ROWS = 50_000  # … and a smaller text file with more lines than this


@dataclass(frozen=True)
class Outcome:
    summary: str  # the Vietnamese result line shown on the job's page


Progress = Callable[[int], None]
Runner = Callable[[ImportJob, Any, Progress], Outcome]
_runners: dict[str, Runner] = {}


def register(kind: str, runner: Runner) -> None:
    """Apps register the import a kind of job runs (in AppConfig.ready)."""
    _runners[kind] = runner


def goes_to_background(upload: Any) -> bool:
    """Over 5 MB, or a text file of more than 50,000 lines."""
    if upload.size > BACKGROUND_BYTES:
        return True
    upload.seek(0)
    lines = sum(chunk.count(b"\n") for chunk in upload.chunks())
    upload.seek(0)
    return lines > BACKGROUND_ROWS


def enqueue(kind: str, upload: Any, user: Any) -> ImportJob:
    if kind not in _runners:
        raise ValueError(f"no runner for {kind!r}")
    job = ImportJob(
        kind=kind,
        filename=upload.name[:255],
        size=upload.size,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    job.file.save(upload.name, File(upload), save=False)
    job.save()
    return job


def _progress_name(job: ImportJob) -> str:
    return f"{job.file.name}.progress"


def rows_done(job: ImportJob) -> int | None:
    """Rows read so far by the worker, or None before the first note."""
    name = _progress_name(job)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name) as note:
        text = note.read().decode().strip()
    return int(text) if text.isdigit() else None


def _note_progress(job: ImportJob) -> Progress:
    name = _progress_name(job)

    def note(rows: int) -> None:
        default_storage.delete(name)
        default_storage.save(name, ContentFile(str(rows).encode()))

    return note


def claim_next() -> ImportJob | None:
    """The oldest queued job, now marked running; None when there is none."""
    for job in ImportJob.objects.filter(state=ImportJob.State.QUEUED).order_by("created_at"):
        claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.QUEUED).update(
            state=ImportJob.State.RUNNING, started_at=timezone.now()
        )
        if claimed:
            job.refresh_from_db()
            return job
    return None


def requeue_interrupted() -> int:
    """Jobs left running by a worker that was killed: their import left nothing (one
    transaction), so they are simply queued again. Call it when the one worker starts."""
    return ImportJob.objects.filter(state=ImportJob.State.RUNNING).update(
        state=ImportJob.State.QUEUED, started_at=None
    )


def run(job: ImportJob) -> ImportJob:
    """Import the job's file with its kind's runner; store the result or the refusal."""
    runner = _runners[job.kind]
    try:
        with job.file.open("rb") as stream:
            outcome = runner(job, stream, _note_progress(job))
    except ImportRefused as refused:
        _finish(job, ImportJob.State.REFUSED, "", refused.errors)
    else:
        _finish(job, ImportJob.State.DONE, outcome.summary, [])
    return job


def _finish(job: ImportJob, state: str, summary: str, errors: list[str]) -> None:
    with transaction.atomic():
        job.state = state
        job.summary = summary
        job.errors = errors
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "summary", "errors", "finished_at"])
    default_storage.delete(_progress_name(job))
