"""Settings for the test suite, in one place (as pretix's testutils/settings.py).

Everything a test run needs that production must never have: a fast password hasher (Django's
default costs about half a second per password on a 2-core machine, and tests log in many roles).
"""

from __future__ import annotations

from parsipas.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# On PostgreSQL, the flush after each live-server test deletes rather than truncates
# (parsipas/testing/pgflush: ~12 ms against ~160 ms a test).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "parsipas.testing.pgflush"  # noqa: F405
