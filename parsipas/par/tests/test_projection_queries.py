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


def queries_of_projection(framework: Framework) -> int:
    with CaptureQueriesContext(connection) as captured:
        project(framework)
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
