"""Simple bar charts as PNG images for the Word report, drawn in pure Python (zlib + struct).

No plotting library: the charts are coloured bars with a 5×7 pixel font for digits, '%' and the
few letters the axis labels need; the Vietnamese captions are written in the document itself.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (31, 41, 51)
GRID: RGB = (217, 222, 229)

# 5×7 glyphs, one string of 5 bits per row.
_FONT: dict[str, tuple[str, ...]] = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11110", "00001", "00001", "01110", "00001", "00001", "11110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
    "%": ("11001", "11010", "00010", "00100", "01000", "01011", "10011"),
    ".": ("00000", "00000", "00000", "00000", "00000", "01100", "01100"),
    ",": ("00000", "00000", "00000", "00000", "01100", "00100", "01000"),
    " ": ("00000",) * 7,
    "-": ("00000", "00000", "00000", "11111", "00000", "00000", "00000"),
    "A": ("01110", "10001", "10001", "11111", "10001", "10001", "10001"),
    "I": ("01110", "00100", "00100", "00100", "00100", "00100", "01110"),
    "M": ("10001", "11011", "10101", "10101", "10001", "10001", "10001"),
    "N": ("10001", "11001", "10101", "10011", "10001", "10001", "10001"),
    "P": ("11110", "10001", "10001", "11110", "10000", "10000", "10000"),
    "Q": ("01110", "10001", "10001", "10001", "10101", "10010", "01101"),
    "S": ("01111", "10000", "10000", "01110", "00001", "00001", "11110"),
    "Y": ("10001", "10001", "01010", "00100", "00100", "00100", "00100"),
}


class Canvas:
    def __init__(self, width: int, height: int, background: RGB = WHITE) -> None:
        self.width, self.height = width, height
        self.pixels = [bytearray(bytes(background) * width) for _ in range(height)]

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour: RGB) -> None:
        x0, x1 = max(0, min(x0, x1)), min(self.width, max(x0, x1))
        y0, y1 = max(0, min(y0, y1)), min(self.height, max(y0, y1))
        row = bytes(colour) * (x1 - x0)
        for y in range(y0, y1):
            self.pixels[y][3 * x0 : 3 * x1] = row

    def text(self, x: int, y: int, text: str, colour: RGB = INK, scale: int = 2) -> int:
        """Draw `text` with its top-left corner at (x, y); unknown characters are skipped.
        Returns the width drawn."""
        start = x
        for char in text.upper():
            glyph = _FONT.get(char)
            if glyph is None:
                continue
            for row, bits in enumerate(glyph):
                for col, bit in enumerate(bits):
                    if bit == "1":
                        self.rect(
                            x + col * scale,
                            y + row * scale,
                            x + (col + 1) * scale,
                            y + (row + 1) * scale,
                            colour,
                        )
            x += 6 * scale
        return x - start

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.pixels)

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def text_width(text: str, scale: int = 2) -> int:
    return sum(6 * scale for c in text.upper() if c in _FONT)


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[tuple[RGB, Sequence[float]]],
    width: int = 1200,
    height: int = 560,
    percent: bool = True,
) -> bytes:
    """Vertical stacked bars, one per label; each series is (colour, values). With `percent`, each
    bar is scaled to 100 % and the bottom series' share is written on top of the bar."""
    canvas = Canvas(width, height)
    left, right, top, bottom = 70, 20, 30, 50
    plot_h = height - top - bottom
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    scale_max = 100.0 if percent else max([*totals, 1.0])
    for step in range(0, 5):  # grid lines at 0, 25, 50, 75, 100 %
        fraction = step / 4
        y = top + plot_h - round(plot_h * fraction)
        canvas.rect(left, y, width - right, y + 1, GRID)
        tick = f"{round(scale_max * fraction):d}" + ("%" if percent else "")
        canvas.text(left - 8 - text_width(tick), y - 7, tick)
    n = max(len(labels), 1)
    slot = (width - left - right) / n
    bar_w = max(4, int(slot * 0.6))
    for i, label in enumerate(labels):
        x0 = int(left + slot * i + (slot - bar_w) / 2)
        y = top + plot_h
        total = totals[i] or 1.0
        for colour, values in series:
            value = values[i] / total * 100 if percent else values[i]
            h = round(plot_h * value / scale_max)
            canvas.rect(x0, y - h, x0 + bar_w, y, colour)
            y -= h
        if percent and totals[i]:
            first = series[0][1][i] / totals[i]
            share = f"{first * 100:.0f}%"
            bar_top = top + plot_h - round(plot_h * first)
            inside = plot_h * first > 26
            canvas.text(
                x0 + (bar_w - text_width(share)) // 2,
                bar_top + 6 if inside else bar_top - 18,
                share,
                WHITE if inside else INK,
            )
        canvas.text(int(x0 + (bar_w - text_width(label)) / 2), top + plot_h + 12, label)
    canvas.rect(left, top + plot_h, width - right, top + plot_h + 2, INK)
    return canvas.png()
