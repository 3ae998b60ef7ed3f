"""A line's or area's xmin and xmax bound its axis: the line runs on to the nearest row beyond each
bound, as the same line zoomed in does, and its value axis fits what the window shows; a scatter
plot's and bars' bounds still choose the rows they draw."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

from plots import build_figure, chart_frame, describe, parse_spec, render_svg
from plots.x_window import neighbours_of, within_bounds
from tests.conftest import ROOT, created, json_rows, writable_app

SVG = "{http://www.w3.org/2000/svg}"
COLUMNS = {"x": "float", "v": "float"}
UNSORTED = pd.DataFrame({"x": [3, 1, 2, 2, 5, 4], "v": [30, 10, 20, 25, -5, 0]})


def figure_of(frame: pd.DataFrame, columns: dict, **fields: str):
    spec = parse_spec({k: [v] for k, v in fields.items()}, columns)
    data = chart_frame(spec, frame)
    return spec, data, build_figure(spec, data).axes[0]


@pytest.fixture
def writer(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    created(client, "unsorted", "x,v\n3,30\n1,10\n2,20\n2,25\n5,-5\n4,0\n")
    return client


def described(svg: bytes) -> str:
    return ET.fromstring(svg).find(f"{SVG}desc").text


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_line_runs_on_to_the_nearest_row_beyond_each_bound_on_an_axis_of_the_bounds(kind):
    _, _, ax = figure_of(UNSORTED, COLUMNS, kind=kind, xmin="1.5", xmax="4.5")
    assert ax.get_xlim() == (1.5, 4.5)
    line = ax.get_lines()[0]
    assert line.get_xydata().tolist() == [[1, 10], [2, 20], [2, 25], [3, 30], [4, 0], [5, -5]]


def test_the_value_axis_fits_the_values_the_window_shows_where_the_line_crosses_its_bounds():
    # Within 1.5 to 4.5 the line reaches 15 at the left edge and -2.5 at the right: not 10 or -5.
    _, _, ax = figure_of(UNSORTED, COLUMNS, xmin="1.5", xmax="4.5")
    low, high = ax.get_ylim()
    assert -4.5 < low < -2.5 and 30 < high < 32


def test_an_areas_value_axis_keeps_zero_it_is_filled_from():
    _, _, ax = figure_of(UNSORTED, COLUMNS, kind="area", xmin="1.2", xmax="1.8")
    low, high = ax.get_ylim()
    assert low < 0 and 18 < high < 20


def test_a_window_between_two_rows_shows_the_line_between_them():
    spec, data, ax = figure_of(UNSORTED, COLUMNS, xmin="1.2", xmax="1.8")
    assert ax.get_xlim() == (1.2, 1.8)
    assert ax.get_lines()[0].get_xydata().tolist() == [[1, 10], [2, 20]]
    low, high = ax.get_ylim()  # from 12 to 18 where the window cuts it
    assert 10 < low < 12 and 18 < high < 20
    assert describe(spec, data)[1] == ("Line chart of v by x, 0 rows. The line between the nearest rows "
                                       "either side of this range, x 1 and 2.")


@pytest.mark.parametrize("missing", [0, 1])
def test_a_window_between_two_rows_one_without_a_value_words_no_line_between_them(missing):
    # A missing value breaks the line: none is drawn across the window, and the words say none is.
    values = [10.0, 20.0]
    values[missing] = np.nan
    frame = pd.DataFrame({"x": [1.0, 2.0], "v": values})
    spec, data, ax = figure_of(frame, COLUMNS, xmin="1.2", xmax="1.8")
    assert not np.isfinite(ax.get_lines()[0].get_xydata()).all()
    assert describe(spec, data)[1] == "Line chart of v by x, 0 rows."
    # Another series drawn across it is still worded.
    both = frame.assign(w=[1.0, 2.0])
    spec, data, _ = figure_of(both, {**COLUMNS, "w": "float"}, xmin="1.2", xmax="1.8", y="v,w")
    assert describe(spec, data)[1] == ("Line chart of v, w by x, 0 rows. The line between the nearest rows "
                                       "either side of this range, x 1 and 2.")


def test_a_line_is_worded_as_running_on_to_a_row_beyond_a_bound_only_where_it_is_drawn_to_it():
    # The row before xmin has no value, and the row after xmax one: the line runs on to that one only.
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "v": [np.nan, 2.0, 3.0]})
    spec, data, _ = figure_of(frame, COLUMNS, xmin="1.5", xmax="2.5")
    assert describe(spec, data)[1] == ("Line chart of v by x, 1 row. x 2; the line runs on to the nearest row "
                                       "after xmax. last value: v 2.")


@pytest.mark.parametrize(("kind", "named"), [("line", "Line chart"), ("area", "Area chart")])
def test_a_window_whose_rows_hold_no_values_says_so_though_the_rows_beyond_hold_some(kind, named):
    # A missing value breaks the line, so nothing is drawn between the bounds: the plot stood bare,
    # without a note, and the words named the row as "x 2. last value: v none", where a scatter
    # plot's say "No values in this range".
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "v": [1.0, np.nan, 3.0]})
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["v"], "xmin": ["1.5"], "xmax": ["2.5"]}, COLUMNS)
    data = chart_frame(spec, frame)
    assert describe(spec, data)[1] == f"{named} of v by x, 1 row. No values in this range."
    assert ">No values in this range<" in render_svg(spec, data).decode()


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_line_that_its_window_shows_beyond_ymax_is_noted_so_though_rows_beyond_the_window_are_not(kind):
    # From 2013.5 to 2014.5 the line runs from 35 up to 38 and down to 31.5, all above ymax 30: the
    # rows it runs on to, 32 and 25, lie off the plot. Taken as its values, they left the plot bare
    # without a note, and the legend naming v as ever.
    frame = pd.DataFrame({"x": [2013.0, 2014.0, 2015.0], "v": [32.0, 38.0, 25.0], "w": [1.0, 2.0, 3.0]})
    columns = {**COLUMNS, "w": "float"}
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["v"], "xmin": ["2013.5"], "xmax": ["2014.5"],
                       "ymax": ["30"]}, columns)
    data = chart_frame(spec, frame)
    assert describe(spec, data)[1].endswith("last value: v 38. All values lie above ymax 30.")
    assert ">All values lie above ymax 30<" in render_svg(spec, data).decode()
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["v,w"], "xmin": ["2013.5"], "xmax": ["2014.5"],
                       "ymax": ["30"]}, columns)
    data = chart_frame(spec, frame)
    assert describe(spec, data)[1].endswith("last value: v 38; w 2. v lies above ymax 30.")
    assert ">v (above 30)<" in render_svg(spec, data).decode()


def test_a_window_beyond_every_row_still_has_no_rows():
    spec, data, _ = figure_of(UNSORTED, COLUMNS, xmin="9")
    assert describe(spec, data)[1].endswith(", 0 rows. No rows in this range.")


def test_a_window_between_two_yearly_values_shows_the_line_between_them():
    years = pd.DataFrame({"t": pd.to_datetime([f"{year}-01-01" for year in range(1850, 2150)]),
                          "v": np.arange(300.0)})
    spec, data, ax = figure_of(years, {"t": "datetime", "v": "float"}, xmin="1900-06-01", xmax="1903-06-01")
    assert ax.get_xlim() == tuple(mdates.date2num(pd.to_datetime(["1900-06-01", "1903-06-01"])))
    assert list(data["t"].dt.year) == [1900, 1901, 1902, 1903, 1904]
    spec, data, _ = figure_of(years, {"t": "datetime", "v": "float"}, xmin="1900-06-01", xmax="1900-12-01")
    assert list(data["t"].dt.year) == [1900, 1901]
    assert "No rows" not in describe(spec, data)[1]


@pytest.mark.parametrize("kind", ["scatter", "bar"])
def test_a_scatter_plots_and_bars_bounds_choose_the_rows_they_draw(kind):
    _, data, _ = figure_of(UNSORTED, COLUMNS, kind=kind, xmin="1.5", xmax="4.5")
    assert sorted(data["x"].unique()) == [2, 3, 4]


def test_the_words_name_the_rows_within_the_bounds_and_say_the_line_runs_on(writer):
    svg = writer.get("/plot/unsorted.svg?xmin=1.5&xmax=4.5")
    assert svg.status_code == 200
    assert described(svg.data) == ("Line chart of v by x, 4 rows. x from 2 to 4; the line runs on to the nearest "
                                   "row before xmin and the one after xmax. last value: v 0, lowest 0 (4), highest 30 (3).")
    between = writer.get("/plot/unsorted.svg?xmin=1.2&xmax=1.8")
    assert "No rows" not in described(between.data)
    assert not re.search(r"<text[^>]*>No rows", between.get_data(as_text=True))


def test_a_lines_data_holds_the_rows_beyond_the_bounds_it_runs_on_to(writer):
    assert json_rows(writer, "/plot/unsorted.json?xmin=1.5&xmax=4.5") == [
        [1, 10], [2, 20], [2, 25], [3, 30], [4, 0], [5, -5]]
    csv = writer.get("/plot/unsorted.csv?xmin=1.2&xmax=1.8").get_data(as_text=True)
    assert csv.splitlines() == ["x,v", "1,10", "2,20"]
    assert json_rows(writer, "/plot/unsorted.json?kind=scatter&xmin=1.5&xmax=4.5") == [
        [2, 20], [2, 25], [3, 30], [4, 0]]


def test_a_lines_data_holds_the_rows_beyond_as_rows_no_field_marks_as_the_readme_says(writer):
    body = writer.get("/plot/unsorted.json?xmin=1.5&xmax=4.5").get_json()
    assert set(body) == {"ok", "dataset", "version", "spec", "selection", "columns", "rows"}
    assert body["columns"] == ["x", "v"] and all(len(row) == 2 for row in body["rows"])
    xs = [x for x, _ in body["rows"]]
    xmin, xmax = (float(body["spec"][name]) for name in ("xmin", "xmax"))  # as query parameters write them
    assert xs[0] < xmin < xs[1] and xs[-2] < xmax < xs[-1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [data] = [line for line in readme.splitlines() if line.startswith("| `/d/<dashboard>/<chart>.json`")]
    assert "first and last rows, which its line runs on to: rows like the others, which no field marks" in data


def test_a_line_from_a_row_on_a_bound_runs_on_to_no_row_beyond_it():
    # A segment from the row at x=2 to the one at x=1 lies wholly left of xmin=2: nothing of it is drawn.
    spec, data, ax = figure_of(UNSORTED, COLUMNS, xmin="2", xmax="4.5")
    assert list(data["x"]) == [2, 2, 3, 4, 5]
    assert describe(spec, data)[1].startswith("Line chart of v by x, 4 rows. x from 2 to 4; the line runs on "
                                              "to the nearest row after xmax.")


def test_a_part_of_a_lines_rows_holds_none_of_the_rows_beyond_its_bounds():
    # pandas carries the frame's mark into every part of it: the part has none of the rows it counts.
    _, data, _ = figure_of(UNSORTED, COLUMNS, xmin="1.5", xmax="4.5")
    assert neighbours_of(data).counts == (1, 1)
    inside = data.iloc[within_bounds(data)]
    assert list(inside["x"]) == [2, 2, 3, 4]
    assert neighbours_of(inside).counts == (0, 0) and within_bounds(inside) == slice(0, 4)
    assert neighbours_of(data.reset_index(drop=True)).counts == (1, 1)


def test_other_rows_as_many_as_a_lines_hold_none_of_the_rows_beyond_its_bounds():
    # pandas carries the mark into a frame of the rows in another order, or of other rows, too.
    _, data, _ = figure_of(UNSORTED, COLUMNS, xmin="1.5", xmax="4.5")
    assert list(data["x"]) == [1, 2, 2, 3, 4, 5] and neighbours_of(data).counts == (1, 1)
    part = pd.concat([data, data], ignore_index=True).iloc[3:9]  # 3, 4, 5, 1, 2, 2: a part as long as it
    for other in (part, data.iloc[::-1], data.sort_values("v"), data.assign(x=data["x"] + 10)):
        assert len(other) == len(data) and other.attrs == data.attrs
        assert neighbours_of(other).counts == (0, 0) and within_bounds(other) == slice(0, 6)
    assert neighbours_of(data.copy()).counts == (1, 1)


@pytest.mark.parametrize(("kind", "days"), [("line", [1, 2, 3, 4, 5]), ("scatter", [2, 3, 4])])
def test_the_x_bounds_of_zoned_times_are_moments_in_utc(kind, days):
    # Midnights in Tokyo (UTC+9): 12:00 UTC is 21:00 there, after the 1st's row and the 4th's.
    frame = pd.DataFrame({"t": pd.date_range("2025-01-01", periods=6, freq="D", tz="Asia/Tokyo"), "v": np.arange(6.0)})
    _, data, _ = figure_of(frame, {"t": "datetime", "v": "float"}, kind=kind, x="t", y="v",
                           xmin="2025-01-01T12:00:00Z", xmax="2025-01-04T12:00:00Z")
    assert list(data["t"].dt.day) == days



@pytest.mark.parametrize(("first", "last", "bound"), [
    ("0500-01-01", "1500-01-01", "xmin=1000-01-01"),  # before pandas' nanoseconds reach (1677-09-21)
    ("2262-04-11", "2262-04-13", "xmax=2262-04-12T00:00:01"),  # and after (2262-04-11)
])
@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_line_is_drawn_with_a_bound_in_any_year_it_crosses(writer, first, last, bound, kind):
    created(writer, "far", f"t,v\n{first},1\n{last},2\n")
    for extension in ("svg", "png", "pdf"):
        answer = writer.get(f"/plot/far.{extension}?kind={kind}&{bound}")
        assert answer.status_code == 200, (extension, answer.get_data(as_text=True)[:300])


def test_the_value_axis_fits_where_a_line_crosses_a_bound_in_any_year():
    # Halfway from the row of 1 to that of 2 the line is at 1.5: the axis fits 1.5 to 2, not the 1 beyond.
    moments = pd.array([pd.Timestamp("0500-01-01").to_pydatetime(), pd.Timestamp("1500-01-01").to_pydatetime()],
                       dtype="datetime64[us]")
    frame = pd.DataFrame({"t": moments, "v": [1.0, 2.0]})
    _, _, ax = figure_of(frame, {"t": "datetime", "v": "float"}, x="t", y="v", xmin="1000-01-01")
    assert 1.45 < ax.get_ylim()[0] < 1.5
