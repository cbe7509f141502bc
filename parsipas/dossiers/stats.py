"""The rules of ``indicators.py`` in SQL: counts per unit and period straight from the database.

Every period is computed on its own (a quarter is not the sum of its months: a dossier in
progress and not yet due at the end of January may be late at the end of March). Dates are
judged in Vietnam's local time, as ``indicators.Period`` does on the export's local times.
``test_stats.py`` checks that these queries give exactly the pure ``Counts`` on hand-built and
random data, for months, quarters and years, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from parsipas.dossiers import daily, indicators
from parsipas.dossiers.indicators import Counts, Period
from parsipas.dossiers.models import Dossier

TABLE = Dossier._meta.db_table
ZONE = "Asia/Ho_Chi_Minh"  # UTC+7 all year; the SQLite expressions use the fixed offset


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def local_date(column: str) -> str:
    """SQL: the local calendar date of a timestamp column."""
    if _postgres():
        return f"({column} AT TIME ZONE '{ZONE}')::date"
    # SQLite rounds fractional seconds to milliseconds: 23:59:59.999999 would become the next
    # day. Whole seconds are enough for a calendar date.
    return f"date(substr({column}, 1, 19), '+7 hours')"


def month_end_of(column: str) -> str:
    """SQL: the last day of the local month of a timestamp column."""
    if _postgres():
        return f"(date_trunc('month', {column} AT TIME ZONE '{ZONE}') + interval '1 month - 1 day')::date"
    return f"date(substr({column}, 1, 19), '+7 hours', 'start of month', '+1 month', '-1 day')"


def month_of(column: str) -> str:
    if _postgres():
        return f"EXTRACT(MONTH FROM {column} AT TIME ZONE '{ZONE}')::integer"
    return f"CAST(strftime('%%m', substr({column}, 1, 19), '+7 hours') AS integer)"


@dataclass(frozen=True)
class Rules:
    """The conditions of ``indicators.py`` as SQL, for a period ending on ``end`` (an SQL
    expression: a parameter placeholder, or a per-row month end)."""

    end: str

    @property
    def finished_by_end(self) -> str:
        return f"(finished IS NOT NULL AND {local_date('finished')} <= {self.end})"

    @property
    def on_time(self) -> str:
        return (
            f"(supplement_requests <= 1 AND (({self.finished_by_end} AND (due IS NULL OR finished <= due))"
            f" OR (NOT {self.finished_by_end} AND (due IS NULL OR {local_date('due')} > {self.end}))))"
        )

    @property
    def late(self) -> str:
        return f"(NOT {self.on_time})"

    def filters(self) -> dict[str, str]:
        """Drill-down filters by name (see ``FILTER_LABELS``)."""
        return {
            "all": "1 = 1",
            "on_time": self.on_time,
            "late": self.late,
            "late_without_apology": f"({self.late} AND NOT apology_sent)",
            "late_with_apology": f"({self.late} AND apology_sent)",
            "in_progress": f"(NOT {self.finished_by_end})",
            "fully_online": "fully_online",
            "not_fully_online": "NOT fully_online",
            "fee_not_paid_online": "(fee_required AND NOT paid_online)",
            "paid_online": "(fee_required AND paid_online)",
            "not_digitized": "NOT digitized",
            "digitized": "digitized",
        }


FILTER_LABELS = {
    "all": "Tất cả hồ sơ tiếp nhận",
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "late_without_apology": "Trễ hạn chưa có thư xin lỗi",
    "late_with_apology": "Trễ hạn đã có thư xin lỗi",
    "in_progress": "Đang giải quyết cuối kỳ",
    "fully_online": "Trực tuyến toàn trình",
    "not_fully_online": "Không toàn trình",
    "fee_not_paid_online": "Có phí, chưa thanh toán trực tuyến",
    "paid_online": "Có phí, đã thanh toán trực tuyến",
    "not_digitized": "Chưa số hóa",
    "digitized": "Đã số hóa",
}


def _instants(period: Period) -> tuple[datetime, datetime]:
    """The aware instants of the period's first local day and of the day after its last."""
    start = timezone.make_aware(datetime.combine(period.start, time()))
    stop = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time()))
    return start, stop


def _bounds(period: Period) -> list[Any]:
    """``_instants`` as raw SQL parameters (SQLite keeps naive UTC text, as Django stores it)."""
    instants = _instants(period)
    if _postgres():
        return list(instants)
    return [str(timezone.make_naive(m, timezone.get_fixed_timezone(0))) for m in instants]


def _end_param(period: Period) -> Any:
    return period.end if _postgres() else period.end.isoformat()


