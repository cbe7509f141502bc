"""Panels other apps add to a criterion's page, so the plans app never imports the apps above it.

An app above plans (dossiers for 3.9's 766 total) registers a provider in its ``ready()``:
``register("PAR:3.9", "q766", provider)``. On the page of that criterion the provider is called
with the viewer and the node; whatever it returns (``None``: nothing to show, e.g. the viewer may
not see it) goes into the template context under the given name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, Any], Any]  # (user, node) -> a template value, or None

_providers: dict[str, dict[str, Provider]] = {}


def register(node_key: str, name: str, provider: Provider) -> None:
    """Called from an AppConfig.ready(); registering the same key and name again replaces it."""
    _providers.setdefault(node_key, {})[name] = provider


def for_node(user: Any, node: Any) -> dict[str, Any]:
    """{name: value} of the panels registered for this node's key ("PAR:3.9") that have a value."""
    found: dict[str, Any] = {}
    for name, provider in _providers.get(node.key, {}).items():
        value = provider(user, node)
        if value is not None:
            found[name] = value
    return found
