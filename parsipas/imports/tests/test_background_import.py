"""A big dossier upload is stored and imported by the worker, all or nothing, with a page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from parsipas.dossiers.models import Dossier, DossierImport
from parsipas.dossiers.tests.helpers import csv_bytes
from parsipas.imports import jobs
from parsipas.imports.models import ImportJob


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _rows(count: int, stranger_at: int | None = None) -> bytes:
    return csv_bytes(
        {
            "code": f"HS-{n}",
            "unit": "khong-co-don-vi" if n == stranger_at else "stp",
            "received": "02/03/2026 08:00:00",
        }
        for n in range(count)
    )


def _upload(client: Any, data: bytes) -> Any:
    return client.post("/ho-so/nhap/", {"file": SimpleUploadedFile("lon.csv", data)})


def test_a_big_upload_is_queued_and_the_page_answers_at_once(
    people: dict[str, Any], login: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(jobs, "BACKGROUND_ROWS", 100)
    admin = login(people["admin"])
    response = _upload(admin, _rows(150))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nhap-nen/{job.pk}/"
    assert job.state == "queued" and not Dossier.objects.exists()
    page = admin.get(response["Location"]).content.decode()
    assert "Đang chờ nhập" in page and 'http-equiv="refresh"' in page

    call_command("imports", "work", "--once")
    job.refresh_from_db()
    assert job.state == "done" and "150 dòng" in job.summary
    assert Dossier.objects.count() == 150
    page = admin.get(f"/nhap-nen/{job.pk}/").content.decode()
    assert "Đã nhập 150 dòng" in page and "refresh" not in page


def test_a_refused_big_file_changes_nothing_and_lists_the_rows(
    people: dict[str, Any], login: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(jobs, "BACKGROUND_ROWS", 100)
    admin = login(people["admin"])
    _upload(admin, _rows(120, stranger_at=110))
    call_command("imports", "work", "--once")
    job = ImportJob.objects.get()
    assert job.state == "refused"
    assert any("khong-co-don-vi" in e for e in job.errors)
    assert not Dossier.objects.exists() and not DossierImport.objects.exists()
    assert "chưa có gì thay đổi" in admin.get(f"/nhap-nen/{job.pk}/").content.decode()


def test_a_job_left_running_by_a_killed_worker_is_run_again(people: dict[str, Any]) -> None:
    upload = SimpleUploadedFile("lon.csv", _rows(3))
    job = jobs.enqueue("dossiers", upload, people["admin"])
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    call_command("imports", "work", "--once")
    job.refresh_from_db()
    assert job.state == "done" and Dossier.objects.count() == 3


def test_only_admins_see_a_job(people: dict[str, Any], login: Any) -> None:
    job = jobs.enqueue("dossiers", SimpleUploadedFile("a.csv", _rows(1)), people["admin"])
    assert login(people["unit"]).get(f"/nhap-nen/{job.pk}/").status_code == 403
