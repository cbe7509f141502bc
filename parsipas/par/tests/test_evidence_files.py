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


def test_a_files_document_is_asked_read_from_its_name_and_checked_before_saving(
    communes, people, login
):
    import datetime as dt

    from django.utils import timezone

    from parsipas.par.models import CriterionAssessment

    client = login(people["commune"])
    page = client.get(f"/par/tu-danh-gia/{communes.pk}/").content.decode()
    assert "Thông tin văn bản của tệp chọn" in page
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    p = f"e{ids['1.1']}-"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    upload = SimpleUploadedFile("12_KH-UBND_ke-hoach-cchc.pdf", PDF)
    r = self_assess(client, communes, ids, {"1.1": "1"}, {"1.1": upload},
                    **{p + "doc_date": tomorrow.isoformat()})  # fmt: skip
    assert not Evidence.objects.exists()
    assert CriterionAssessment.objects.get(pk=ids["1.1"]).value is None  # nothing saved half
    assert "Tiêu chí 1.1: Ngày văn bản" in client.get(r["Location"]).content.decode()

    upload = SimpleUploadedFile("12_KH-UBND_ke-hoach-cchc.pdf", PDF)
    self_assess(client, communes, ids, {"1.1": "1"}, {"1.1": upload},
                **{p + "doc_issuer": "UBND phường Buôn Ma Thuột", p + "doc_section": "Mục III"})  # fmt: skip
    evidence = Evidence.objects.get()
    assert (evidence.doc_number, evidence.doc_kind, evidence.doc_issuer, evidence.doc_section) == (
        "12/KH-UBND",
        "ke-hoach",
        "UBND phường Buôn Ma Thuột",
        "Mục III",
    )
    page = client.get(f"/par/tu-danh-gia/{communes.pk}/").content.decode()
    assert "Kế hoạch số 12/KH-UBND của UBND phường Buôn Ma Thuột — Ke hoach cchc (Mục III)" in page
