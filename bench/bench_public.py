"""Load benchmark of the public reform page /cong-khai/ on loopback.

Starts gunicorn on 127.0.0.1 (a free port) with a throwaway SQLite database (or the
DATABASE_URL given), loads the plan and the demo data, then runs `wrk` with 50 connections
(or, without wrk, a bounded Python thread pool of 50 clients) and prints requests/s and p95
latency. Nothing leaves 127.0.0.1.

    .venv/bin/python bench/bench_public.py [--duration 15] [--connections 50] [--workers 4]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [str(BIN / "parsipas"), *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def wait_until_up(url: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


def with_wrk(url: str, connections: int, duration: int) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t", "4", "-c", str(connections), "-d", f"{duration}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(out)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # wrk prints the 50/75/90/99 % percentiles; p95 is interpolated between 90 and 99.
    pct = {int(p): _ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+([\d.]+\w+)", out, re.M)}
    p95 = pct[90] + (pct[99] - pct[90]) * (95 - 90) / (99 - 90)
    return rps, p95


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def with_threads(url: str, connections: int, duration: int) -> tuple[float, float]:
    latencies: list[float] = []
    end = time.monotonic() + duration

    def client() -> list[float]:
        own = []
        while time.monotonic() < end:
            start = time.perf_counter()
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
            own.append((time.perf_counter() - start) * 1000)
        return own

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=connections) as pool:
        for result in pool.map(lambda _: client(), range(connections)):
            latencies.extend(result)
    elapsed = time.monotonic() - started
    latencies.sort()
    return len(latencies) / elapsed, latencies[int(len(latencies) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=min(8, (os.cpu_count() or 2) * 2))
    opts = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="parsipas-bench-"))
    env = {
        **os.environ,
        "PARSIPAS_VAR_DIR": str(workdir),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "LOG_LEVEL": "ERROR",
    }
    print("Preparing the database (plan 2026 and demo data)…", flush=True)
    run(["migrate", "--noinput"], env)
    run(["units", "load-defaults"], env)
    run(["plan", "load-default"], env)
    run(["demo", "--seed", "2026", "--if-empty"], env)
    run(["collectstatic", "--noinput", "-v0"], {**env, "STATIC_ROOT": str(workdir / "static")})

    port = free_port()
    url = f"http://127.0.0.1:{port}/cong-khai/"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "parsipas.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(opts.workers),
            "--log-level",
            "warning",
        ],
        env={**env, "STATIC_ROOT": str(workdir / "static")},
        cwd=ROOT,
    )
    try:
        wait_until_up(url)
        urllib.request.urlopen(url).read()  # warm the page cache of one worker
        tool = "wrk" if shutil.which("wrk") else "python thread pool"
        print(
            f"Load: {tool}, {opts.connections} concurrent clients, {opts.duration} s, "
            f"gunicorn {opts.workers} workers, {url}",
            flush=True,
        )
        runner = with_wrk if tool == "wrk" else with_threads
        rps, p95 = runner(url, opts.connections, opts.duration)
        print(f"RESULT /cong-khai/: {rps:.0f} requests/s, p95 latency {p95:.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