_SELECT = """
    COUNT(*),
    COUNT(*) FILTER (WHERE {fin}),
    COUNT(*) FILTER (WHERE {on_time}),
    COUNT(*) FILTER (WHERE {late} AND apology_sent),
    COUNT(*) FILTER (WHERE fully_online),
    COUNT(*) FILTER (WHERE fee_required),
    COUNT(*) FILTER (WHERE fee_required AND paid_online),
    COUNT(*) FILTER (WHERE electronic_result),
    COUNT(*) FILTER (WHERE digitized),
    COUNT(*) FILTER (WHERE reused_data),
    COUNT(*) FILTER (WHERE synced_national),
    COUNT(rating),
    COALESCE(SUM(rating), 0)
"""


def _counts(period: Period, row: Iterable[int]) -> Counts:
    (received, finished, on_time, late_apology, fully_online, fee, paid, electronic, digitized,
     reused, synced, ratings, rating_sum) = (int(v) for v in row)  # fmt: skip
    late = received - on_time
    return Counts(
        period=period,
        received=received,
        finished=finished,
        in_progress=received - finished,
        on_time=on_time,
        late=late,
        late_with_apology=late_apology,
        late_without_apology=late - late_apology,
        fully_online=fully_online,
        fee_required=fee,
        paid_online=paid,
        electronic_result=electronic,
        digitized=digitized,
        reused_data=reused,
        synced_national=synced,
        ratings=ratings,
        rating_sum=rating_sum,
    )


def _unit_filter(unit_ids: Iterable[int] | None) -> tuple[str, list[int]]:
    if unit_ids is None:
        return "", []
    ids = [int(i) for i in unit_ids]
    if not ids:
        return " AND 1 = 0", []
    return f" AND unit_id IN ({', '.join(['%s'] * len(ids))})", ids


def _day_sums() -> str:
    """The sums of the day counts, in the order ``_counts`` reads them."""
    return ", ".join(f"SUM({c})" for c in daily.COUNT_COLUMNS)


def _histograms(
    result: dict[int, Counts], period: Period, where: str, ids: list[int]
) -> dict[int, Counts]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id, rating, COUNT(*) FROM {TABLE} WHERE received >= %s "
            f"AND received < %s AND rating IS NOT NULL{where} GROUP BY unit_id, rating",
            [*_bounds(period), *ids],
        )
        for unit_id, rating, n in cursor.fetchall():
            result[unit_id].rating_histogram[rating] = n
    return result


def ends_on_month_end(period: Period) -> bool:
    return (period.end + timedelta(days=1)).day == 1


def ends_on_half_month_end(period: Period) -> bool:
    """A month's last day or its 14th: the ends the day counts serve (``daily``)."""
    return period.end.day == 14 or ends_on_month_end(period)


def half_start(day: date) -> date:
    """The first day of the half-month of ``day`` (as ``daily.half_of`` in SQL)."""
    return day.replace(day=15 if day.day >= 15 else 1)


def counts_by_unit(
    period: Period, unit_ids: Iterable[int] | None = None, *, histogram: bool = True
) -> dict[int, Counts]:
    """Counts per unit id for one period; units without a dossier received are absent.

    A period ending on a month's last day or on its 14th (every period the pages offer —
    months, quarters, half-years, years — and the reporting periods, 15th to 14th) is summed
    from the day counts ``DossierDay``; any other from the dossiers themselves
    (``raw_counts_by_unit``). The rating histogram (one unit's page) is read from the dossiers
    through the (unit, received) index."""
    if not ends_on_half_month_end(period):
        return raw_counts_by_unit(period, unit_ids, histogram=histogram)
    where, ids = _unit_filter(unit_ids)
    params: list[Any] = [period.start, period.end, half_start(period.end)]
    if not _postgres():
        params = [d.isoformat() for d in params]
    result: dict[int, Counts] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id, {_day_sums()} FROM {daily.TABLE} WHERE day >= %s AND day <= %s "
            f"AND half <= %s{where} GROUP BY unit_id HAVING SUM(received) > 0",
            [*params, *ids],
        )
        for unit_id, *values in cursor.fetchall():
            result[unit_id] = _counts(period, values)
    if histogram and result:
        _histograms(result, period, where, ids)
    return result


