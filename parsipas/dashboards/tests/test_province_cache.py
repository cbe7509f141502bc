"""The province dashboard is cached in the shared cache and rebuilt when a report changes."""

from __future__ import annotations

import time

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parsipas.dashboards import overview_cache
from parsipas.reporting import workflow
from parsipas.reporting.models import Report
from parsipas.testing.present import present


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_second_view_reads_the_figures_from_the_cache(world, people, login) -> None:
    admin = login(people["admin"])
    url = f"/tong-quan/?ky={world.plan.year}-Q1"
    first = _count_queries(admin, url)
    second = _count_queries(admin, url)
    assert second < first - 3, (first, second)


def test_a_report_change_rebuilds_the_figures(
    world, people, login, django_capture_on_commit_callbacks
) -> None:
    admin = login(people["admin"])
    url = f"/tong-quan/?ky={world.plan.year}-Q1"
    first = _count_queries(admin, url)
    version = workflow.reports_version()
    report = Report.objects.filter(period=world.periods["Q1"], workflow="submitted").first()
    if report is None:
        report = present(Report.objects.filter(period=world.periods["Q1"]).first())
        Report.objects.filter(pk=report.pk).update(workflow="submitted")
        report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.review(report, people["admin"], accept=False, comment="Bổ sung số liệu")
    assert workflow.reports_version() == version + 1
    # Within FRESH_SECONDS the previous figures still serve; after it, the next view rebuilds.
    assert _count_queries(admin, url) < first
    with time_machine.travel(time.time() + overview_cache.FRESH_SECONDS + 1, tick=False):
        first_after = _count_queries(admin, url)
        again = _count_queries(admin, url)
    assert again < first_after


def test_while_one_reader_rebuilds_the_others_get_the_previous_figures(
    world, people, login, django_capture_on_commit_callbacks
) -> None:
    admin = login(people["admin"])
    url = f"/tong-quan/?ky={world.plan.year}-Q1"
    admin.get(url)
    cached = _count_queries(admin, url)
    report = Report.objects.filter(period=world.periods["Q1"]).first()
    assert report is not None
    Report.objects.filter(pk=report.pk).update(workflow="submitted")
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.review(report, people["admin"], accept=False, comment="Bổ sung số liệu")
    period = world.periods["Q1"]
    cache.add(f"dash:province:{world.plan.pk}:{period.pk}:building", 1, 60)  # someone is at it
    with time_machine.travel(time.time() + overview_cache.FRESH_SECONDS + 1, tick=False):
        assert _count_queries(admin, url) == cached
