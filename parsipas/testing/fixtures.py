"""Shared pytest fixtures built on `builders` (loaded by parsipas/conftest.py).

- `world`, `make_world`: the dashboards' plan (builders.World).
- `small_plan`, `stc_officer`, `media`: the reporting tests' plan (builders.SmallPlan).
- `plan_2026`: the real 2026 appendix, imported and published as `make setup` does.
- `registry` (in parsipas/conftest.py) inserts `_registry_rows`: the shipped unit registry.

The real plan costs about two seconds to import (92 nodes, 8,676 assignments, per-node audit).
It is imported once per test run, in a transaction that is rolled back, and its rows are kept in
memory; each test that asks for it gets a fresh copy inserted with a few bulk statements inside
the test's own transaction, so tests stay isolated. The copy has every column of the plan, its
nodes, targets, lead units and assignments; it does not have the import's audit entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from parsipas.accounts.models import User
from parsipas.plans.models import Assignment, Node, Plan, Target
from parsipas.testing import builders
from parsipas.units.models import Unit

SEED = Path(settings.BASE_DIR) / "data" / "plans" / "daklak-2026.txt"


@pytest.fixture
def world(people: dict[str, Any]) -> builders.World:
    """The plan assigned to the people's units (snv, stp, phường Buôn Ma Thuột) and a few more."""
    w = builders.world(timezone.localdate().year)
    w.assign(
        list(
            Unit.objects.filter(
                code__in=["snv", "stp", "stc", "phuong-buon-ma-thuot", "xa-buon-don"]
            )
        )
    )
    return w


@pytest.fixture
def make_world(db: Any) -> Callable[[], builders.World]:
    return lambda: builders.world(timezone.localdate().year)


@pytest.fixture
def small_plan(people: dict[str, Any]) -> builders.SmallPlan:
    return builders.small_plan()


@pytest.fixture
def stc_officer(small_plan: builders.SmallPlan, make_user: Any) -> User:
    return make_user("t.unit.stc", "unit", small_plan.units["stc"])


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class _RolledBack(Exception):
    pass


# --- the shipped unit registry, loaded once per run ----------------------------------------------


@dataclass
class RegistryRows:
    """The units `load_defaults()` writes, with parents named by code (ids change per test).

    Most tests start from the shipped registry; loading it through the importer costs 117 saves,
    each audited (about 50 ms a test). The real load runs once per test run (in a transaction
    that is rolled back); each test gets the same rows in two bulk statements, without the
    import's audit entries. The importer itself is tested in parsipas/units/tests.
    """

    units: list[dict[str, Any]]
    parents: list[tuple[str, str]]  # (code, parent code)

    @classmethod
    def read(cls) -> RegistryRows:
        codes = dict(Unit.objects.values_list("pk", "code"))
        units = [_columns(u) for u in Unit.objects.order_by("pk")]
        return cls(
            units=[{k: v for k, v in u.items() if k not in ("id", "parent_id")} for u in units],
            parents=[(u["code"], codes[u["parent_id"]]) for u in units if u["parent_id"]],
        )

    def insert(self) -> None:
        made = {u.code: u for u in Unit.objects.bulk_create(Unit(**row) for row in self.units)}
        if self.parents:
            children = []
            for code, parent in self.parents:
                made[code].parent_id = made[parent].pk
                children.append(made[code])
            Unit.objects.bulk_update(children, ["parent_id"])


def _read_rolled_back[T](django_db_blocker: Any, read: Callable[[], T]) -> T:
    """What ``read()`` returns after writing its data, the writes rolled back: the shared rows
    are loaded once per run, for each test to insert its own copy."""
    found: list[T] = []
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                found.append(read())
                raise _RolledBack
        except _RolledBack:
            pass
    return found[0]


@pytest.fixture(scope="session")
def _registry_rows(django_db_setup: Any, django_db_blocker: Any) -> RegistryRows:
    from parsipas.units.registry import load_defaults

    def read() -> RegistryRows:
        load_defaults()
        return RegistryRows.read()

    return _read_rolled_back(django_db_blocker, read)


# --- the real 2026 plan, imported once per run ---------------------------------------------------


def _columns(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname}


@dataclass
class PlanRows:
    """The rows of an imported plan, with units named by code (their ids change per test)."""

    plan: dict[str, Any]
    nodes: list[dict[str, Any]]
    targets: list[dict[str, Any]] = field(default_factory=list)
    leads: list[tuple[int, str]] = field(default_factory=list)  # (node id, unit code)
    assignments: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def read(cls, plan: Plan) -> PlanRows:
        units = dict(Unit.objects.values_list("pk", "code"))

        Lead = Node.lead_units.through
        return cls(
            plan=_columns(plan),
            nodes=[_columns(n) for n in plan.nodes.order_by("pk")],
            targets=[_columns(t) for t in Target.objects.filter(node__plan=plan).order_by("pk")],
            leads=[
                (node_id, units[unit_id])
                for node_id, unit_id in Lead.objects.filter(node__plan=plan)
                .order_by("pk")
                .values_list("node_id", "unit_id")
            ],
            assignments=[
                (node_id, units[unit_id])
                for node_id, unit_id in Assignment.objects.filter(node__plan=plan)
                .order_by("pk")
                .values_list("node_id", "unit_id")
            ],
        )

    def insert(self) -> Plan:
        """Write a copy of the plan (the registry must be loaded)."""
        units = dict(Unit.objects.values_list("code", "pk"))
        plan = Plan.objects.create(**{k: v for k, v in self.plan.items() if k != "id"})
        # In the import's order (ids keep their order), then the parents in a second statement.
        made = Node.objects.bulk_create(
            Node(**{**r, "id": None, "plan_id": plan.pk, "parent_id": None}) for r in self.nodes
        )
        ids = {r["id"]: n.pk for r, n in zip(self.nodes, made, strict=True)}
        for r, n in zip(self.nodes, made, strict=True):
            n.parent_id = ids.get(r["parent_id"])
        Node.objects.bulk_update(made, ["parent_id"])
        Target.objects.bulk_create(
            Target(**{**r, "id": None, "node_id": ids[r["node_id"]]}) for r in self.targets
        )
        Lead = Node.lead_units.through
        Lead.objects.bulk_create(
            Lead(node_id=ids[node], unit_id=units[code]) for node, code in self.leads
        )
        Assignment.objects.bulk_create(
            Assignment(node_id=ids[node], unit_id=units[code]) for node, code in self.assignments
        )
        return plan


def import_seed() -> Plan:
    """The real import, as `make setup` runs it (`parsipas plan load-default`)."""
    from parsipas.plans import importer

    result = importer.apply(importer.preview(SEED.read_bytes(), SEED.name), source_name=SEED.name)
    importer.publish(result.plan)
    return result.plan


@pytest.fixture(scope="session")
def _plan_2026_rows(django_db_setup: Any, django_db_blocker: Any) -> PlanRows:
    from parsipas.units.registry import load_defaults

    def read() -> PlanRows:
        load_defaults()
        return PlanRows.read(import_seed())

    return _read_rolled_back(django_db_blocker, read)


@pytest.fixture
def plan_2026(registry: None, _plan_2026_rows: PlanRows) -> Plan:
    """The real 2026 appendix, imported and published as `make setup` does (a fresh copy)."""
    return _plan_2026_rows.insert()
