from __future__ import annotations

import pytest

from parsipas.testing.fixtures import SEED


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()
