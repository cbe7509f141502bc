"""QR codes for survey desks (segno: pure Python, no dependencies)."""

from __future__ import annotations

import hashlib
import io

import segno
from django.core.cache import cache

CACHE_SECONDS = 7 * 24 * 3600


def qr_bytes(url: str, fmt: str, scale: int = 10) -> tuple[bytes, str]:
    """The QR code of `url` as (content, content type); fmt is 'svg' or 'png'.

    A code only depends on its address and is slow to draw (tens of milliseconds), and the
    all-units page shows a hundred of them: drawn once, then kept in the cache."""
    if fmt not in {"svg", "png"}:
        raise ValueError(f"unknown QR format {fmt!r}")
    content_type = "image/svg+xml" if fmt == "svg" else "image/png"
    key = "sipas:qr:" + hashlib.sha256(f"{fmt}|{scale}|{url}".encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = _draw(url, fmt, scale)
        cache.set(key, content, timeout=CACHE_SECONDS)
    return content, content_type


def _draw(url: str, fmt: str, scale: int) -> bytes:
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    if fmt == "svg":
        code.save(out, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True, title=url)
    else:
        code.save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
