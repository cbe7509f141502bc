"""Out-of-range numbers in a self-assessment are a message, and the page keeps working."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from parsipas.lib.bounds import plain
from parsipas.par.models import CriterionAssessment
from parsipas.par.scoring import ScoringError, to_decimal
from parsipas.par.tests.test_internal_index import communes, entry_ids, self_assess

pytestmark = pytest.mark.django_db
__all__ = ["communes"]


@pytest.mark.parametrize("bad", ["1e999999", "inf", "-Infinity", "nan", "1" * 40])
def test_an_impossible_self_assessed_value_is_refused_and_the_page_still_opens(
    communes, people, login, bad
):
    client = login(people["commune"])
    client.get(f"/par/tu-danh-gia/{communes.pk}/")
    ids = entry_ids(communes, "phuong-buon-ma-thuot")
    response = self_assess(client, communes, ids, {"1.2": bad})
    assert response.status_code in (200, 302, 400)
    assert CriterionAssessment.objects.filter(value__isnull=False).count() == 0
    assert client.get(f"/par/tu-danh-gia/{communes.pk}/").status_code == 200
    assert login(people["admin"], Client()).get(f"/par/tu-danh-gia/{communes.pk}/").status_code in (
        200,
        302,
        403,
    )


@pytest.mark.parametrize("bad", ["1e999999", "1E+13", "inf", "nan"])
def test_to_decimal_bounds(bad):
    with pytest.raises(ScoringError):
        to_decimal(bad)


def test_numbers_print_as_people_write_them():
    assert plain(Decimal("100.00").normalize()) == "100"
    assert plain(Decimal("100.00")) == "100"
    assert plain(Decimal("2.50")) == "2.5"
