"""Django's database cache with an atomic `incr`, for installs without Redis.

Rate limits, login lockouts, token reuse and cached pages must be shared by every worker and
every server, so production never uses the per-process memory cache. With REDIS_URL set the
Redis cache is used (its `add` and `incr` are atomic); without it this database cache is. Django's
own `DatabaseCache.incr` is a read followed by a write, so two workers counting at once both write
the same number: here the read and the write happen in one transaction under a row lock
(`SELECT … FOR UPDATE` on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway).
`add` is already atomic: the key is the table's primary key, and a second insert fails.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]  # Django's own attribute, missing from django-stubs
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "
                f"WHERE {quote('cache_key')} = %s{lock}",
                [cache_key],
            )
            row = cursor.fetchone()
            if row is None or _expired(connection, row[1]):
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode(), validate=True)) + delta
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",
                [
                    base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1"),
                    cache_key,
                ],
            )
        return value


def _expired(connection: Any, expires: Any) -> bool:
    from django.db import models

    expression = models.Expression(output_field=models.DateTimeField())
    for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(
        connection
    ):
        expires = converter(expires, expression, connection)
    return expires < tz_now().replace(microsecond=0)
