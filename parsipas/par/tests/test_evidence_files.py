"""PAR self-assessment evidence: stored under the detected type, downloaded under a safe name with
that type's extension, and removed from storage when the record is deleted."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from parsipas.par.models import Evidence
from parsipas.par.tests.test_internal_index import PDF, communes, entry_ids, self_assess

pytestmark = pytest.mark.django_db
__all__ = ["communes"]


def test_evidence_downloads_with_the_extension_of_its_content(communes, people, login):
    client = login(people["commune"])
    client.get(f"/par/tu-danh-gia/{communes.pk}/")
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    upload = SimpleUploadedFile("../evil.html", PDF, content_type="text/html")
    self_assess(client, communes, ids, {"1.1": "1"}, {"1.1": upload})
    evidence = Evidence.objects.get()
    assert evidence.name == "evil.html" and not evidence.file.name.endswith(".html")
    response = client.get(f"/par/tai-lieu/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="evil.pdf"' in response["Content-Disposition"]


def test_a_deleted_evidence_file_is_removed_from_storage(
    communes, people, login, django_capture_on_commit_callbacks
):
    client = login(people["commune"])
    client.get(f"/par/tu-danh-gia/{communes.pk}/")
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    self_assess(client, communes, ids, {"1.1": "1"}, {"1.1": upload})
    evidence = Evidence.objects.get()
    name = evidence.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        self_assess(client, communes, ids, {"1.1": "1"}, remove_evidence=str(evidence.pk))
    assert not Evidence.objects.exists()
    assert not default_storage.exists(name)
