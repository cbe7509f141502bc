from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

SEED = Path(settings.BASE_DIR) / "data" / "plans" / "daklak-2026.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def plan_2026(registry, seed_bytes):
    """The real 2026 appendix, imported and published as `make setup` does."""
    from parsipas.plans import importer

    result = importer.apply(
        importer.preview(seed_bytes, "daklak-2026.txt"), source_name="daklak-2026.txt"
    )
    importer.publish(result.plan)
    return result.plan
