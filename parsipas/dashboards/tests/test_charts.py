"""The Word report's charts: PNG images drawn with a TrueType font that writes Vietnamese."""

from __future__ import annotations

import io

from PIL import Image

from parsipas.dashboards import charts

GREEN, GREY = (46, 125, 50), (158, 158, 158)


def _ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many dark pixels (text) there are in `box`."""
    region = image.crop(box).convert("L")
    histogram = region.histogram()  # 256 counts, one per grey level
    return sum(histogram[:100])


def test_a_bar_chart_is_a_png_of_the_asked_size() -> None:
    png = charts.stacked_bars(["1", "2"], [(GREEN, [3, 1]), (GREY, [1, 3])], width=600)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (600, 560)
    assert image.getpixel((84 + 60, 500)) == GREEN  # the first bar starts green at the bottom


def test_vietnamese_labels_are_drawn_with_their_marks() -> None:
    def label_ink(label: str) -> int:
        png = charts.stacked_bars([label], [(GREEN, [1])], width=300)
        return _ink(Image.open(io.BytesIO(png)), (84, 515, 280, 560))

    # "Năm" carries a breve that "Nam" lacks: more ink, and both are drawn at all
    assert label_ink("Nam") > 0
    assert label_ink("Năm") > label_ink("Nam")
