"""The projection reads each source once per request: its query count does not grow with the
number of criteria or of dossiers (it used to aggregate every dossier once per criterion)."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.dossiers.tests.helpers import csv_bytes, random_rows
from parsipas.par.models import Criterion, Framework
from parsipas.par.projection import project


@pytest.fixture
def examples(registry):
    call_command("par", "load-examples", "--year", "2026", stdout=io.StringIO())
    return Framework.objects.get(year=2026, scope="province")


def queries_of_projection(framework: Framework, fresh: bool = True) -> int:
    """Queries of one projection: computing its inputs (fresh), or reading them cached."""
    with CaptureQueriesContext(connection) as captured:
        project(framework, fresh=fresh)
    return len(captured.captured_queries)


def load_dossiers(count: int, seed: int) -> None:
    rows = random_rows(["stp", "stc", "phuong-buon-ma-thuot"], count, 2026, seed)
    for n, row in enumerate(rows):
        row["code"] = f"Q{seed}-{n}"
    import_dossiers(io.BytesIO(csv_bytes(rows)), f"hs-{seed}.csv")


def add_criteria(framework: Framework, count: int) -> None:
    parent = framework.criteria.filter(method=Criterion.Method.GROUP).first()
    for n in range(count):
        Criterion.objects.create(
            framework=framework,
            code=f"X.{n}",
            parent=parent,
            order=1000 + n,
            title=f"Tiêu chí thêm {n}",
            max_points=D("1"),
            method="ratio",
            params={"full_at": 100},
            plan_codes=["PAR:3.8", "PAR:7.12"],
        )
        Criterion.objects.create(
            framework=framework,
            code=f"S.X{n}",
            parent=parent,
            order=2000 + n,
            title=f"Tiêu chí SIPAS thêm {n}",
            max_points=D("1"),
            method="survey",
            source=Criterion.Source.SIPAS,
            plan_codes=[f"SIPAS:{n + 1}"],
        )


def test_query_count_does_not_grow_with_criteria_or_dossiers(examples):
    load_dossiers(30, seed=1)
    project(examples)  # warms the shared cache (the working-day calendar of the petitions' 3.9)
    # Each import leaves the figures read from the dossiers to compute again (dossiers/cache.py):
    # both counts are of a projection right after an import.
    load_dossiers(5, seed=5)
    few = queries_of_projection(examples)
    load_dossiers(300, seed=2)
    add_criteria(examples, 12)
    many = queries_of_projection(examples)
    assert project(examples).values["X.0"].source == "dossiers"
    assert many == few


def test_dossier_rates_are_read_once_per_projection(examples, monkeypatch):
    load_dossiers(30, seed=3)
    add_criteria(examples, 5)
    calls: list[int] = []
    from parsipas.dossiers import api

    real = api.province_rates
    monkeypatch.setattr(api, "province_rates", lambda year: calls.append(year) or real(year))
    project(examples)
    assert calls == [2026]


# --- the cached inputs (par.inputs) ---------------------------------------------------------


def test_a_cached_projection_reads_a_few_queries_whatever_the_data(examples):
    load_dossiers(30, seed=4)
    project(examples)  # computes and caches the inputs
    few = queries_of_projection(examples, fresh=False)
    load_dossiers(300, seed=5)
    add_criteria(examples, 12)
    project(examples)  # new criteria: other inputs, computed once
    many = queries_of_projection(examples, fresh=False)
    assert many == few <= 4  # criteria, estimates and the two versions, whatever the volume
    assert queries_of_projection(examples, fresh=True) > few + 10  # what the cache saves


def test_the_cached_inputs_follow_their_sources(
    examples, people, django_capture_on_commit_callbacks
):
    from parsipas.par import inputs
    from parsipas.par.models import Estimate
    from parsipas.sipas import api
    from parsipas.sipas.models import SampleFrame
    from parsipas.units.models import Unit

    first = project(examples)
    assert first.values["3.8"].source == "none"
    # a dossier import (its DossierImport row) drops the cached inputs at once
    load_dossiers(50, seed=6)
    assert project(examples).values["3.8"].source == "dossiers"
    # an estimate is never cached: it shows on the next request
    Estimate.objects.create(criterion=examples.criteria.get(code="2.5"), value=D("60"))
    assert project(examples).values["2.5"].source == "estimate"
    # a sample frame changes what the planner asks for, and the version moves again on commit
    before = inputs.inputs_version()
    with django_capture_on_commit_callbacks(execute=True):
        SampleFrame.objects.create(year=2026, unit=Unit.objects.get(code="stp"), dossiers=10)
    assert inputs.inputs_version() == before + 2
    assert api.sample_needed(2026) == 10
    # a report change moves the reporting version the cache key is made of
    key = inputs.cache_key(examples, list(examples.criteria.all()))
    from parsipas.reporting.workflow import _bump_version

    _bump_version()
    assert inputs.cache_key(examples, list(examples.criteria.all())) != key


def test_while_one_request_recomputes_the_others_get_the_previous_inputs(examples):
    from django.core.cache import cache

    from parsipas.par import inputs
    from parsipas.reporting.workflow import _bump_version

    project(examples)  # computes and caches the inputs
    cached = queries_of_projection(examples, fresh=False)
    _bump_version()  # a report changed: the inputs must be recomputed
    criteria = list(examples.criteria.all())
    lock = f"par:inputs:previous:{examples.pk}:{examples.year}:{inputs.fingerprint(criteria)}"
    cache.add(lock + ":building", 1, 60)  # another request is at it
    inputs._memo.clear()
    assert queries_of_projection(examples, fresh=False) == cached
    cache.delete(lock + ":building")
    assert queries_of_projection(examples, fresh=False) > cached + 10  # this one recomputes
