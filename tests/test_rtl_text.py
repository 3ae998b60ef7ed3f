"""Right-to-left text in the default SVG: laid out as PNG, PDF and text=path lay it out.

matplotlib's text layout (raqm) takes a line's base direction from its first strongly directional
character; the SVG writer gives those lines `direction="rtl"` (`svg_writer.right_to_left`), each
anchored at the middle of the box matplotlib laid out, which renderers that read no direction place
alike.
"""
from __future__ import annotations

import re
import urllib.parse
import warnings

import pytest
from hypothesis import given, settings
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font, LoadFlags

from plots.svg_writer import CompactWriter, right_to_left
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
    # Marks, digits and symbols of right-to-left blocks newer than Python's Unicode tables: no strong direction.
    "\U00010efa", "\u0897abc", "\U00010d40 abc", "\ufdc8", "\U00010ed0\u05d0",
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


def test_a_right_to_left_title_is_written_right_to_left_anchored_at_its_middle(cities):
    title = texts_of(cities.get(CHART.format(ext="svg")).data)[TITLE]

    # Left-aligned, as matplotlib places a title, but anchored at its middle: an end anchor, the
    # left end of a right-to-left text, CairoSVG and resvg read as the right end, and drew the
    # title off the chart's left edge.
    assert ' direction="rtl"' in title and ' text-anchor="middle"' in title
    assert 0 < float(re.search(r' x="([\d.]+)"', title).group(1)) < 480 / 2  # in the left half of the chart


def test_right_to_left_legend_entries_and_category_labels_are_written_right_to_left(cities):
    texts = texts_of(cities.get(CHART.format(ext="svg")).data)

    assert ' direction="rtl"' in texts[MIXED] and ' text-anchor="middle"' in texts[MIXED]
    assert ' direction="rtl"' in texts["גשם"] and ' text-anchor="middle"' in texts["גשם"]
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
