"""Every text colour the stylesheet declares is readable on its background (WCAG 2.1 AA: 4.5:1
for text, 3:1 for the chart bars that carry no text), computed from app.css and the status
module, so a new colour that fails is caught here rather than by a reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parsipas.reporting import statuses

CSS = (Path(__file__).parents[1] / "static" / "front" / "app.css").read_text()
VARIABLES = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})", CSS))


def luminance(colour: str) -> float:
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolve(value: str) -> str:
    value = value.strip()
    if value.startswith("var(--"):
        return VARIABLES[value[6:-1]]
    return value


def rule(selector: str) -> dict[str, str]:
    """The colour and background of one selector as declared in app.css."""
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert match, f"{selector} is not in app.css"
    declarations = dict(
        (name.strip(), value.strip())
        for name, value in re.findall(r"([a-z-]+)\s*:\s*([^;]+);?", match.group(1))
    )
    return {k: resolve(v.replace("!important", "")) for k, v in declarations.items()}


def test_the_contrast_formula_gives_the_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("tone", ["ok", "warn", "danger", "info", "muted"])
def test_every_status_chip_is_readable(tone):
    chip = rule(f".chip-{tone}")
    assert contrast(chip["color"], chip["background"]) >= 4.5, chip


def test_every_status_of_the_vocabulary_has_a_readable_chip_and_a_visible_bar():
    for status in statuses.STATUSES:
        chip = rule(f".chip-{status.tone}")
        assert contrast(chip["color"], chip["background"]) >= 4.5, status.key
        assert contrast(status.colour, "#ffffff") >= 3, status.key  # a bar on a white chart
        assert contrast("#" + status.fill, "#000000") >= 4.5, status.key  # Excel text on fill


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("ink", "bg"),
        ("ink", "card"),
        ("muted", "bg"),
        ("muted", "card"),
        ("link", "card"),
        ("link", "bg"),
        ("danger", "card"),  # error lists
    ],
)
def test_body_text_colours_are_readable(text, background):
    assert contrast(VARIABLES[text], VARIABLES[background]) >= 4.5


def test_white_on_the_top_bar_and_buttons_and_the_badge_are_readable():
    assert contrast("#ffffff", VARIABLES["brand"]) >= 4.5
    button = rule(".button.danger, button.danger")
    assert contrast("#ffffff", button["background"]) >= 4.5
    assert contrast("#ffffff", VARIABLES["link"]) >= 4.5
    badge = rule(".badge")
    assert contrast(badge["color"], badge["background"]) >= 4.5


DASHBOARDS_CSS = (
    Path(__file__).parents[2] / "dashboards" / "static" / "dashboards" / "dashboards.css"
).read_text()


def test_the_dashboards_status_bars_use_the_vocabulary_colours():
    """The desk's chips, the dashboards' bars and heat map, the charts and Word agree on colours."""
    declared = dict(
        re.findall(r"\.st-([a-z_]+)\s*\{\s*background:\s*(#[0-9a-fA-F]{6})", DASHBOARDS_CSS)
    )
    for status in statuses.STATUSES:
        assert declared[status.key].lower() == status.colour.lower(), status.key


@pytest.mark.parametrize("light", ["green", "amber", "red", "grey"])
def test_the_traffic_light_chips_are_readable(light):
    match = re.search(rf"\.light-{light}\s*\{{([^}}]*)\}}", DASHBOARDS_CSS)
    assert match
    values = dict(re.findall(r"([a-z-]+)\s*:\s*([^;]+);", match.group(1)))
    assert contrast(resolve(values["color"]), resolve(values["background"])) >= 4.5
