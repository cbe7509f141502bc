"""The survey's public addresses: what a QR code encodes, and whether SITE_URL can be reached
by a citizen's phone at all.

A QR code printed while `SITE_URL` is still the developer's `http://127.0.0.1:8000` sends every
citizen who scans it nowhere; the pages that show or print codes warn loudly, and so does a
system check in production (issue 17).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", ""})


def is_local_address(url: str) -> bool:
    """True when `url` points at this machine or a private network, not the public internet:
    localhost, 127.0.0.0/8, 0.0.0.0, ::1, private and link-local ranges, *.local, *.localhost,
    a bare host name without a dot, or no host at all."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower().rstrip(".")
    if host in LOCAL_NAMES or host.endswith((".local", ".localhost", ".internal", ".lan")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
    )


def survey_path(unit_code: str, desk_code: str = "") -> str:
    from django.urls import reverse

    return reverse("sipas_form", args=[unit_code]) + (f"?quay={desk_code}" if desk_code else "")


def site_url() -> str:
    from django.conf import settings

    return str(getattr(settings, "SITE_URL", "") or "")


def survey_url(unit_code: str, desk_code: str = "", base: str = "") -> str:
    """The address a desk's QR code encodes: SITE_URL (or `base`) and the unit's form."""
    return (base or site_url()).rstrip("/") + survey_path(unit_code, desk_code)


def short_label(url: str) -> str:
    """The address as printed under a code: without the scheme, nothing else to type."""
    return url.split("://", 1)[-1]


def local_site_url() -> str:
    """SITE_URL when it is a local address (the pages' warning shows it), else ''."""
    url = site_url()
    return url if is_local_address(url) else ""
