"""Who is acting right now: set by the middleware for requests, by commands for the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None  # accounts.User or None
    ip: str | None = None
    label: str = ""  # e.g. "lệnh parsipas plan import" when there is no user


_current: ContextVar[Actor] = ContextVar("parsipas_actor", default=Actor(label="hệ thống"))  # noqa: B039 (frozen)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(user: Any = None, ip: str | None = None, label: str = "") -> Iterator[None]:
    token = _current.set(Actor(user=user, ip=ip, label=label))
    try:
        yield
    finally:
        _current.reset(token)
