"""Menus, home-page cards and per-request context, contributed by each app.

An app registers what it adds in its own `menu.py`, imported by its AppConfig.ready(), so the
shared layout never needs editing when an app grows a page:

    nav.register("Kế hoạch", "plan_tree", roles=ALL_ROLES, order=20)
    nav.register_home(my_cards)            # my_cards(user) -> list[Card]
    nav.register_context(my_context)       # my_context(request) -> dict
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 100
    section: str = ""  # "" = main bar; "admin" = the Quản trị menu


@dataclass
class Card:
    """A 'what to do next' card on the home page."""

    title: str
    text: str = ""
    url: str = ""
    link_text: str = "Mở"
    tone: str = "info"  # info | warn | danger | ok
    order: int = 100
    figures: list[tuple[str, Any]] = field(default_factory=list)


_items: list[NavItem] = []
_home: list[Callable[[Any], list[Card]]] = []
_context: list[Callable[[HttpRequest], dict[str, Any]]] = []


def register(
    label: str, url_name: str, roles: tuple[str, ...], order: int = 100, section: str = ""
) -> None:
    if not any(i.url_name == url_name and i.label == label for i in _items):
        _items.append(NavItem(label, url_name, tuple(roles), order, section))


def register_home(provider: Callable[[Any], list[Card]]) -> None:
    if provider not in _home:
        _home.append(provider)


def register_context(provider: Callable[[HttpRequest], dict[str, Any]]) -> None:
    if provider not in _context:
        _context.append(provider)


def menu_for(user: Any, path: str, section: str = "") -> list[dict[str, Any]]:
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    entries = []
    for item in sorted(_items, key=lambda i: i.order):
        if item.section != section or role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = path == url or (url != "/" and path.startswith(url))
        entries.append({"label": item.label, "url": url, "active": active})
    return entries


def home_cards(user: Any) -> list[Card]:
    cards: list[Card] = []
    for provider in _home:
        cards.extend(provider(user))
    return sorted(cards, key=lambda c: c.order)


def extra_context(request: HttpRequest) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for provider in _context:
        values.update(provider(request))
    return values
