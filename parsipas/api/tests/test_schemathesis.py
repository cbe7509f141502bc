"""Schemathesis fuzzes the running app (over HTTP, pytest-django's live server) from its own
OpenAPI document: every operation, bounded examples each.

Pass 1, with Sở Tư pháp's token: no server error, every status code documented, every
response matching its schema and media type. Pass 2, with Sở Tài chính's token, pointed at
Sở Tư pháp's assignments as well: the same checks, and no response carries Sở Tư pháp's data.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from parsipas.api import tokens
from parsipas.api.models import Scope
from parsipas.dossiers.ingest.loader import import_dossiers
from parsipas.petitions import handling
from parsipas.registers.models import Finding, GovernmentTask, Inspection
from parsipas.reporting.models import Report
from parsipas.testing.builders import SmallPlan

EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SECRET = "BI-MAT-CUA-STP"  # in Sở Tư pháp's report, dossier code and petition only
ALL = [Scope.READ, Scope.WRITE_FIGURES, Scope.WRITE_DOSSIERS, Scope.WRITE_REGISTERS]


def _fuzz(base_url: str, key: str, path_parameters: dict[str, Any] | None) -> list[str]:
    """Run every operation; return every response body seen."""
    schema = schemathesis.openapi.from_url(base_url + "/api/v1/openapi.json")
    bodies: list[str] = []
    headers = {"Authorization": f"Bearer {key}"}
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # the schema itself is broken: say so, do not skip the operation
        operation = result.ok()
        wanted = {k: v for k, v in (path_parameters or {}).items() if f"{{{k}}}" in operation.path}
        strategy = operation.as_strategy(path_parameters=wanted or None)

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(base_url=base_url, headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
            bodies.append(response.text)

        run()
    return bodies


def _registers_of(plan: SmallPlan, year: int) -> tuple[GovernmentTask, Inspection]:
    """A Government task assigned to Sở Tư pháp and an inspection of it, with the secret."""
    stp, snv = plan.units["stp"], plan.units["snv"]
    task = GovernmentTask.objects.create(
        year=year, doc_number="1/VPCP", doc_date=dt.date(year, 1, 5), issuer="VPCP",
        content=f"Nhiệm vụ {SECRET}", due_date=dt.date(year, 12, 31),
    )  # fmt: skip
    task.units.set([stp])
    inspection = Inspection.objects.create(
        year=year, unit=stp, kind="cchc", team_unit=snv,
        start_date=dt.date(year, 3, 2), end_date=dt.date(year, 3, 4),
    )  # fmt: skip
    Finding.objects.create(
        inspection=inspection, text=f"Vấn đề {SECRET}", due_date=dt.date(year, 5, 1)
    )
    return task, inspection


@pytest.mark.django_db(transaction=True)
@override_settings(API_RATE_LIMIT_PER_MINUTE=100_000)
def test_schemathesis_finds_no_error_and_no_other_units_data(
    live_server: Any, small_plan: SmallPlan
) -> None:
    stp, stc = small_plan.units["stp"], small_plan.units["stc"]
    year = small_plan.plan.year
    assignment = small_plan.assignment("1.2", "stp")
    Report.objects.create(
        assignment=assignment, period=small_plan.periods["Q1"], status="in_progress",
        narrative=f"Kết quả {SECRET}", workflow="submitted",
    )  # fmt: skip
    csv = (  # one dossier of Sở Tư pháp
        "dossier_code,unit_code,procedure_code,received,due,finished,channel\n"
        f"{SECRET}-1,stp,1.001,2026-02-02 08:00,2026-02-09,,truc_tuyen\n"
    )
    import_dossiers(io.BytesIO(csv.encode()), "stp.csv")
    handling.receive(unit=stp, channel="phone", content=f"Phản ánh {SECRET}")
    task, inspection = _registers_of(small_plan, year)
    key_stp = tokens.issue(stp, ALL, "fuzz-stp").key
    key_stc = tokens.issue(stc, ALL, "fuzz-stc").key

    targets = {"year": year, "period": "Q1", "assignment_id": assignment.pk, "task_id": task.pk}
    first = _fuzz(live_server.url, key_stp, targets)
    second = _fuzz(live_server.url, key_stc, targets)
    # The plan (with who is assigned what) is every token's to read; a unit's reports,
    # figures, dossiers and indicators are not.
    markers = (SECRET, '"unit": "stp", "year"', '"unit": "stp", "start"', f"Nhiệm vụ {SECRET}",
               f"Vấn đề {SECRET}")  # fmt: skip
    for marker in markers:  # pass 1 did reach Sở Tư pháp's data in each shape
        assert any(marker in body for body in first), marker
    leaks = [body[:300] for body in second if any(m in body for m in markers)]
    assert leaks == []
