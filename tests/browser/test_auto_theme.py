"""theme=auto in real Chromium: one URL, the light palette in a light colour scheme and the dark one
in a dark colour scheme (emulated with CDP, as a reader's system setting would)."""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from flask import Flask
from PIL import Image, ImageChops

from plots.style import THEMES
from shots import LiveServer
from tests.browser.waits import until

URL = "/plot/animals.svg?y=Bear&theme=auto"
EMBED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Someone's README</title><link rel="icon" href="data:,">
<style>body {{ margin: 0; background: #808080; }}</style></head>
<body><img src="{src}" width="640" height="360" alt="Bears"></body></html>"""


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


@contextmanager
def colour_scheme(driver, scheme: str) -> Iterator[None]:
    """Emulate `prefers-color-scheme: <scheme>`; back to the browser's own afterwards."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


# Whether the document has loaded with every image drawn (`complete` is true for a broken image too).
DRAWN_JS = ("return document.readyState === 'complete' && "
            "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")


def shot(browser, url: str, scheme: str) -> Image.Image:
    with colour_scheme(browser.driver, scheme):
        browser.driver.get(url)
        # A loaded machine may hand the page over before its image is laid out (a 1-pixel screenshot).
        until(lambda: browser.driver.execute_script(DRAWN_JS), what="the page loaded with every image drawn")
        return Image.open(io.BytesIO(browser.screenshot())).convert("RGB")


def pixels_of(image: Image.Image, colour: tuple[int, int, int]) -> list[tuple[int, int]]:
    width, height = image.size
    data = image.load()
    return [(x, y) for y in range(min(height, 400)) for x in range(min(width, 700)) if data[x, y] == colour]


def test_one_auto_url_shows_the_light_palette_in_light_and_the_dark_palette_in_dark(browser, live_site):
    light_theme, dark_theme = THEMES["light"], THEMES["dark"]
    light = shot(browser, live_site.url + URL, "light")
    dark = shot(browser, live_site.url + URL, "dark")

    assert light.getpixel((4, 4)) == _rgb(light_theme.background)
    assert dark.getpixel((4, 4)) == _rgb(dark_theme.background)
    # The line: every pixel it covers fully in the light scheme has the dark line colour in the dark one.
    line = pixels_of(light, _rgb(light_theme.palette[0]))
    assert len(line) > 50, "the line was not drawn in the light palette"
    assert all(dark.getpixel(point) == _rgb(dark_theme.palette[0]) for point in line)
    assert pixels_of(light, _rgb(dark_theme.palette[0])) == []


def test_a_dense_scatters_points_take_the_dark_palette_as_its_legend_does(browser, live_site):
    # More than 5,000 points: drawn as a raster layer inside the SVG.
    url = live_site.url + "/plot/weather.svg?kind=scatter&x=temperature_c&y=humidity_pct"
    browser.driver.get_log("browser")  # earlier pages' messages
    auto = shot(browser, url + "&theme=auto", "dark")
    dark = shot(browser, url + "&theme=dark", "dark")

    # The layer's images are data: URLs inside the SVG, which the chart's own policy must let load.
    refused = [entry["message"] for entry in browser.driver.get_log("browser") if "Content Security Policy" in entry["message"]]
    assert refused == []

    near_palette = np.abs(np.asarray(dark, dtype=int) - _rgb(THEMES["dark"].palette[0])).max(axis=2) <= 8
    assert near_palette.sum() > 1000, "the dense points were not drawn"
    difference = np.asarray(ImageChops.difference(auto, dark)).max(axis=2)
    assert (difference > 8).mean() < 0.001, f"{(difference > 8).mean():.1%} of the pixels differ from theme=dark"


@pytest.fixture(scope="module")
def embedding_page(live_site) -> Iterator[str]:
    """A page of another site (another origin) that embeds the auto chart as an <img>."""
    other = Flask("readme")
    other.get("/")(lambda: EMBED.format(src=live_site.url + URL))
    with LiveServer(other) as server:
        yield server.url + "/"


def test_an_auto_chart_embedded_by_another_site_follows_the_readers_scheme(browser, embedding_page):
    for scheme in ("dark", "light"):
        image = shot(browser, embedding_page, scheme)
        assert image.getpixel((4, 4)) == _rgb(THEMES[scheme].background), scheme
        assert image.getpixel((700, 4)) == (128, 128, 128)  # the page itself beside the image


def test_a_dashboard_with_theme_auto_shows_dark_charts_to_a_reader_who_prefers_dark(browser, live_site):
    driver = browser.driver
    corner = "var r = document.images[0].getBoundingClientRect(); return [r.left + 4, r.top + 4];"
    for scheme in ("dark", "light"):
        with colour_scheme(driver, scheme):
            driver.get(live_site.url + "/d/stations")
            x, y = driver.execute_script(corner)
            image = Image.open(io.BytesIO(browser.screenshot())).convert("RGB")
        assert image.getpixel((round(x), round(y))) == _rgb(THEMES[scheme].background), scheme
