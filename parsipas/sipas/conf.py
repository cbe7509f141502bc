"""Tunable numbers of the survey, from Django settings or the environment (SIPAS_*)."""

from __future__ import annotations

import os

from django.conf import settings


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    return int(value if value is not None else os.environ.get(name, default))


def min_fill_seconds() -> int:
    """A response sent sooner after the form was shown is flagged (nobody reads 20 questions in 10 s)."""
    return _int("SIPAS_MIN_FILL_SECONDS", 10)


def token_max_age() -> int:
    """How long a rendered form stays valid (seconds)."""
    return _int("SIPAS_TOKEN_MAX_AGE", 3 * 3600)


def soft_limit() -> int:
    """Responses per hour from one client to one unit beyond which they are flagged for review
    (citizens at a one-stop centre often share its Wi-Fi, so this flags rather than refuses)."""
    return _int("SIPAS_RATE_SOFT", 5)


def hard_limit() -> int:
    """Responses per hour from one client to one unit beyond which they are refused (flood)."""
    return _int("SIPAS_RATE_HARD", 30)


def global_limit() -> int:
    """Responses per hour from one client to all units together beyond which they are refused."""
    return _int("SIPAS_RATE_GLOBAL", 120)


def kiosk_limit() -> int:
    """Responses per hour from a registered kiosk device (one desk serves at most a few a minute)."""
    return _int("SIPAS_RATE_KIOSK", 120)


def kiosk_burst() -> int:
    """Answers from one registered kiosk in ten minutes beyond which they are flagged as a burst."""
    return _int("SIPAS_KIOSK_BURST", 10)


def kiosk_idle_seconds() -> int:
    return _int("SIPAS_KIOSK_IDLE_SECONDS", 90)


def sample_margin() -> float:
    return float(
        getattr(settings, "SIPAS_SAMPLE_MARGIN", os.environ.get("SIPAS_SAMPLE_MARGIN", "0.05"))
    )
