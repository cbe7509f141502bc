"""PAR pages on the data already loaded (the demo of `make setup`): median server time, CPU
time and query count of the projection, at-risk, comparison and what-if pages (GET and POST).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parsipas \\
        PYTHONPATH=. .venv/bin/python bench/bench_par.py [--runs 7] [--fresh]

Each page is requested once to warm up, then --runs times as the admin (Django's test client,
in process: no network). --fresh also measures the projection with its inputs recomputed on
every request (`?tinh-lai=1`, what a request costs right after the inputs changed). Reads
only; the database is not changed (a session row is written for the login). Goal (issue 16):
every median under 150 ms on PostgreSQL, query counts that do not change with the data.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from parsipas.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    admin = User.objects.filter(role="admin", is_active=True).first()
    if admin is None:
        raise SystemExit("Không có tài khoản quản trị: chạy `parsipas demo_accounts` trước.")
    client = Client()
    client.force_login(admin)
    pages = [
        ("GET", "/par/du-bao/"),
        ("GET", "/par/diem-co-nguy-co/"),
        ("GET", "/par/so-sanh/"),
        ("GET", "/par/gia-dinh/"),
        ("POST", "/par/gia-dinh/"),
    ]
    if args.fresh:
        pages.append(("GET", "/par/du-bao/?tinh-lai=1"))
    print(f"{'':4} {'page':28} {'median':>9} {'cpu':>9} {'KB':>5} {'queries':>7}")
    for method, url in pages:

        def call(method: str = method, url: str = url):  # noqa: ANN202
            if method == "POST":
                return client.post(url, {"v:3.8": "98"})
            return client.get(url)

        call()
        wall, cpu = [], []
        queries = 0
        response = None
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as captured:
                response = call()
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            queries = len(captured.captured_queries)
        assert response is not None and response.status_code == 200, (url, response)
        print(
            f"{method:4} {url:28} {statistics.median(wall):7.1f}ms {statistics.median(cpu):7.1f}ms "
            f"{len(response.content) // 1024:5} {queries:7}"
        )
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
