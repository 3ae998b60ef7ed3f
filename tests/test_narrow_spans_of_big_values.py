"""Values close together far from zero (1e15 to 1e15+27): every kind's axis fits them, as a line's does."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec
from tests.conftest import CSV_WRITE, writable_app

SVG = "{http://www.w3.org/2000/svg}"
# Both columns 1e15, 1e15+3, … 1e15+27: a span matplotlib would widen to 1e15-1000 to 1e15+1000.
CSV = "x,v\n" + "".join(f"{1e15 + 3 * i!r},{1e15 + 3 * i!r}\n" for i in range(10))


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


@pytest.fixture
def big(client):
    """Upload the dataset `big` of CSV."""
    assert client.post("/api/datasets?name=big", data=CSV, headers=CSV_WRITE).status_code == 201
    return client


def tick_labels(client, query: str, axis: str) -> list[float]:
    """The numbers of `axis`' tick labels ("x": under the plot, "y": left of it) of big's chart,
    checking that they are counted from the offset +1e15."""
    response = client.get(f"/plot/big.svg?{query}")
    assert response.status_code == 200, response.data[:400]
    texts = list(ET.fromstring(response.data).iter(f"{SVG}text"))
    assert "+1e15" in [t.text for t in texts]
    anchor = "end" if axis == "y" else "middle"
    return [float(t.text.replace("\u2212", "-")) for t in texts
            if t.get("text-anchor") == anchor and t.get("font-size") == "9"
            and re.fullmatch(r"\u2212?\d+(\.\d+)?", t.text or "")]


@pytest.mark.parametrize("query, axis", [
    ("kind=scatter", "x"),
    ("kind=scatter", "y"),
    ("kind=box", "y"),
    ("y=v&kind=hist", "x"),
])
def test_values_close_together_near_1e15_fill_the_axis(big, query, axis):
    ticks = tick_labels(big, query, axis)
    # Ticks 0 to 25 over the data, not -1000 to 1000 with the data a dot in the middle.
    assert ticks == [0, 5, 10, 15, 20, 25]


def test_histogram_axis_near_1e15_runs_from_xmin_to_xmax(big):
    # 3000 apart, past the least span a plot draws right there (2000; 30 apart drew its ticks 1 pt
    # from their places, and 7 pt on a chart 2000 px wide).
    ticks = tick_labels(big, "y=v&kind=hist&xmin=1e15&xmax=1000000000003000", "x")
    assert ticks == [0, 500, 1000, 1500, 2000, 2500, 3000]


@pytest.mark.parametrize("bounds, limits", [
    ({"xmin": ["0"], "xmax": ["10"]}, (0.0, 10.0)),
    ({"xmin": ["2"]}, (2.0, 9.35)),  # the free end fitted to the values, with its margin
])
def test_histogram_axis_runs_from_its_x_bounds(bounds, limits):
    # As xmin and xmax bound the x axis of a line or scatter plot: the bins fill it.
    spec = parse_spec({"kind": ["hist"], "y": ["v"], **bounds}, {"v": "float"})
    frame = pd.DataFrame({"v": [1.5, 2.0, 3.0, 4.0, 5.0, 9.0]})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    assert ax.get_xlim() == pytest.approx(limits)


@pytest.mark.parametrize("query", [{}, {"bins": ["200"]}, {"xmin": ["9007199254740992"], "xmax": ["9007199254741000"]}])
def test_a_histogram_of_values_closer_than_its_bins_a_double_tells_apart_draws_every_value(query):
    # 2**53 + 1, + 3, + 7 and + 9 are held as 2**53, + 4, + 8 and + 8, where a double's step is 2:
    # twenty equal parts of that range had edges no double tells apart, and the last bin, 0 wide,
    # held the two largest values, its bar drawn as nothing, while the y axis ran to its count.
    spec = parse_spec({"kind": ["hist"], "y": ["v"], **query}, {"v": "integer"})
    frame = pd.DataFrame({"v": [2**53 + 1, 2**53 + 3, 2**53 + 7, 2**53 + 9]})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    bars = [bar for bar in ax.patches if bar.get_height() > 0]
    assert [bar.get_height() for bar in bars] == [1, 1, 2]
    assert all(bar.get_width() > 0 for bar in bars)
