"""Whole-number x bounds closer together than doubles draw right far from zero (1e15 to 1e15+30) are
taken, as ids past 2**53 are chosen by them, and drawn counted from xmin, in place: matplotlib drew
them as they are, the axis and bars 7 pt from the plot's edges on a chart 2000 px wide. Whole-number
y bounds choose no rows, and are held to the least span as other numbers are."""
from __future__ import annotations

import re

import pytest

from tests.conftest import created, refusal, writable_app
from tests.test_bounds_too_close import HALF_A_PIXEL, RULE, _plot_and_spines
from tests.test_chart_truth import svg_texts

# (xmin, xmax): a span of 30 at 1e15 drew the axis 7 pt off, of 2000 at 1e18 60 pt, of 1 at 1e12 0.25 pt.
BOUNDS = [(10**15, 10**15 + 30), (10**18, 10**18 + 2000), (-10**15 - 30, -10**15), (10**12, 10**12 + 1)]
LARGEST = "&width=2000&height=2000"


@pytest.fixture(scope="module")
def ids(tmp_path_factory):
    """A client of a site with a dataset `ids_<n>` for each of BOUNDS: seven ids from its xmin to its
    xmax, and a value each. The tests only read them; each draws its chart anew (no render cache), in
    this process, so that a warning matplotlib or numpy gives is seen by the test that drew it."""
    app = writable_app(tmp_path_factory.mktemp("ids"), RENDER_WORKERS=0, RENDER_CACHE_BYTES=0)
    client = app.test_client()
    for n, (low, high) in enumerate(BOUNDS):
        created(client, f"ids_{n}", "id,v\n" + "".join(f"{low + (high - low) * i // 6},{i % 3}\n" for i in range(7)))
    yield client
    app.extensions["svgplots"].store.close()


def svg_of(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_data(as_text=True)


def x_spine_off(svg: str) -> float:
    """How far the x axis' spine ends from the plot's left and right edges, the farther (pt)."""
    (left, _, width, _), spines = _plot_and_spines(svg)
    start, end = (float(v) for v in re.search(r"M([0-9.]+) [0-9.]+H([0-9.]+)", spines).groups())
    return max(abs(start - left), abs(end - (left + width)))


@pytest.mark.parametrize("n", range(len(BOUNDS)))
@pytest.mark.parametrize("kind", ["line", "scatter", "hist"])
def test_whole_number_x_bounds_a_hair_apart_are_drawn_in_place_on_the_largest_chart(ids, kind, n):
    low, high = BOUNDS[n]
    query = "y=id" if kind == "hist" else "x=id&y=v"
    svg = svg_of(ids, f"/plot/ids_{n}.svg?kind={kind}&{query}&xmin={low}&xmax={high}{LARGEST}")
    assert x_spine_off(svg) < HALF_A_PIXEL


@pytest.mark.parametrize("n", range(len(BOUNDS)))
def test_a_histograms_bars_between_whole_number_bounds_a_hair_apart_fill_the_plot(ids, n):
    low, high = BOUNDS[n]
    svg = svg_of(ids, f"/plot/ids_{n}.svg?kind=hist&y=id&xmin={low}&xmax={high}{LARGEST}")
    (left, _, width, _), _ = _plot_and_spines(svg)
    sides = [(float(a), float(b)) for a, b in re.findall(r'<path d="M([0-9.]+) [0-9.]+H([0-9.]+)V[^"]*z" clip-path', svg)]
    assert sides
    assert abs(min(a for a, _ in sides) - left) < HALF_A_PIXEL
    assert abs(max(b for _, b in sides) - (left + width)) < HALF_A_PIXEL


@pytest.mark.parametrize("kind", ["line", "hist"])
def test_an_axis_between_whole_number_bounds_a_hair_apart_counts_from_xmin(ids, kind):
    query = "y=id" if kind == "hist" else "x=id&y=v"
    texts = svg_texts(ids, f"/plot/ids_0.svg?kind={kind}&{query}&xmin=1000000000000000&xmax=1000000000000030")
    assert "+1000000000000000" in texts
    assert [t for t in texts if t in ("0", "5", "10", "15", "20", "25", "30")][:7] == \
        ["0", "5", "10", "15", "20", "25", "30"]


def test_bars_between_whole_number_x_bounds_a_hair_apart_are_their_rows(ids):
    # x bounds of bars choose their rows, and bound no axis: those between are drawn, each a bar.
    svg = svg_of(ids, "/plot/ids_0.svg?kind=bar&x=id&y=v&xmin=1000000000000005&xmax=1000000000000030")
    assert "6 rows" in svg


@pytest.mark.parametrize("query", ["kind=line&x=id&y=v", "kind=bar&x=id&y=v", "kind=scatter&x=v&y=id",
                                   "kind=hist&y=id", "kind=box&y=id"])
def test_whole_number_y_bounds_closer_than_a_plot_draws_are_a_400_naming_the_smallest_span(ids, query):
    # They choose no rows: held to the rule as other numbers are, where they drew the axis 4 pt off.
    bounds = "ymin=1000000000000000&ymax=1000000000000030"
    assert refusal(ids, f"/plot/ids_0.json?{query}&{bounds}") == (
        f"ymin and ymax are too close together to draw right: they must lie more than 2000 apart, {RULE}, got "
        "ymin=1000000000000000 and ymax=1000000000000030")
    assert ids.get(f"/plot/ids_0.svg?{query}&{bounds}").status_code == 400


def test_whole_number_x_bounds_a_hair_apart_of_one_column_along_both_axes_are_refused(ids):
    # Drawn along both axes, the column is not counted from xmin, which would move it up the side too.
    bounds = "xmin=1000000000000000&xmax=1000000000000030"
    assert "xmin and xmax are too close together to draw right: they must lie more than 2000 apart" in refusal(
        ids, f"/plot/ids_0.json?kind=scatter&x=id&y=id&{bounds}")


def test_whole_number_bounds_a_plot_draws_apart_are_drawn_as_they_are(ids):
    # 2001 apart at 1e15 is past the least span: counted from matplotlib's own offset, as before.
    texts = svg_texts(ids, "/plot/ids_0.svg?kind=line&x=id&y=v&xmin=1000000000000000&xmax=1000000000002001")
    assert "+1e15" in texts and "+1000000000000000" not in texts
