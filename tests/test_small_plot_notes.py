"""The note over an empty plot ("No rows in this range", "All values lie below ymin 100") stays
inside the plot on the smallest charts: smaller, wrapped between words, then shortened, and left
out where not even its shortest form fits, never drawn over the tick labels beside the plot."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from plots import build_figure, chart_frame, parse_spec
from plots.plot_notes import plot_note
from plots.ticks import TICK_SIZE

SVG = "{http://www.w3.org/2000/svg}"
FRAME = pd.DataFrame({"year": np.arange(2000.0, 2010), "value": np.arange(10.0)})
SIZES = [(100, 100), (110, 100), (120, 120), (100, 300), (160, 100), (300, 100)]
# dpi 72: an SVG's points; 96 and 192: a PNG's pixels at scale 1 and 2.
DPIS = [72, 96, 192]
EMPTY = {"xmin": ["3000"]}  # no rows: the plot has no ticks
HISTOGRAM_OF_NONE = {"kind": ["hist"], "xmin": ["3000"]}  # every value below its bins: none counted
BELOW_YMIN = {"ymin": ["100"]}  # every value below the plot, whose y tick labels stand beside it


def drawn_note(fields: dict, width: int, height: int, dpi: int):
    """The chart's note as drawn (None for none), its extent and the plot's, in device pixels."""
    fields = {**({} if fields.get("kind") == ["hist"] else {"x": ["year"]}), **fields,
              "width": [str(width)], "height": [str(height)]}
    spec = parse_spec(fields, {"year": "float", "value": "float"})
    data = chart_frame(spec, FRAME)
    forms = plot_note(spec, data).forms
    assert forms, "the chart has a note to show"
    fig = build_figure(spec, data, dpi=dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    notes = [t for t in fig.findobj(Text) if t.get_text() and " ".join(t.get_text().split()) in forms]
    assert len(notes) <= 1, [t.get_text() for t in notes]
    plot = fig.axes[0].get_window_extent(renderer)
    return (notes[0] if notes else None), (notes[0].get_window_extent(renderer) if notes else None), plot


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("fields", [EMPTY, HISTOGRAM_OF_NONE, BELOW_YMIN], ids=["empty", "hist", "below-ymin"])
def test_the_note_over_an_empty_plot_stays_inside_the_plot(fields, width, height, dpi):
    note, extent, plot = drawn_note(fields, width, height, dpi)
    if note is None:
        return  # left out: the plot has no room even for its shortest form (the alt text says it)
    assert note.get_fontsize() >= TICK_SIZE, note.get_fontsize()
    assert plot.x0 - 0.5 <= extent.x0 and extent.x1 <= plot.x1 + 0.5, (note.get_text(), extent, plot)
    assert plot.y0 - 0.5 <= extent.y0 and extent.y1 <= plot.y1 + 0.5, (note.get_text(), extent, plot)


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("fields", [EMPTY, HISTOGRAM_OF_NONE], ids=["empty", "hist"])
def test_a_small_empty_plot_still_says_why_it_is_empty(fields, width, height, dpi):
    # Its plot, without ticks, holds at least "No rows", or the arrow pointing where a histogram's
    # values lie: the note is shortened, not left out.
    note, _, _ = drawn_note(fields, width, height, dpi)
    assert note is not None
    said = ("No rows in this range", "No rows") if fields is EMPTY else (
        "All 10 values lie below xmin 3000", "All below xmin", "All below", "\N{LEFTWARDS ARROW}")
    assert " ".join(note.get_text().split()) in said


@pytest.mark.parametrize("dpi", DPIS)
def test_a_short_plot_beside_its_ticks_says_where_the_values_lie_in_fewer_words(dpi):
    # 170 wide: its y axis labels two ticks ("100.0", "107.5"), which take more room beside the plot than "100" alone.
    note, _, _ = drawn_note(BELOW_YMIN, 170, 100, dpi)
    assert note is not None and note.get_text() == "All below"


def test_a_note_that_fits_is_drawn_whole_at_its_size():
    note, _, _ = drawn_note(BELOW_YMIN, 640, 360, 72)
    assert (note.get_text(), note.get_fontsize()) == ("All values lie below ymin 100", 11.0)


def test_a_tiny_chart_of_no_rows_says_so_in_its_plot_and_in_full_in_its_alt_text(client):
    svg = client.get("/plot/weather.svg?y=temperature_c&width=100&height=100&xmin=2100-01-01").data
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "No" in texts and "rows" in texts, texts
    assert all(float(t.get("font-size")) >= TICK_SIZE for t in root.iter(f"{SVG}text")), svg[:400]
    assert root.find(f"{SVG}desc").text.endswith("No rows in this range.")
