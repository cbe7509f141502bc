"""Record every create, change and delete of the models that ask to be tracked.

Apps call `track(Model)` in their AppConfig.ready(). Bulk operations (imports) bypass model
signals, so they call `record_event(...)` with a summary instead.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from parsipas.audit.context import current_actor
from parsipas.audit.models import AuditEntry

SECRET_FIELDS = {"password"}
_tracked: dict[type[models.Model], set[str]] = {}
_summarised: ContextVar[frozenset[type[models.Model]]] = ContextVar(
    "parsipas_audit_summarised", default=frozenset()
)


@contextmanager
def summarised(*tracked: type[models.Model]) -> Iterator[None]:
    """Inside the block, saves and deletes of these models record no entry each: the caller
    records one summary event instead (`record_event`), as bulk operations do. For an import
    that removes thousands of rows by cascade, where one entry each would cost seconds."""
    token = _summarised.set(_summarised.get() | frozenset(tracked))
    try:
        yield
    finally:
        _summarised.reset(token)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return str(value)


def snapshot(instance: models.Model, exclude: set[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        values[field.name] = _plain(getattr(instance, field.attname))
    return values


def _actor_fields() -> dict[str, Any]:
    actor = current_actor()
    user = actor.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return {
        "actor": user,
        "actor_name": user.get_username() if user else actor.label,
        "ip": actor.ip,
    }


def record(
    action: str,
    instance: models.Model | None = None,
    *,
    model_label: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEntry:
    if instance is not None:
        model_label = model_label or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:300]
    return AuditEntry.objects.create(
        action=action,
        model=model_label,
        object_id=object_id,
        object_repr=object_repr[:300],
        changes=changes or {},
        message=message,
        **_actor_fields(),
    )


def record_event(message: str, instance: models.Model | None = None, **kwargs: Any) -> AuditEntry:
    """A summary entry for work that bypasses model signals (imports, bulk updates)."""
    return record(AuditEntry.Action.EVENT, instance, message=message, **kwargs)


def _masked(name: str, value: Any) -> Any:
    return "***" if name in SECRET_FIELDS else value


def _pre_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kw: Any
) -> None:
    # The values before the save ride on the instance to post_save (setattr: no model declares it).
    if raw or instance.pk is None or sender in _summarised.get():
        vars(instance)["_audit_before"] = None  # read back by _post_save
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    vars(instance)["_audit_before"] = snapshot(previous, _tracked[sender]) if previous else None


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw or sender in _summarised.get():
        return
    exclude = _tracked[sender]
    after = snapshot(instance, exclude)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        changes = {k: [None, _masked(k, v)] for k, v in after.items() if v not in (None, "")}
        record(AuditEntry.Action.CREATE, instance, changes=changes)
        return
    changes = {
        k: [_masked(k, before.get(k)), _masked(k, v)]
        for k, v in after.items()
        if before.get(k) != v
    }
    if changes:
        record(AuditEntry.Action.UPDATE, instance, changes=changes)


def _post_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if sender in _summarised.get():
        return
    before = snapshot(instance, _tracked[sender])
    record(
        AuditEntry.Action.DELETE,
        instance,
        changes={k: [_masked(k, v), None] for k, v in before.items() if v not in (None, "")},
    )


def _m2m_changed(
    sender: Any, instance: models.Model, action: str, model: Any, pk_set: Any, **kw: Any
) -> None:
    if type(instance) not in _tracked or action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), "m2m"
    )
    names = sorted(str(o) for o in model._default_manager.filter(pk__in=pk_set or []))
    verb = {"post_add": "thêm", "post_remove": "bỏ", "post_clear": "bỏ tất cả"}[action]
    record(AuditEntry.Action.UPDATE, instance, changes={field: [verb, names]})


def track(
    model: type[models.Model],
    exclude: tuple[str, ...] = (),
    link: Callable[[Any], str | None] | None = None,
) -> None:
    """Audit every save and delete of `model` (fields in `exclude` are not recorded); `link`
    gives a record's page, for the audit log to link to."""
    if link is not None:
        from parsipas.audit.display import register_link

        register_link(model, link)
    if model in _tracked:
        return
    _tracked[model] = set(exclude)
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-del")
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
        )
