"""The PAR projection reads the province's dossier rates for the year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from parsipas.dossiers import daily
from parsipas.dossiers.api import province_rates
from parsipas.dossiers.models import Dossier, DossierImport
from parsipas.units.models import Unit


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day + "T09:00"))


def test_no_dossier_gives_no_rates(registry):
    assert province_rates(2026) == {}


def test_rates_pool_every_unit_of_the_province(registry):
    stp, bmt = Unit.objects.get(code="stp"), Unit.objects.get(code="phuong-buon-ma-thuot")
    batch = DossierImport.objects.create(file_name="tay.csv", sha256="0" * 64)
    common = {"procedure_code": "1.000", "channel": "truc_tuyen", "batch": batch}
    Dossier.objects.create(
        code="A",
        unit=stp,
        received=_at("2026-02-01"),
        due=_at("2026-02-10"),
        finished=_at("2026-02-05"),
        fully_online=True,
        digitized=True,
        **common,
    )
    Dossier.objects.create(
        code="B",
        unit=bmt,
        received=_at("2026-03-01"),
        due=_at("2026-03-10"),
        finished=_at("2026-03-20"),
        apology_sent=True,
        fee_required=True,
        paid_online=True,
        **common,
    )
    Dossier.objects.create(
        code="C",
        unit=bmt,
        received=_at("2025-12-30"),
        due=_at("2026-01-05"),
        finished=_at("2026-01-02"),
        **common,
    )  # another year: not counted
    with connection.cursor() as cursor:  # written here without the import: count them
        daily.rebuild(cursor)
    rates = province_rates(2026)
    assert rates["on_time_rate"] == Decimal("50.00")
    assert rates["fully_online_rate"] == Decimal("50.00")
    assert rates["digitized_rate"] == Decimal("50.00")
    assert rates["online_payment_rate"] == Decimal("100.00")
    assert rates["apology_rate"] == Decimal("100.00")
