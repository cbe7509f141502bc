"""QR codes for survey desks (segno: pure Python, no dependencies)."""

from __future__ import annotations

import io

import segno


def qr_bytes(url: str, fmt: str, scale: int = 10) -> tuple[bytes, str]:
    """The QR code of `url` as (content, content type); fmt is 'svg' or 'png'."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    if fmt == "svg":
        code.save(out, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True, title=url)
        return out.getvalue(), "image/svg+xml"
    if fmt == "png":
        code.save(out, kind="png", scale=scale, border=4)
        return out.getvalue(), "image/png"
    raise ValueError(f"unknown QR format {fmt!r}")
