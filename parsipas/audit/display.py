"""The audit trail as people read it: Vietnamese names, values as the pages show them.

Entries store raw values (`{"unit": [null, 49]}`, `"95.0000"`, `"2026-03-15"`) so that nothing is
lost; this module turns a page of them into "Đơn vị: ∅ → Sở Tư pháp", "95", "15/03/2026", with
the model's and the fields' `verbose_name`, the labels of choices and the names of related
records — one query per related model for the whole page, not one per value. A record whose app
registered a page for it (`track(Model, link=...)`) is shown with a link.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch

from parsipas.audit.models import AuditEntry
from parsipas.lib import numbers

EMPTY = "∅"
_links: dict[str, Callable[[Any], str | None]] = {}


def register_link(model: type[models.Model], link: Callable[[Any], str | None]) -> None:
    """`link(instance)` is the page of a record, or None when it has none."""
    _links[model._meta.label_lower] = link


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Shown:
    entry: AuditEntry
    model_name: str
    object_name: str
    url: str | None
    changes: list[Change]


def model_of(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def model_name(label: str) -> str:
    model = model_of(label)
    if model is None:
        return label
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or a field renamed since the entry was written
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    if field is None:
        return name
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def plain_value(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A stored value as the pages write it (related records are resolved by the caller)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, list):  # many-to-many: ["thêm", ["Sở Tư pháp", ...]]
        return " ".join(plain_value(None, v) for v in value)
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(field, (models.DecimalField, models.FloatField)) or (
        field is None and isinstance(value, float)
    ):
        return _number(value)
    if isinstance(field, models.DateTimeField):
        return _datetime(str(value))
    if isinstance(field, models.DateField):
        return _date(str(value))
    return str(value)


def _number(value: Any) -> str:
    """95.0000 -> '95', 87.4200 -> '87,42', 9000 -> '9.000': the app's number style."""
    shown = numbers.number(value, places=4)
    return str(value) if shown == numbers.MISSING else shown


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return text


def _datetime(text: str) -> str:
    from django.utils import timezone

    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


def _related_names(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """(related model label, pk as text) -> str(record), fetched once per related model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = model_of(entry.model)
        for name, pair in (entry.changes or {}).items():
            field = _field(model, name)
            if field is None or not field.is_relation or field.many_to_many:
                continue
            related = field.related_model
            if not isinstance(related, type):
                continue
            for value in pair if isinstance(pair, list) else []:
                if value not in (None, ""):
                    wanted[related].add(value)
    names: dict[tuple[str, str], str] = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related._meta.label_lower, str(obj.pk))] = str(obj)
    return names


def _objects(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], models.Model]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.model in _links and entry.object_id and entry.action != AuditEntry.Action.DELETE:
            wanted[entry.model].add(entry.object_id)
    found: dict[tuple[str, str], models.Model] = {}
    for label, pks in wanted.items():
        model = model_of(label)
        if model is None:
            continue
        # A link may read a required parent (a node's plan year): joined here, not one by one.
        parents = [f.name for f in model._meta.concrete_fields if f.is_relation and not f.null]
        records = model._default_manager.filter(pk__in=pks)
        for obj in records.select_related(*parents) if parents else records:
            found[(label, str(obj.pk))] = obj
    return found


def _url(label: str, obj: models.Model | None) -> str | None:
    if obj is None:
        return None
    try:
        return _links[label](obj)
    except (NoReverseMatch, AttributeError, ValueError):
        return None


def show(entries: Iterable[AuditEntry]) -> list[Shown]:
    """A page of entries, readable; a constant number of queries whatever its length."""
    entries = list(entries)
    related = _related_names(entries)
    objects = _objects(entries)
    shown: list[Shown] = []
    for entry in entries:
        model = model_of(entry.model)
        changes: list[Change] = []
        for name, pair in (entry.changes or {}).items():
            field = _field(model, name)
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            if isinstance(new, list):  # many-to-many: ["thêm", ["Sở Nội vụ", "Sở Tư pháp"]]
                label = field_label(model, name)
                changes.append(Change(label, str(old), ", ".join(map(str, new)) or EMPTY))
                continue
            changes.append(
                Change(
                    field_label(model, name),
                    _value(field, old, related),
                    _value(field, new, related),
                )
            )
        obj = objects.get((entry.model, entry.object_id))
        shown.append(
            Shown(
                entry=entry,
                model_name=model_name(entry.model),
                object_name=entry.object_repr
                or str(obj or "")
                or (f"#{entry.object_id}" if entry.object_id else "—"),
                url=_url(entry.model, obj),
                changes=changes,
            )
        )
    return shown


def _value(
    field: models.Field[Any, Any] | None, value: Any, related: dict[tuple[str, str], str]
) -> str:
    if (
        field is not None
        and field.is_relation
        and not field.many_to_many
        and value not in (None, "")
        and isinstance(field.related_model, type)
    ):
        key = (field.related_model._meta.label_lower, str(value))
        return related.get(key, f"{model_name(key[0])} #{value} (đã xóa)")
    return plain_value(field, value)
