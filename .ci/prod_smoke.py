"""A production build, served the way it is deployed: collectstatic with production settings,
then gunicorn on a loopback port answering the login page, a dashboard (logged in) and the public
page with every static file they link, 200 each. Run by .ci/run; exits non-zero on any failure.

Usage: .venv/bin/python .ci/prod_smoke.py [PORT]
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PAGES_LOGGED_OUT = ["/tai-khoan/dang-nhap/", "/cong-khai/"]
PAGES_LOGGED_IN = ["/tong-quan/", "/viec-cua-don-vi/"]
PASSWORD = secrets.token_urlsafe(16)
CREATE_LEAD = (
    "from parsipas.accounts.models import User; from parsipas.units.models import Unit; "
    "u = User(username='ci.lead', role='lead', unit=Unit.objects.get(code='snv')); "
    f"u.set_password('{PASSWORD}'); u.save()"
)
STATIC_LINK = re.compile(r"""(?:src|href)="(/static/[^"]+)\"""")


class LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return True


def run(env: dict[str, str], *args: str) -> None:
    print("$ parsipas", " ".join(args)[:120], flush=True)
    subprocess.run(
        [str(BIN / "parsipas"), *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def fetch(
    opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None
) -> tuple[int, str]:
    try:
        with opener.open(url, data=data, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def check_page(
    opener: urllib.request.OpenerDirector, base: str, path: str, failures: list[str]
) -> str:
    status, body = fetch(opener, base + path)
    print(f"{status} {path}", flush=True)
    if status != 200:
        failures.append(f"{path}: HTTP {status}")
        return body
    links = sorted(set(STATIC_LINK.findall(body)))
    if not links:
        failures.append(f"{path}: no static file linked")
    for link in links:
        link_status, _ = fetch(opener, base + link)
        print(f"  {link_status} {link}", flush=True)
        if link_status != 200:
            failures.append(f"{path} -> {link}: HTTP {link_status}")
    return body


def main() -> int:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8799
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="parsipas-prod-"))
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "ci-" + secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://cchc.example.gov.vn",  # a real install's public address (sipas.W001)
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "PARSIPAS_VAR_DIR": str(work),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
    }
    env.pop("REDIS_URL", None)
    run(env, "collectstatic", "--noinput", "-v", "0")
    if not (work / "static" / "staticfiles.json").exists():
        print("collectstatic wrote no manifest", file=sys.stderr)
        return 1
    run(env, "migrate", "--noinput", "-v", "0")
    run(env, "createcachetable")
    run(env, "units", "load-defaults")
    run(env, "plan", "load-default")
    run(env, "periods", "create", "--year", "2026")
    # Demo accounts are refused in production: one lead officer of Sở Nội vụ for the check.
    run(env, "shell", "-c", CREATE_LEAD)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "parsipas.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
        cwd=ROOT,
    )
    failures: list[str] = []
    # The TLS proxy's part: it says the client came over HTTPS (so no redirect, and the Secure
    # cookies are set), and the cookie jar sends those cookies back over the loopback.
    jar = http.cookiejar.CookieJar(policy=LoopbackPolicy())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [
        ("X-Forwarded-Proto", "https"),
        ("Origin", f"https://127.0.0.1:{port}"),
        ("Referer", f"https://127.0.0.1:{port}/tai-khoan/dang-nhap/"),
    ]
    try:
        for _ in range(60):
            try:
                opener.open(base + "/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        login_page = ""
        for path in PAGES_LOGGED_OUT:
            body = check_page(opener, base, path, failures)
            login_page = login_page or body
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
        if token is None:
            failures.append("login page has no CSRF token")
        else:
            form = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "username": "ci.lead",
                    "password": PASSWORD,
                }
            ).encode()
            status, body = fetch(opener, base + "/tai-khoan/dang-nhap/", data=form)
            if "dang-xuat" not in body:
                failures.append(f"login failed (HTTP {status})")
            for path in PAGES_LOGGED_IN:
                check_page(opener, base, path, failures)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    print("production smoke:", "FAILED" if failures else "OK")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
