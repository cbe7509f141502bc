"""Bar charts as PNG images for the Word report, drawn with Pillow and a TrueType font.

The font is Debian's DejaVu Sans (package fonts-dejavu-core; `CHART_FONT` in settings names
another file), which has every Vietnamese letter, so labels such as "Năm" are written as they are.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image, ImageDraw, ImageFont

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (31, 41, 51)
GRID: RGB = (217, 222, 229)
FONT_SIZE = 22


@lru_cache(maxsize=4)
def font(size: int = FONT_SIZE) -> ImageFont.FreeTypeFont:
    path = settings.CHART_FONT
    try:
        return ImageFont.truetype(path, size)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"Không mở được phông chữ cho biểu đồ «{path}»: hãy cài gói Debian fonts-dejavu-core "
            "hoặc đặt CHART_FONT."
        ) from exc


def _text(
    draw: ImageDraw.ImageDraw, x: float, y: float, text: str, colour: RGB, anchor: str
) -> None:
    draw.text((x, y), text, fill=colour, font=font(), anchor=anchor)


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[tuple[RGB, Sequence[float]]],
    width: int = 1200,
    height: int = 560,
    percent: bool = True,
) -> bytes:
    """Vertical stacked bars, one per label; each series is (colour, values). With `percent`, each
    bar is scaled to 100 % and the bottom series' share is written on top of the bar.

    Drawing and compressing the PNG takes a quarter of a second under load; the same figures give
    the same image, so the bytes are kept per set of arguments (a few dozen, in this process)."""
    return _stacked_bars(
        tuple(labels),
        tuple((colour, tuple(values)) for colour, values in series),
        width,
        height,
        percent,
    )


@lru_cache(maxsize=64)
def _stacked_bars(
    labels: tuple[str, ...],
    series: tuple[tuple[RGB, tuple[float, ...]], ...],
    width: int,
    height: int,
    percent: bool,
) -> bytes:
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 84, 20, 30, 50
    plot_h = height - top - bottom
    base = top + plot_h
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    scale_max = 100.0 if percent else max([*totals, 1.0])
    for step in range(0, 5):  # grid lines at 0, 25, 50, 75, 100 %
        fraction = step / 4
        y = base - round(plot_h * fraction)
        draw.rectangle((left, y, width - right - 1, y), fill=GRID)
        tick = f"{round(scale_max * fraction):d}" + ("%" if percent else "")
        _text(draw, left - 8, y, tick, INK, "rm")
    slot = (width - left - right) / max(len(labels), 1)
    bar_w = max(4, int(slot * 0.6))
    for i, label in enumerate(labels):
        x0 = int(left + slot * i + (slot - bar_w) / 2)
        y = base
        total = totals[i] or 1.0
        for colour, values in series:
            value = values[i] / total * 100 if percent else values[i]
            h = round(plot_h * value / scale_max)
            if h > 0:
                draw.rectangle((x0, y - h, x0 + bar_w - 1, y - 1), fill=colour)
            y -= h
        if percent and totals[i]:
            first = series[0][1][i] / totals[i]
            bar_top = base - round(plot_h * first)
            inside = plot_h * first > 30
            _text(
                draw,
                x0 + bar_w / 2,
                bar_top + 6 if inside else bar_top - 6,
                f"{first * 100:.0f}%",
                WHITE if inside else INK,
                "mt" if inside else "mb",
            )
        _text(draw, x0 + bar_w / 2, base + 10, label, INK, "mt")
    draw.rectangle((left, base, width - right - 1, base + 1), fill=INK)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
