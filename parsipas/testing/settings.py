"""Settings for the test suite, in one place (as pretix's testutils/settings.py).

Everything a test run needs that production must never have: a fast password hasher (Django's
default costs about half a second per password on a 2-core machine, and tests log in many roles).
"""

from __future__ import annotations

from parsipas.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
