"""Shared fixtures: the unit registry and one user per role, as a newcomer would have after setup."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from parsipas.accounts.models import Role, User
from parsipas.testing.builders import PASSWORD
from parsipas.units.models import Unit, UnitKind

# world, make_world, small_plan, stc_officer, media, plan_2026
pytest_plugins = ["parsipas.testing.fixtures"]


@pytest.fixture
def registry(db: Any, _registry_rows: Any) -> None:
    """The shipped registry: 15 model agencies, 88 xã, 14 phường (as `load_defaults()` writes
    them, inserted in bulk: parsipas/testing/fixtures.py)."""
    _registry_rows.insert()


@pytest.fixture
def make_unit(db: Any) -> Callable[..., Unit]:
    def make(code: str, name: str | None = None, kind: str = UnitKind.AGENCY, **kw: Any) -> Unit:
        return Unit.objects.create(code=code, name=name or code.upper(), kind=kind, **kw)

    return make


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(username: str, role: str = Role.UNIT, unit: Unit | None = None, **kw: Any) -> User:
        user = User(
            username=username, role=role, unit=unit, email=f"{username}@example.invalid", **kw
        )
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    """Log a user in and return the client.

    Through Django's test login (a session for the user, the `user_logged_in` signal), not the
    login form: a form login costs a request and the lockout checks, and most tests log in
    several roles. The login page itself is tested in parsipas/accounts/tests.
    """

    def do(user: User, c: Client | None = None) -> Client:
        c = c or client
        assert user.is_active, f"{user.username} cannot log in"
        c.force_login(user)
        return c

    return do


@pytest.fixture
def people(registry: None, make_user: Callable[..., User]) -> dict[str, User]:
    """One user per role, on the demo units."""
    unit = Unit.objects.get
    return {
        "admin": make_user("t.admin", Role.ADMIN, unit(code="snv")),
        "lead": make_user("t.lead.snv", Role.LEAD, unit(code="snv")),
        "lead_vp": make_user("t.lead.vpubnd", Role.LEAD, unit(code="vpubnd")),
        "unit": make_user("t.unit.stp", Role.UNIT, unit(code="stp")),
        "commune": make_user("t.unit.bmt", Role.UNIT, unit(code="phuong-buon-ma-thuot")),
        "viewer": make_user("t.viewer", Role.VIEWER, None),
    }


BROWSER_SIZES: dict[str, dict[str, Any]] = {
    "desktop": {},
    "phone": {"width": 390, "height": 844, "phone": True},
}


@pytest.fixture(scope="session")
def _chromiums() -> Any:
    """The Chromiums of this test process, started when a test first asks (desktop, phone)."""
    started: dict[str, Any] = {}
    yield started
    for driver in started.values():
        driver.quit()


def _chromium(started: dict[str, Any], kind: str) -> Any:
    from parsipas.testing import browser as chromium

    _require_chromium(chromium)
    driver = started.get(kind)
    if driver is not None and not chromium.alive(driver):  # a test crashed it
        started.pop(kind)
        driver = None
    if driver is None:
        driver = started[kind] = chromium.start(**BROWSER_SIZES[kind])
    return driver


def _reset_or_drop(started: dict[str, Any], kind: str) -> None:
    from parsipas.testing import browser as chromium

    driver = started.get(kind)
    if driver is None:
        return
    try:
        chromium.reset(driver)
    except Exception:  # not resettable: the next test gets a new one
        started.pop(kind)
        driver.quit()


@pytest.fixture
def browser(_chromiums: dict[str, Any]) -> Any:
    """A headless Debian Chromium driven by selenium, as a new one (reset after each test: no
    cookie, no storage, a blank page); skipped where chromium is not installed."""
    yield _chromium(_chromiums, "desktop")
    _reset_or_drop(_chromiums, "desktop")


@pytest.fixture
def phone_browser(_chromiums: dict[str, Any]) -> Any:
    """The same, emulating a phone (390×844)."""
    yield _chromium(_chromiums, "phone")
    _reset_or_drop(_chromiums, "phone")


def _require_chromium(chromium: Any) -> None:
    if chromium.available():
        return
    message = (
        "Debian chromium/chromedriver chưa được cài (apt-get install chromium chromium-driver)"
    )
    if os.environ.get(
        "PARSIPAS_REQUIRE_BROWSER"
    ):  # CI installs them: a missing browser is a failure
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Rate limits, visit counters and cached pages must not leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _one_live_request_at_a_time_on_sqlite() -> Any:
    """On SQLite the live server's threads share the test's in-memory connection, which is not
    thread-safe: a page whose images also hit the database (the QR codes) then failed now and
    then with "bad parameter or other API misuse". There, the live server runs one request's
    application at a time (connections still overlap, so keep-alive cannot block it)."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.db import connection, connections
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return

    class OneAppCallAtATime(ThreadedWSGIServer):
        def _close_connections(self) -> None:
            # Never the test's shared in-memory connection (closing it is a no-op, and from a
            # request thread it raises once the session's live server has stopped sharing it:
            # the reused Chromium's keep-alive connections close after that).
            shared = set(map(id, (self.connections_override or {}).values()))
            for conn in connections.all(initialized_only=True):
                if id(conn) not in shared:
                    conn.close()

        def set_app(self, application: Any) -> None:
            lock = threading.Lock()

            def serial(environ: Any, start_response: Any) -> Any:
                with lock:
                    return application(environ, start_response)

            super().set_app(serial)

    original = LiveServerThread.server_class
    LiveServerThread.server_class = OneAppCallAtATime
    yield
    LiveServerThread.server_class = original
