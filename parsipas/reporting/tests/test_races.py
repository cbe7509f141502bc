"""Two people at once: the first-save race and evidence shared by content.

Each test holds one transaction open in a second thread (its own database connection) so the
interleaving that lost files and gave 500s is reproduced every time, not by chance. The threads
need real transactions; on SQLite (one writer at a time) the same steps run one after another
and must give the same result.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test import Client

from parsipas.reporting import workflow
from parsipas.reporting.models import Evidence, Report
from parsipas.reporting.tests.conftest import PDF_BYTES, pdf_upload, report_data, report_path

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="needs concurrent writers (PostgreSQL)"
)


def _in_thread(target: Any) -> tuple[threading.Thread, list[Any]]:
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(target())
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            box.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


@postgres_only
def test_two_simultaneous_first_saves_answer_409_not_500(
    small_plan: Any, people: dict[str, Any], login: Any
) -> None:
    url = report_path(small_plan, "1.1", "stp")
    assignment = small_plan.assignment("1.1", "stp")
    inserted = threading.Event()
    release = threading.Event()

    def first_saver() -> None:
        # The other officer's first save: the row is inserted, not yet committed.
        with transaction.atomic():
            Report.objects.create(
                assignment=assignment,
                period=small_plan.current,
                version=1,
                narrative="Bản của người kia",
                updated_by=people["unit"],
            )
            inserted.set()
            release.wait(10)

    thread, box = _in_thread(first_saver)
    assert inserted.wait(10)
    client = login(people["unit"], Client())
    timer = threading.Timer(1.0, release.set)  # commit while our insert waits on the unique key
    timer.start()
    response = client.post(url, report_data(0, narrative="Bản của tôi"))
    thread.join(10)
    assert box == [None]
    assert response.status_code == 409, response.status_code
    assert "CHƯA được lưu" in response.content.decode()
    assert list(Report.objects.values_list("narrative", flat=True)) == ["Bản của người kia"]


def test_first_saves_one_after_another_answer_409_on_every_database(
    small_plan: Any, people: dict[str, Any], login: Any
) -> None:
    url = report_path(small_plan, "1.1", "stp")
    one, two = login(people["unit"], Client()), login(people["unit"], Client())
    assert one.post(url, report_data(0, narrative="Một")).status_code == 302
    assert two.post(url, report_data(0, narrative="Hai")).status_code == 409
    assert Report.objects.get().narrative == "Một"


def _report_with_evidence(
    small_plan: Any, people: dict[str, Any], code: str, unit: str, user: Any
) -> Evidence:
    from io import BytesIO

    report = workflow.report_for(small_plan.assignment(code, unit), small_plan.current)
    workflow.save_report(report, workflow.ReportInput(status="in_progress"), user, [], 0)
    return workflow.add_evidence(report, BytesIO(PDF_BYTES), "quyet-dinh.pdf", user)


@postgres_only
def test_deleting_one_units_evidence_never_removes_a_file_another_record_uses(
    small_plan: Any, people: dict[str, Any], stc_officer: Any, media: Any
) -> None:
    """stp deletes its file while stc uploads the same content: stc's file must survive."""
    from io import BytesIO

    stp_item = _report_with_evidence(small_plan, people, "1.1", "stp", people["unit"])
    stc_report = workflow.report_for(small_plan.assignment("1.1", "stc"), small_plan.current)
    workflow.save_report(stc_report, workflow.ReportInput(status="in_progress"), stc_officer, [], 0)
    removing = threading.Event()
    release = threading.Event()
    original_delete = default_storage.delete

    def slow_delete(name: str) -> None:
        removing.set()
        release.wait(3)
        original_delete(name)

    default_storage.delete = slow_delete  # type: ignore[method-assign]
    try:
        thread, box = _in_thread(lambda: workflow.remove_evidence(stp_item))
        assert removing.wait(10)
        adder, added = _in_thread(
            lambda: workflow.add_evidence(
                stc_report, BytesIO(PDF_BYTES), "quyet-dinh.pdf", stc_officer
            )
        )
        adder.join(1.0)  # unguarded, the upload finishes now, before the deletion's file step
        release.set()
        thread.join(10)
        adder.join(10)
    finally:
        default_storage.delete = original_delete  # type: ignore[method-assign]
    assert box == [None]
    stc_item = added[0]
    assert isinstance(stc_item, Evidence), stc_item
    assert list(Evidence.objects.values_list("pk", flat=True)) == [stc_item.pk]
    assert _stored(stc_item)
    with stc_item.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES


def _stored(item: Any) -> bool:
    name = item.file.name
    assert name, item
    return bool(default_storage.exists(name))


def test_a_shared_file_stays_until_its_last_record_goes(
    small_plan: Any, people: dict[str, Any], stc_officer: Any, media: Any
) -> None:
    one = _report_with_evidence(small_plan, people, "1.1", "stp", people["unit"])
    two = _report_with_evidence(small_plan, people, "1.1", "stc", stc_officer)
    assert one.file.name == two.file.name
    workflow.remove_evidence(one)
    assert _stored(two)
    workflow.remove_evidence(two)
    assert not _stored(two)


def test_uploading_evidence_first_on_a_new_report_still_works(
    small_plan: Any, people: dict[str, Any], login: Any, media: Any
) -> None:
    client = login(people["unit"], Client())
    url = report_path(small_plan, "1.1", "stp")
    upload = report_data(0, action="upload", file=pdf_upload())
    assert client.post(url, upload).status_code == 302
    assert Evidence.objects.count() == 1
