from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from parsipas.accounts import policy
from parsipas.imports import jobs
from parsipas.imports.models import ImportJob


@policy.admin_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the worker is with one big import; the page reloads itself until it ends."""
    job = get_object_or_404(ImportJob, pk=pk)
    return render(
        request,
        "imports/job.html",
        {"job": job, "rows": None if job.finished else jobs.rows_done(job)},
    )