def raw_counts_by_unit(
    period: Period, unit_ids: Iterable[int] | None = None, *, histogram: bool = True
) -> dict[int, Counts]:
    """``counts_by_unit`` over the dossiers themselves, for any period (one pass over the
    period's dossiers: the definition the day counts are checked against)."""
    rules = Rules("%s")
    select = _SELECT.format(fin=rules.finished_by_end, on_time=rules.on_time, late=rules.late)
    where, ids = _unit_filter(unit_ids)
    # Each "%s" in the select stands for the period end; count them to pass it that often.
    ends = [_end_param(period)] * select.count("%s")
    sql = (
        f"SELECT unit_id, {select} FROM {TABLE} "
        f"WHERE received >= %s AND received < %s{where} GROUP BY unit_id"
    )
    result: dict[int, Counts] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ends, *_bounds(period), *ids])
        for unit_id, *values in cursor.fetchall():
            result[unit_id] = _counts(period, values)
        if histogram:
            cursor.execute(
                f"SELECT unit_id, rating, COUNT(*) FROM {TABLE} WHERE received >= %s "
                f"AND received < %s AND rating IS NOT NULL{where} GROUP BY unit_id, rating",
                [*_bounds(period), *ids],
            )
            for unit_id, rating, n in cursor.fetchall():
                result[unit_id].rating_histogram[rating] = n
    return result


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def counts_by_unit_month(
    year: int, unit_ids: Iterable[int] | None = None, *, histogram: bool = False
) -> dict[tuple[int, int], Counts]:
    """Counts per (unit id, month) of a year in one query, each month judged at its own end:
    the day counts of each month whose changes fall in that month (either half)."""
    if histogram:
        return raw_counts_by_unit_month(year, unit_ids, histogram=True)
    where, ids = _unit_filter(unit_ids)
    if _postgres():
        month, same_month = (
            "EXTRACT(MONTH FROM day)::integer",
            "date_trunc('month', half) = date_trunc('month', day)",
        )
        params: list[Any] = [date(year, 1, 1), date(year, 12, 31)]
    else:
        month = "CAST(strftime('%%m', day) AS integer)"
        same_month = "date(half, 'start of month') = date(day, 'start of month')"
        params = [f"{year}-01-01", f"{year}-12-31"]
    periods = {m: month_period(year, m) for m in range(1, 13)}
    result: dict[tuple[int, int], Counts] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id, {month}, {_day_sums()} FROM {daily.TABLE} "
            f"WHERE day >= %s AND day <= %s AND {same_month}{where} "
            f"GROUP BY unit_id, {month} HAVING SUM(received) > 0",
            [*params, *ids],
        )
        for unit_id, month_number, *values in cursor.fetchall():
            result[(unit_id, int(month_number))] = _counts(periods[int(month_number)], values)
    return result


def raw_counts_by_unit_month(
    year: int, unit_ids: Iterable[int] | None = None, *, histogram: bool = False
) -> dict[tuple[int, int], Counts]:
    """``counts_by_unit_month`` over the dossiers themselves."""
    rules = Rules(month_end_of("received"))
    select = _SELECT.format(fin=rules.finished_by_end, on_time=rules.on_time, late=rules.late)
    month = month_of("received")
    where, ids = _unit_filter(unit_ids)
    year_period = Period(date(year, 1, 1), date(year, 12, 31))
    sql = (
        f"SELECT unit_id, {month}, {select} FROM {TABLE} "
        f"WHERE received >= %s AND received < %s{where} GROUP BY unit_id, {month}"
    )
    periods = {m: month_period(year, m) for m in range(1, 13)}
    result: dict[tuple[int, int], Counts] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*_bounds(year_period), *ids])
        for unit_id, month_number, *values in cursor.fetchall():
            result[(unit_id, int(month_number))] = _counts(periods[int(month_number)], values)
        if histogram:
            cursor.execute(
                f"SELECT unit_id, {month}, rating, COUNT(*) FROM {TABLE} WHERE received >= %s "
                f"AND received < %s AND rating IS NOT NULL{where} GROUP BY unit_id, {month}, rating",
                [*_bounds(year_period), *ids],
            )
            for unit_id, month_number, rating, n in cursor.fetchall():
                result[(unit_id, int(month_number))].rating_histogram[rating] = n
    return result


def dossiers_in(period: Period, filter_name: str = "all") -> QuerySet[Dossier]:
    """The dossiers behind a count: received in the period and matching a drill-down filter."""
    rules = Rules("%s")
    condition = rules.filters()[filter_name]
    start, stop = _instants(period)
    queryset = Dossier.objects.filter(received__gte=start, received__lt=stop)
    if filter_name == "all":
        return queryset
    params = [_end_param(period)] * condition.count("%s")
    return queryset.filter(RawSQL(condition, params, output_field=BooleanField()))


def as_pure(dossier: Dossier) -> indicators.Dossier:
    """A stored dossier as the pure record (local wall times), e.g. to explain its state."""

    def local(moment: datetime | None) -> datetime | None:
        return None if moment is None else timezone.localtime(moment).replace(tzinfo=None)

    return indicators.Dossier(
        code=dossier.code,
        unit_code=dossier.unit.code if dossier.unit_id else "",
        procedure_code=dossier.procedure_code,
        received=local(dossier.received),  # type: ignore[arg-type]
        due=local(dossier.due),
        finished=local(dossier.finished),
        supplement_requests=dossier.supplement_requests,
        channel=dossier.channel,  # type: ignore[arg-type]
        fully_online=dossier.fully_online,
        fee_required=dossier.fee_required,
        paid_online=dossier.paid_online,
        electronic_result=dossier.electronic_result,
        digitized=dossier.digitized,
        reused_data=dossier.reused_data,
        synced_national=dossier.synced_national,
        apology_sent=dossier.apology_sent,
        rating=dossier.rating,
    )
