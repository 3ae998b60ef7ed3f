"""Chromium draws right-to-left text of the default SVG where matplotlib lays it out (its glyph
outlines, text=path, and its PNG): the words in their order, not turned about."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.test_rtl_text import CHART, CITIES, MIXED, TITLE


@pytest.fixture
def cities(client, data_dir):
    (data_dir / "cities.csv").write_text(CITIES, encoding="utf-8")
    return client


def shot_of(chromium, svg: bytes, path) -> Image.Image:
    """Chromium's drawing of an SVG document, at its size."""
    path.write_bytes(svg)
    chromium.driver.get(path.as_uri())
    return Image.open(io.BytesIO(chromium.screenshot())).convert("L")


def columns_alike(drawn: Image.Image, expected: Image.Image, box) -> float:
    """How alike the ink of two drawings is across `box`, column by column (1: the same)."""
    profiles = [(np.asarray(image.crop(box)) < 128).sum(axis=0).astype(float) for image in (drawn, expected)]
    if not all(profile.std() for profile in profiles):
        return 0.0
    return float(np.corrcoef(*profiles)[0, 1])


def test_chromium_draws_each_right_to_left_text_where_matplotlib_lays_it_out(cities, browser, tmp_path):
    # The reference is the same chart with text as matplotlib's glyph outlines (text=path): the
    # PNG places the legend's entries a few pixels off, as its renderer measures text hinted,
    # for any text.
    outlines = shot_of(browser, cities.get(CHART.format(ext="svg") + "&text=path").data, tmp_path / "outlines.svg")
    png = Image.open(io.BytesIO(cities.get(CHART.format(ext="png")).data)).convert("L")
    texts = shot_of(browser, cities.get(CHART.format(ext="svg")).data, tmp_path / "chart.svg")
    boxes = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('text'), t => {"
        " const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom]; })")

    alike = {}
    for text, left, top, right, bottom in boxes:
        if text in (TITLE, MIXED, "גשם", "תל אביב", "حيفا 2", "ירושלים"):
            alike[text] = columns_alike(texts, outlines, (int(left) - 2, int(top) - 2, int(right) + 3, int(bottom) + 3))
            if text == TITLE:
                alike["PNG's title"] = columns_alike(texts, png, (int(left) - 2, int(top) - 2, int(right) + 3, int(bottom) + 3))
    assert len(alike) == 7, boxes
    # The same glyphs in the same places (rasterised a little differently) are alike above 0.9;
    # the same text in another order not at all (about 0).
    assert min(alike.values()) > 0.8, alike
