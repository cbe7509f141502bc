"""The database cache counts atomically: parallel workers never lose a hit."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from parsipas.lib import counters

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def db_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "parsipas.lib.dbcache.DatabaseCache", "LOCATION": "parsipas_cache"}
    }
    call_command("createcachetable", verbosity=0)
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_incr_adds_in_place_and_refuses_a_missing_key(db_cache) -> None:
    assert counters.hit("k", 60) == 1
    assert counters.hit("k", 60) == 2
    assert db_cache.incr("k", 5) == 7
    with pytest.raises(ValueError):
        db_cache.incr("missing")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers")
def test_parallel_hits_from_many_connections_are_all_counted(db_cache) -> None:
    counts: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(10):
                n = counters.hit("parallel", 60)
                with lock:
                    counts.append(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 81))
    assert counters.peek("parallel") == 80
