"""Right-to-left text in the default SVG: laid out as PNG, PDF and text=path lay it out.

matplotlib's text layout (raqm) takes a line's base direction from its first strongly directional
character; the SVG writer gives those lines `direction="rtl"` (`svg_writer.right_to_left`), with
their anchor turned so that each keeps the box matplotlib laid out.
"""
from __future__ import annotations

import io
import re
import urllib.parse
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font, LoadFlags
from PIL import Image

from plots.svg_writer import CompactWriter, right_to_left
from tests.browser.conftest import browser  # noqa: F401  (the session's Chromium)
from tests.conftest import storable_text

TITLE = "درجة الحرارة 2024 (°C)"
MIXED = "שלום עולם abc مرحبا 1 2"
# A dataset whose category column, series names and values are in right-to-left scripts.
CITIES = f"עיר,{MIXED},גשם\nתל אביב,3,5\nحيفا 2,4,6\nירושלים,5,2\n"
# Where a bar chart of it draws each text: the title (left), tick labels (centred), legend (left).
CHART = "/plot/cities.{ext}?kind=bar&x=עיר&y=" + urllib.parse.quote(MIXED) + "&y=גשם&title=" + urllib.parse.quote(TITLE)

_FONT = FT2Font(font_manager.findfont("DejaVu Sans"))


def laid_out_right_to_left(text: str) -> bool:
    """Whether matplotlib's own text layout lays `text` out right to left: a segment separator
    (U+001F, which drawn text never holds) after it goes to the end of the line's base direction,
    the far left of a right-to-left line."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs DejaVu Sans lacks
        glyphs = list(_FONT._layout(text + "\x1f", LoadFlags.NO_HINTING))
    return glyphs[0].char == "\x1f"


@pytest.mark.parametrize("text", [
    TITLE, MIXED, "abc שלום", "1 2 שלום abc", "(°C) 2024 درجة", "2024 (°C)", "2024", "Bear", "Ελλάδα",
    "\u200fabc", "\u200eשלום", "\u061cabc", "ދިވެހި", "ܐܪܡܝܐ", "ߒߞߏ", "\t\u05d0", "…", "\u0590abc",
])
def test_right_to_left_is_the_direction_matplotlib_lays_the_text_out_in(text):
    assert right_to_left(text) == laid_out_right_to_left(text)


@settings(max_examples=300, deadline=None)
@given(storable_text(min_size=1, max_size=12).map(lambda text: re.sub("[\r\n]", "", text)).filter(bool))
def test_right_to_left_agrees_with_matplotlib_on_any_line_of_text(text):
    assert right_to_left(text) == laid_out_right_to_left(text)


@pytest.fixture
def cities(client, data_dir):
    (data_dir / "cities.csv").write_text(CITIES, encoding="utf-8")
    return client


def texts_of(svg: bytes) -> dict[str, str]:
    """Each `<text>` element of a chart by what it says."""
    return {m.group(2): m.group(1) for m in re.finditer(r"<text([^>]*)>([^<]*)</text>", svg.decode())}


def test_a_right_to_left_title_is_written_right_to_left_anchored_at_its_left_end(cities):
    title = texts_of(cities.get(CHART.format(ext="svg")).data)[TITLE]

    # Left-aligned, as matplotlib places a title: a right-to-left text ends at its left.
    assert ' direction="rtl"' in title and ' text-anchor="end"' in title


def test_right_to_left_legend_entries_and_category_labels_are_written_right_to_left(cities):
    texts = texts_of(cities.get(CHART.format(ext="svg")).data)

    assert ' direction="rtl"' in texts[MIXED] and ' text-anchor="end"' in texts[MIXED]
    assert ' direction="rtl"' in texts["גשם"]
    for label in ("תל אביב", "حيفا 2", "ירושלים"):
        assert ' direction="rtl"' in texts[label] and ' text-anchor="middle"' in texts[label]


def test_left_to_right_text_carries_no_direction(cities):
    svg = cities.get("/plot/animals.svg?y=Bear&title=" + urllib.parse.quote("(°C) 2024 درجة")).data

    assert b"direction" not in svg
    assert "(°C) 2024 درجة" in texts_of(svg)


@pytest.mark.parametrize(("style", "anchor"), [
    ("font-size: 10px", "end"), ("font-size: 10px; text-anchor: end", None), ("text-anchor: middle", "middle")])
def test_text_matplotlib_writes_itself_is_turned_too(style, anchor):
    # Text drawn by matplotlib's own SVG code (clipped, or turned about its corner) reaches the
    # writer through `element`, placed by its left end unless anchored otherwise.
    writer = CompactWriter()
    writer.element("text", "שלום", {"style": style, "transform": "translate(10 20)"})
    written = "".join(writer.lines)

    assert ' direction="rtl"' in written
    assert (f' text-anchor="{anchor}"' in written) if anchor else "text-anchor" not in written


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


def test_chromium_draws_each_right_to_left_text_where_matplotlib_lays_it_out(cities, browser, tmp_path):  # noqa: F811
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
