"""Fixtures for the SIPAS tests: a clean cache (rate limits, layouts) and small survey data."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from parsipas.sipas import recording, survey
from parsipas.sipas.defaults import load_default_instrument
from parsipas.sipas.models import Channel, Instrument, Question, Response
from parsipas.units.models import Unit


@pytest.fixture(autouse=True)
def clean_cache() -> Any:
    cache.clear()
    survey._built.clear()
    yield
    cache.clear()
    survey._built.clear()


@pytest.fixture
def instrument(db: Any) -> Instrument:
    return load_default_instrument().instrument


@pytest.fixture
def add_response(instrument: Instrument) -> Callable[..., Response]:
    """add_response(unit, {"E1.1": 5, "P1": [1, 2]}, month=(2026, 3), status flags…)."""
    codes = {q.code: q.pk for q in Question.objects.filter(instrument=instrument)}

    def add(
        unit: Unit,
        answers: dict[str, Any],
        when: datetime | None = None,
        flags: list[str] | None = None,
        channel: str = Channel.WEB,
    ) -> Response:
        values = {codes[c]: (v if isinstance(v, list) else [v]) for c, v in answers.items()}
        moment = when or timezone.make_aware(datetime(2026, 3, 15, 9, 0))
        return recording.save(
            recording.NewResponse(
                unit=unit,
                instrument_id=instrument.pk,
                answers=values,
                channel=channel,
                submitted_at=moment,
                flags=flags or [],
            )
        )

    return add


def form_token(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "no form token in the page"
    return match.group(1)


def field_names(html: str) -> dict[str, str]:
    """Question code -> form field name, read from the rendered form."""
    found = re.findall(r'id="f-(q\d+)"[^>]*>\s*<legend><span class="qcode">([^<]+)</span>', html)
    return {code: field for field, code in found}


@pytest.fixture
def anon() -> Client:
    return Client(enforce_csrf_checks=False)
