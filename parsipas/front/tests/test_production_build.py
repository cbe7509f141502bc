"""The documented production install works: collectstatic with production settings writes a
manifest, and the pages then link (and WhiteNoise serves) every static file they use.

The full gunicorn round trip runs in CI (.ci/prod_smoke.py); this is its in-suite half.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from parsipas.units.models import Unit

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{root / 'unused.sqlite3'}",
        "STATIC_ROOT": str(root),
    }
    result = subprocess.run(
        [sys.executable, "-m", "parsipas", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_collectstatic_with_production_settings_writes_a_manifest(static_root: Path) -> None:
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    assert "chartjs/chart.umd.min.js" in manifest
    # The copied Chart.js names its source map: the map is there too, or the manifest step fails.
    assert "chartjs/chart.umd.min.js.map" in manifest


@pytest.mark.django_db
def test_pages_link_hashed_static_files_that_are_served(
    static_root: Path, registry: None, people: dict, login
) -> None:
    with override_settings(STATIC_ROOT=static_root, STORAGES=PRODUCTION_STORAGES, DEBUG=False):
        anon = Client()
        pages = {
            "/tai-khoan/dang-nhap/": anon,
            "/cong-khai/": anon,
            "/tong-quan/": login(people["lead"], Client()),
        }
        assert Unit.objects.exists()
        for path, client in pages.items():
            page = client.get(path)
            assert page.status_code == 200, path
            html = page.content.decode()
            links = [part.split('"', 1)[0] for part in html.split('="/static/')[1:]]
            assert links, path
            for link in links:
                name = link.split("?", 1)[0]
                assert (static_root / name).exists(), (path, name)
                assert "." in name.rsplit("/", 1)[-1]
