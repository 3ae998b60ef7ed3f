"""A chart whose values all lie beyond its y bounds says so over its plot however narrow: where not
even "All below" fits (a chart 100 pixels wide keeps a plot of some 15 points beside its y tick
labels), an arrow points where the values lie, and the alt text says it in full."""
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
BOUNDS = {"below": {"ymin": ["100"]}, "above": {"ymax": ["-5"]}, "both": {"ymin": ["3.5"], "ymax": ["3.7"]}}
ARROWS = {"below": "\u2193", "above": "\u2191", "both": "\u2195"}


def drawn_notes(kind: str, bounds: dict, width: int, dpi: int):
    """The texts drawn over the chart's plot, its note's forms, the plot's extent in device pixels
    and the renderer that drew them."""
    fields = {"x": ["year"], "kind": [kind], **bounds, "width": [str(width)], "height": ["150"]}
    spec = parse_spec(fields, {"year": "float", "value": "float"})
    data = chart_frame(spec, FRAME)
    forms = plot_note(spec, data).forms
    fig = build_figure(spec, data, dpi=dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    plot = fig.axes[0].get_window_extent(renderer)
    def centre(text: Text) -> tuple[float, float]:
        extent = text.get_window_extent(renderer)
        return (extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2

    inside = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text() and plot.contains(*centre(t))]
    return inside, forms, plot, renderer


@pytest.mark.parametrize("dpi", [72, 96, 192])
@pytest.mark.parametrize("width", [100, 110])
# Only a scatter's points lie on both sides with none between: a line or area from below ymin to
# above ymax crosses the plot.
@pytest.mark.parametrize(("kind", "side"), [(kind, side) for kind in ("line", "area", "scatter")
                                            for side in ("below", "above")] + [("scatter", "both")])
def test_a_narrow_plot_of_values_beyond_the_bounds_shows_an_arrow_where_they_lie(kind, side, width, dpi):
    texts, forms, plot, renderer = drawn_notes(kind, BOUNDS[side], width, dpi)
    assert forms[-1] == ARROWS[side], forms
    assert [t.get_text() for t in texts] == [ARROWS[side]]
    note = texts[0]
    assert note.get_fontsize() >= TICK_SIZE
    extent = note.get_window_extent(renderer)
    assert plot.x0 - 0.5 <= extent.x0 and extent.x1 <= plot.x1 + 0.5, (extent, plot)


def test_a_plot_with_room_for_words_says_them_rather_than_the_arrow():
    for width in (160, 300):
        texts, forms, _, _ = drawn_notes("line", BOUNDS["below"], width, 72)
        written = [" ".join(t.get_text().split()) for t in texts]
        assert len(written) == 1 and written[0] in forms[:-1], written


def test_a_100_pixel_chart_of_values_below_ymin_draws_the_arrow_and_says_it_in_its_alt_text(client):
    svg = client.get("/plot/weather.svg?y=temperature_c&width=100&height=100&ymin=1000").data
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "\u2193" in texts, texts
    assert root.find(f"{SVG}desc").text.endswith("All values lie below ymin 1000.")
