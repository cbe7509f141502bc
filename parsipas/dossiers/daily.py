"""The pre-aggregated dossier counts (``DossierDay``): written by the import, read by ``stats``.

Each dossier is spread over at most three rows of (unit, local day of reception, half-month;
a half-month runs from the 1st to the 14th or from the 15th to the month's end):

- its reception half-month: received 1, the static flags, on time 1 if it had at most one
  supplement request (else 0 and, with an apology letter, late with apology 1);
- the half-month it was finished: finished +1, and on time −1 (late with apology +1 with a
  letter) if it was finished after its due time on the very day it was due;
- the half-month it fell due, when it was still open at the end of that day: on time −1 (late
  with apology +1). A dossier finished after its due day stays late (``finished > due``).

So, for a period ending on the last day of half-month H — a month's end, or its 14th as the
reporting periods do — the sums of the rows whose day is in the period and whose half is on
or before H are ``indicators.Counts`` of that period exactly (``test_daily.py`` checks it on
random dossier sets against the pure rules). Half-months rather than months: every report's
period ends on a 14th, and would otherwise be counted over every dossier; a unit has at most
twice as many rows.

``refresh`` runs inside the import's transaction, after the dossiers are written: the rows of
every (unit, day) the import touched — the days the imported dossiers had before and have now
— are computed again from the dossiers; an import into an empty dossier table computes them
all in one statement.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from parsipas.dossiers.models import Dossier, DossierDay

TABLE = DossierDay._meta.db_table
DOSSIERS = Dossier._meta.db_table
KEYS = "dossier_day_keys"
# An import touching more (unit, day) keys than this share of the stored rows computes every
# row again in one pass rather than key by key (a whole year re-imported: 1,000,000 updated
# dossiers took 22 minutes key by key on this machine).
REBUILD_SHARE = 0.4
ZONE = "Asia/Ho_Chi_Minh"
COUNT_COLUMNS = (
    "received", "finished", "on_time", "late_with_apology", "fully_online", "fee_required",
    "paid_online", "electronic_result", "digitized", "reused_data", "synced_national",
    "ratings", "rating_sum",
)  # fmt: skip


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _local_date(column: str) -> str:
    if _postgres():
        return f"({column} AT TIME ZONE '{ZONE}')::date"
    return f"date(substr({column}, 1, 19), '+7 hours')"


def half_of(day: str) -> str:
    """SQL: the first day (the 1st or the 15th) of the half-month of a date expression (for a
    statement executed with parameters: the ``%`` of SQLite's strftime is doubled)."""
    if _postgres():
        return (
            f"(date_trunc('month', {day}) + CASE WHEN extract(day FROM {day}) >= 15 "
            "THEN interval '14 days' ELSE interval '0 days' END)::date"
        )
    return (
        f"date({day}, 'start of month', CASE WHEN CAST(strftime('%%d', {day}) AS integer) >= 15 "
        "THEN '+14 days' ELSE '+0 days' END)"
    )


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _rows_sql(where: str) -> str:
    """SELECT (unit_id, day, month, *COUNT_COLUMNS) of the dossiers matching ``where``
    (over ``d``), grouped."""
    zeros = ", ".join(["0"] * 9)
    dossiers = f"""
        SELECT d.unit_id, {_local_date("d.received")} AS r, {_local_date("d.finished")} AS f,
               {_local_date("d.due")} AS u, d.supplement_requests <= 1 AS s,
               (d.due IS NULL OR d.finished <= d.due) AS ok, d.apology_sent AS a,
               d.fully_online, d.fee_required, d.paid_online, d.electronic_result, d.digitized,
               d.reused_data, d.synced_national, d.rating
        FROM {DOSSIERS} AS d {where}"""
    late_on_due_day = "s AND NOT ok AND f <= u"
    branches = f"""
        SELECT unit_id, r, {half_of("r")} AS h, 1 AS received, 0 AS finished,
               {_flag("s")} AS on_time, {_flag("NOT s AND a")} AS late_with_apology,
               {_flag("fully_online")} AS fully_online, {_flag("fee_required")} AS fee_required,
               {_flag("fee_required AND paid_online")} AS paid_online,
               {_flag("electronic_result")} AS electronic_result,
               {_flag("digitized")} AS digitized, {_flag("reused_data")} AS reused_data,
               {_flag("synced_national")} AS synced_national,
               {_flag("rating IS NOT NULL")} AS ratings, coalesce(rating, 0) AS rating_sum
        FROM dd
        UNION ALL
        SELECT unit_id, r, {half_of("f")}, 0, 1, -{_flag(late_on_due_day)},
               {_flag(f"{late_on_due_day} AND a")}, {zeros}
        FROM dd WHERE f IS NOT NULL
        UNION ALL
        SELECT unit_id, r, {half_of("u")}, 0, 0, -1, {_flag("a")}, {zeros}
        FROM dd WHERE s AND u IS NOT NULL AND (f IS NULL OR f > u)"""
    sums = ", ".join(f"SUM({c})" for c in COUNT_COLUMNS)
    return (
        f"WITH dd AS ({dossiers}) SELECT unit_id, r, h, {sums} "
        f"FROM ({branches}) AS x GROUP BY unit_id, r, h"
    )


def _insert(cursor: Any, where: str = "", params: list[Any] | None = None) -> None:
    columns = ", ".join(["unit_id", "day", "half", *COUNT_COLUMNS])
    cursor.execute(f"INSERT INTO {TABLE} ({columns}) {_rows_sql(where)}", params or [])


def rebuild(cursor: Any) -> None:
    """Every row again from every dossier (an import into an empty table; the migration)."""
    cursor.execute(f"DELETE FROM {TABLE}")
    _insert(cursor)


def start(cursor: Any) -> None:
    """Before the dossiers are written: a fresh table of touched (unit, day) keys."""
    cursor.execute(f"DROP TABLE IF EXISTS {'pg_temp' if _postgres() else 'temp'}.{KEYS}")
    commit = " ON COMMIT DROP" if _postgres() else ""
    cursor.execute(f"CREATE TEMPORARY TABLE {KEYS} (unit_id bigint, day date){commit}")


def remember(cursor: Any, codes_sql: str) -> None:
    """Before the dossiers are written: the (unit, day) of the stored dossiers whose code is
    among ``codes_sql`` (a SELECT of one column), as they are before the import."""
    cursor.execute(
        f"INSERT INTO {KEYS} (unit_id, day) SELECT DISTINCT d.unit_id, "
        f"{_local_date('d.received')} FROM {DOSSIERS} AS d WHERE d.code IN ({codes_sql})"
    )


def refresh(cursor: Any, batch_id: int) -> None:
    """After the dossiers of ``batch_id`` are written (``start`` and ``remember`` ran before):
    the rows of every touched (unit, day) computed again."""
    cursor.execute(
        f"INSERT INTO {KEYS} (unit_id, day) SELECT DISTINCT unit_id, "
        f"{_local_date('received')} FROM {DOSSIERS} WHERE batch_id = %s",
        [batch_id],
    )
    cursor.execute(
        f"SELECT (SELECT count(*) FROM (SELECT DISTINCT unit_id, day FROM {KEYS}) AS k), "
        f"(SELECT count(*) FROM {TABLE})"
    )
    touched, stored = cursor.fetchone()
    if touched > stored * REBUILD_SHARE:  # most days again (a year re-exported): one pass
        cursor.execute(f"DROP TABLE {KEYS}")
        rebuild(cursor)
        return
    if _postgres():
        cursor.execute(f"CREATE TEMPORARY TABLE {KEYS}_distinct ON COMMIT DROP AS "
                       f"SELECT DISTINCT unit_id, day FROM {KEYS}")  # fmt: skip
        keys = f"{KEYS}_distinct"
        cursor.execute(f"ANALYZE {keys}")
        cursor.execute(
            f"DELETE FROM {TABLE} AS t USING {keys} AS k "
            "WHERE t.unit_id = k.unit_id AND t.day = k.day"
        )
        # The dossiers of those days through the (unit, received) index: a day's local bounds,
        # one index range per key (a nested loop, which the fast path turns off for its own
        # statements: without it every key would be matched against all of its unit's rows).
        cursor.execute("SELECT current_setting('enable_nestloop')")
        nestloop = cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_nestloop = on")
        _insert(
            cursor,
            f"JOIN {keys} AS k ON d.unit_id = k.unit_id "
            f"AND d.received >= (k.day::timestamp AT TIME ZONE '{ZONE}') "
            f"AND d.received < ((k.day + 1)::timestamp AT TIME ZONE '{ZONE}')",
        )
        cursor.execute("SELECT set_config('enable_nestloop', %s, true)", [nestloop])
        cursor.execute(f"DROP TABLE {keys}")
    else:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE EXISTS (SELECT 1 FROM {KEYS} AS k "
            f"WHERE k.unit_id = {TABLE}.unit_id AND k.day = {TABLE}.day)"
        )
        _insert(
            cursor,
            f"WHERE EXISTS (SELECT 1 FROM {KEYS} AS k WHERE k.unit_id = d.unit_id "
            f"AND k.day = {_local_date('d.received')})",
        )
    cursor.execute(f"DROP TABLE {KEYS}")
