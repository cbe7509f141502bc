"""The dossier import as a background job: a big export is imported by `parsipas imports work`."""

from __future__ import annotations

from typing import Any

from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.imports.jobs import Outcome, Progress
from parsipas.imports.models import ImportJob


def run_import(job: ImportJob, stream: Any, progress: Progress) -> Outcome:
    """The same all-or-nothing import as the web and the command line (raises ImportRefused)."""
    result = import_dossiers(stream, job.filename, user=job.created_by, progress=progress)
    return Outcome(
        f"Đã nhập {result.rows} dòng: {result.created} hồ sơ mới, {result.updated} hồ sơ cập nhật "
        f"({result.seconds:.0f} giây)."
    )
