"""Live visit statistics of the public page, without personal data.

- A visit is counted once per visitor per day, when the page's script calls the beacon: visitors
  without JavaScript (most bots) are never counted, and user agents that name themselves as bots,
  crawlers or load tools are ignored.
- "Once per visitor per day" uses a keyed hash of (IP address, user agent) whose key is derived
  from SECRET_KEY and today's date, so it changes every day and yesterday's hashes cannot be
  recomputed or linked to today's. The hash lives only in the cache, until midnight; the database
  keeps one number per day (VisitDay). No IP address, user agent or cookie is stored.
- "People on the page now": each open tab sends a heartbeat every 20 s with a random id made in
  the browser (kept in sessionStorage, not a cookie). Heartbeats are counted in 30-second
  buckets in the cache (cache.add + cache.incr, atomic on Redis); the figure is the larger of the
  current and the previous bucket, so a tab drops out within about 60 s of closing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from parsipas.public.models import VisitDay

BUCKET_SECONDS = 30
STATS_CACHE_SECONDS = 5
TAB_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|fetch|monitor|preview|scanner|headless|phantom|selenium|"
    r"lighthouse|pingdom|uptime|curl|wget|httpie|python|java/|go-http|okhttp|libwww|aiohttp|"
    r"axios|node-fetch|wrk|locust|ab/|jmeter|facebookexternalhit|whatsapp|telegram",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return (
        not user_agent
        or not user_agent.startswith("Mozilla/")
        or bool(BOT_PATTERN.search(user_agent))
    )


def visitor_hash(ip: str, user_agent: str, day: dt.date) -> str:
    key = hmac.new(
        settings.SECRET_KEY.encode(), f"visits:{day.isoformat()}".encode(), hashlib.sha256
    ).digest()
    return hmac.new(key, f"{ip}\n{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


def _seconds_to_midnight(now: dt.datetime) -> int:
    local = timezone.localtime(now)
    midnight = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return int((midnight - local).total_seconds()) + 60


def _increment(day: dt.date) -> None:
    if VisitDay.objects.filter(day=day).update(visits=F("visits") + 1):
        return
    try:
        with transaction.atomic():
            VisitDay.objects.create(day=day, visits=1)
    except IntegrityError:  # another request created the day first
        VisitDay.objects.filter(day=day).update(visits=F("visits") + 1)


def record(ip: str, user_agent: str, tab_id: str, now: dt.datetime | None = None) -> bool:
    """Count this visitor today (once) and this tab as present. Returns whether a new visit was
    counted. Bots and malformed tab ids are ignored."""
    if is_bot(user_agent) or not TAB_ID.match(tab_id or ""):
        return False
    now = now or timezone.now()
    heartbeat(tab_id, now.timestamp())
    day = timezone.localdate(now)
    key = f"pub:seen:{day.isoformat()}:{visitor_hash(ip, user_agent, day)}"
    if not cache.add(key, 1, timeout=_seconds_to_midnight(now)):
        return False
    _increment(day)
    cache.delete("pub:stats")
    return True


def heartbeat(tab_id: str, timestamp: float) -> None:
    bucket = int(timestamp // BUCKET_SECONDS)
    if not cache.add(f"pub:tab:{bucket}:{tab_id}", 1, timeout=3 * BUCKET_SECONDS):
        return
    counter = f"pub:bucket:{bucket}"
    if cache.add(counter, 1, timeout=4 * BUCKET_SECONDS):
        return
    try:
        cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.add(counter, 1, timeout=4 * BUCKET_SECONDS)


def online_now(timestamp: float | None = None) -> int:
    bucket = int((timestamp if timestamp is not None else time.time()) // BUCKET_SECONDS)
    values = cache.get_many([f"pub:bucket:{bucket}", f"pub:bucket:{bucket - 1}"])
    return max([0, *values.values()])


def totals(today: dt.date | None = None) -> dict[str, int]:
    """Visits today, this month and in total (cached a few seconds: the page polls often)."""
    cached = cache.get("pub:stats")
    if cached is not None:
        return cached
    today = today or timezone.localdate()
    days = VisitDay.objects.all()
    result = {
        "today": days.filter(day=today).aggregate(n=Sum("visits"))["n"] or 0,
        "month": days.filter(day__year=today.year, day__month=today.month).aggregate(
            n=Sum("visits")
        )["n"]
        or 0,
        "total": days.aggregate(n=Sum("visits"))["n"] or 0,
    }
    cache.set("pub:stats", result, STATS_CACHE_SECONDS)
    return result
