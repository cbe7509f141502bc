"""Load test on gunicorn, loopback only and bounded: N concurrent users for a fixed time.

    .venv/bin/python bench/bench_load.py [--users 50] [--seconds 300] [--workers 4] [--port 8191]
                                         [--think 0.2 1.0] [--ramp 0]

The database of DATABASE_URL must hold a demo year (`make setup` steps: units, plan, periods,
SIPAS instrument, demo accounts, `parsipas demo`), preferably PostgreSQL; the script never creates
or drops it, and it writes reports into it. It starts gunicorn on 127.0.0.1 with the production
cache (the database cache, shared by the workers), then runs the users, each a thread with its
own session, in a mix:

- desk: a unit officer opens one of its reports, saves it, sometimes sends it;
- review: a lead opens the review queue and returns a report it may review;
- dashboard: a province reader opens /tong-quan/;
- public: a citizen opens the public page and polls its statistics;
- sipas: a citizen opens a unit's survey and sends it.

Each user waits a random time between two requests (`--think MIN MAX` seconds, 0.2–1.0 by default:
a busy clerk clicking straight on, far faster than people read a page). `--ramp S` spreads the
users' arrival over S seconds, as people come in one after another; with 0 all 50 log in at the
same moment, and the password hash (about 0.5 s of CPU each, by design) queues them. With REDIS_URL set the
workers share Redis as in production; without it, the database cache.

It prints the throughput, p50/p95 per kind and the errors (any 5xx, a refused connection, or a 4xx
other than the 409 of two people saving the same report). Goal: 0 errors, p95 < 500 ms.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "parsipas-demo"
MIX = [("desk", 3), ("review", 1), ("dashboard", 2), ("public", 3), ("sipas", 1)]
ACCOUNTS = {"desk": ["unit.stp", "unit.buonmathuot"], "review": ["lead.snv", "lead.vpubnd"]}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    def __init__(self, base: str, results: dict, lock: threading.Lock) -> None:
        self.base, self.results, self.lock = base, results, lock
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.opener.addheaders = [
            ("User-Agent", "Mozilla/5.0 (bench_load) Chrome/120"),
            ("Referer", base + "/"),
            ("Origin", base),
        ]

    def request(self, kind: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:
            status, text = 0, str(exc)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.results[kind].append((elapsed, status))
        return status, text

    def login(self, username: str) -> None:
        _, page = self.request("login", "/tai-khoan/dang-nhap/")
        token = CSRF.search(page)
        self.request(
            "login",
            "/tai-khoan/dang-nhap/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": username,
                "password": PASSWORD,
            },
        )


def desk(s: Session, rng: random.Random) -> None:
    _, page = s.request("desk", "/bao-cao/")
    links = re.findall(r'href="(/bao-cao/\d{4}/\w+/nhiem-vu/\d+/)"', page)
    if not links:
        return
    url = rng.choice(links)
    _, page = s.request("desk", url)
    version = re.search(r'name="version" value="(\d+)"', page)
    token = CSRF.search(page)
    if not version or not token:
        return  # already sent or accepted: nothing to edit
    s.request(
        "desk",
        url,
        {
            "csrfmiddlewaretoken": token.group(1),
            "version": version.group(1),
            "status": "in_progress",
            "narrative": f"Tải thử {rng.random():.6f}",
            "difficulties": "",
            "proposals": "",
            "no_evidence_reason": "",
            "action": "submit" if rng.random() < 0.3 else "save",
        },
    )


def review(s: Session, rng: random.Random) -> None:
    _, page = s.request("review", "/bao-cao/duyet/")
    links = re.findall(r'href="(/bao-cao/\d{4}/\w+/nhiem-vu/\d+/)">Duyệt<', page)
    if not links:
        return
    url = rng.choice(links)
    _, page = s.request("review", url)
    token = CSRF.search(page)
    if token and 'name="decision"' in page:
        s.request(
            "review",
            url + "duyet/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "decision": "return",
                "comment": "Bổ sung (tải thử)",
            },
        )


def dashboard(s: Session, rng: random.Random) -> None:
    s.request("dashboard", "/tong-quan/")


def public(s: Session, rng: random.Random) -> None:
    s.request("public", "/cong-khai/")
    s.request("public", "/cong-khai/thong-ke.json")


def sipas(s: Session, rng: random.Random) -> None:
    code = rng.choice(["stp", "snv", "stc", "phuong-buon-ma-thuot"])
    _, page = s.request("sipas", f"/sipas/khao-sat/{code}/")
    token = re.search(r'name="token" value="([^"]+)"', page)
    names = re.findall(r'name="(q\d+)" value="(\d+)"', page)
    if not token:
        return
    answers: dict[str, str] = {}
    for name, value in names:
        answers.setdefault(name, value)
    csrf = CSRF.search(page)
    data = {"csrfmiddlewaretoken": csrf.group(1) if csrf else "", "token": token.group(1)}
    s.request("sipas", f"/sipas/khao-sat/{code}/", {**data, **answers})


ACTIONS = {"desk": desk, "review": review, "dashboard": dashboard, "public": public, "sipas": sipas}


def user(
    n: int,
    kind: str,
    base: str,
    until: float,
    results: dict,
    lock: threading.Lock,
    think: tuple[float, float] = (0.2, 1.0),
    delay: float = 0.0,
) -> None:
    rng = random.Random(n)
    time.sleep(delay)  # people arrive one after another (--ramp)
    session = Session(base, results, lock)
    if kind in ACCOUNTS:
        session.login(ACCOUNTS[kind][n % len(ACCOUNTS[kind])])
    elif kind == "dashboard":
        session.login("viewer")
    while time.time() < until:
        ACTIONS[kind](session, rng)
        time.sleep(rng.uniform(*think))  # a person reads the page


def is_error(kind: str, status: int) -> bool:
    return (
        status == 0 or status >= 500 or (status >= 400 and not (kind == "desk" and status == 409))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8191)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.2, 1.0),
        metavar=("MIN", "MAX"),
        help="seconds a user waits between two requests (uniform)",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=0.0,
        help="seconds over which the users arrive, evenly (0: all at once, logging in together)",
    )
    args = parser.parse_args()
    users = min(args.users, 200)
    seconds = min(args.seconds, 900)
    base = f"http://127.0.0.1:{args.port}"
    env = {
        **os.environ,
        "DEBUG": "0",
        "PARSIPAS_DB_CACHE": "0" if os.environ.get("REDIS_URL") else "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        # One loopback client stands for many citizens: lift the per-address survey limits.
        "SIPAS_RATE_SOFT": "1000000",
        "SIPAS_RATE_HARD": "1000000",
        "SIPAS_RATE_GLOBAL": "1000000",
        "LOGIN_MAX_FAILURES": "1000",
    }
    subprocess.run([str(ROOT / ".venv/bin/parsipas"), "createcachetable"], env=env, check=True)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "parsipas.wsgi",
            "-b",
            f"127.0.0.1:{args.port}",
            "-w",
            str(args.workers),
            "--timeout",
            "60",
            "--access-logfile",
            "/dev/null",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        kinds = [k for k, weight in MIX for _ in range(weight)]
        results: dict[str, list[tuple[float, int]]] = defaultdict(list)
        lock = threading.Lock()
        started = time.time()
        until = started + seconds
        threads = [
            threading.Thread(
                target=user,
                args=(n, kinds[n % len(kinds)], base, until, results, lock, tuple(args.think)),
                kwargs={"delay": args.ramp * n / max(users, 1)},
            )
            for n in range(users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.time() - started
    finally:
        server.terminate()
        server.wait(timeout=60)
    total = sum(len(v) for v in results.values())
    errors = sum(is_error(k, status) for k, v in results.items() for _, status in v)
    print(
        f"{users} users, {seconds} s, think {args.think[0]:g}–{args.think[1]:g} s, "
        f"arriving over {args.ramp:g} s, "
        f"{args.workers} gunicorn workers, cache {'redis' if os.environ.get('REDIS_URL') else 'db'}: "
        f"{total} requests, "
        f"{total / wall:.1f} req/s, {errors} errors"
    )
    print(f"{'kind':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}  statuses")
    for kind in sorted(results):
        times = sorted(t for t, _ in results[kind])
        statuses: dict[int, int] = defaultdict(int)
        for _, status in results[kind]:
            statuses[status] += 1
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        kind_errors = sum(is_error(kind, s) for _, s in results[kind])
        print(
            f"{kind:<10} {len(times):>8} {statistics.median(times) * 1000:>8.0f} {p95 * 1000:>8.0f}"
            f" {kind_errors:>7}  {dict(sorted(statuses.items()))}"
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
