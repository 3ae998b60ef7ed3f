"""theme=auto: the light chart, plus a style that repaints it in the dark theme's colours for
readers who prefer a dark colour scheme."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from plots import ChartSpec, render_svg
from plots.auto_theme import colour_pairs, follow_colour_scheme
from plots.style import THEMES

FRAME = pd.DataFrame({"year": [2019, 2020, 2021], "Bear": [3, 5, 4], "Wolf": [1, 2, 2]})
STYLE = re.compile(rb"<style>@media \(prefers-color-scheme: dark\)\{(.*?)\}</style>")


def test_an_auto_svg_is_the_light_svg_with_one_style_added(client):
    light = client.get("/d/animals/all.svg?theme=light").data
    auto = client.get("/d/animals/all.svg?theme=auto").data
    style = STYLE.search(auto)
    assert style is not None
    assert auto.replace(style.group(0), b"") == light
    # Right after the accessible title and description.
    assert b"</desc>" + style.group(0) in auto


def test_each_light_colour_drawn_is_repainted_with_its_dark_counterpart():
    svg = render_svg(ChartSpec(x="year", y=("Bear", "Wolf"), theme="auto"), FRAME)
    found = re.findall(rb'\[(fill|stroke)="(#[0-9a-f]{3}|#[0-9a-f]{6})"\]\{[a-z]+:(#[0-9a-f]{6})\}',
                       STYLE.search(svg).group(1))
    rules = {(prop.decode(), _long(colour.decode())): dark.decode() for prop, colour, dark in found}
    light, dark = THEMES["light"], THEMES["dark"]
    assert rules[("fill", light.background)] == dark.background
    assert rules[("fill", light.foreground)] == dark.foreground
    assert rules[("stroke", light.grid)] == dark.grid
    assert rules[("stroke", light.palette[0])] == dark.palette[0]
    assert rules[("stroke", light.palette[1])] == dark.palette[1]
    # Only colours the chart uses: two series, so no third palette colour.
    assert not any(colour == light.palette[2] for _, colour in rules)


def _long(colour: str) -> str:
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def test_every_light_theme_colour_has_a_different_dark_counterpart():
    pairs = colour_pairs(THEMES["light"], THEMES["dark"])
    assert len(pairs) == 4 + len(THEMES["light"].palette)
    assert all(light != dark for light, dark in pairs.items())


def test_the_same_chart_gives_the_same_bytes():
    spec = ChartSpec(x="year", y=("Bear",), theme="auto")
    assert render_svg(spec, FRAME) == render_svg(spec, FRAME)


def test_text_that_looks_like_a_style_is_neither_repainted_nor_counted():
    unused = THEMES["light"].palette[8]
    title = f'a style="fill: {unused}" b'
    svg = render_svg(ChartSpec(x="year", y=("Bear",), theme="auto", title=title), FRAME)
    assert f"fill: {unused}".encode() not in STYLE.search(svg).group(1)
    assert f"a style=\"fill: {unused}\" b".encode() in svg  # the title drawn as written


def test_an_svg_without_matplotlibs_style_gets_the_style_first_in_the_root():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><path style="fill: #ffffff"/></svg>'
    assert follow_colour_scheme(svg) == (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@media '
                                         b'(prefers-color-scheme: dark){[style*="fill: #ffffff"]{fill:#16181d'
                                         b'!important}}</style><path style="fill: #ffffff"/></svg>')


def test_png_and_other_formats_draw_auto_as_light(client):
    assert client.get("/d/animals/all.png?theme=auto").data == client.get("/d/animals/all.png?theme=light").data


def test_auto_is_a_theme_the_chart_form_offers(client):
    page = client.get("/d/animals/all?theme=auto").get_data(as_text=True)
    assert '<option value="auto" selected>auto</option>' in page


def _colour_layers(svg: bytes) -> list[tuple[bytes, str]]:
    """A dense scatter's layers in the SVG: each mask's image data and the fill of the rect under it."""
    masks = dict(re.findall(rb'<mask id="([^"]+)">\n<image [^>]*xlink:href="([^"]+)"/>\n</mask>', svg))
    return [(masks[mask], fill.decode()) for fill, mask in re.findall(rb'<rect [^>]*fill="([^"]+)" mask="url\(#([^)]+)\)"/>', svg)]


def test_a_dense_scatters_points_are_repainted_to_what_theme_dark_draws():
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"t": rng.normal(size=6000), "Bear": rng.normal(size=6000), "Wolf": rng.normal(1, 1, 6000)})
    auto = render_svg(ChartSpec(kind="scatter", x="t", y=("Bear", "Wolf"), theme="auto"), frame)
    dark = render_svg(ChartSpec(kind="scatter", x="t", y=("Bear", "Wolf"), theme="dark"), frame)
    rules = dict(re.findall(rb'\[fill="(#[0-9a-f]{3}|#[0-9a-f]{6})"\]\{fill:(#[0-9a-f]{6})\}', STYLE.search(auto).group(1)))
    layers = _colour_layers(auto)
    # One layer per series in its light colour, each repainted to the dark one over the same opacities.
    assert [fill for _, fill in layers] == list(THEMES["light"].palette[:2])
    assert [(data, rules[fill.encode()].decode()) for data, fill in layers] == _colour_layers(dark)
    # No image with colours of its own, which no style could repaint.
    assert auto.count(b"<image ") == len(layers)
