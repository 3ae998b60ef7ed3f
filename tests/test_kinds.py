"""Chart kinds: one `Kind` record each, and a new kind is one registration away from being drawn."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib import dates as mdates
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex

from plots import (CHART_KINDS, KINDS, Kind, SpecError, build_figure, chart_frame, parse_spec, register_kind,
                   render_png, render_svg)
from plots.kind import kind_names
from plots.legend_entries import series_entry
from tests.test_date_bar_labels import drawn_dates

SVG = "{http://www.w3.org/2000/svg}"
ANIMALS = {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}
WEATHER = {"date": "datetime", "temperature_c": "float"}
PLOTS = Path(__file__).resolve().parent.parent / "plots"


def draw_steps(ax, frame: pd.DataFrame, spec) -> None:
    """One step line per y column: the toy kind of these tests."""
    for name in spec.y:
        series_entry(ax.step(frame[spec.x], frame[name], where="mid", label=name)[0])


@pytest.fixture
def steps():
    """A `steps` kind, registered for one test only."""
    kind = register_kind(Kind("steps", "Step chart", draw_steps, series=True, resample=False))
    yield kind
    del CHART_KINDS["steps"]


def test_every_built_in_kind_has_a_record_named_for_it_with_a_label():
    assert KINDS == ("line", "bar", "barh", "scatter", "area", "hist", "box")
    assert tuple(CHART_KINDS) == KINDS
    for name, kind in CHART_KINDS.items():
        assert kind.name == name and kind.label and callable(kind.draw)


def test_a_registered_kind_is_parsed_and_drawn_to_svg_and_png(steps, animals_frame):
    spec = parse_spec({"kind": ["steps"], "y": ["Bear"]}, ANIMALS)
    assert spec.kind == "steps" and "steps" in kind_names()
    root = ET.fromstring(render_svg(spec, animals_frame))
    assert root.find(f"{SVG}title").text == "Step chart of Bear by year"
    assert "year from 2010 to 2021" in root.find(f"{SVG}desc").text
    assert root.findall(f".//{SVG}path")
    png = render_png(spec, animals_frame, scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1280, 720)


def test_the_legend_of_a_registered_kind_names_the_series_it_marks(steps, animals_frame):
    spec = parse_spec({"kind": ["steps"], "y": ["Bear,_Deer"]}, {**ANIMALS, "_Deer": "integer"})
    (legend,) = build_figure(spec, chart_frame(spec, animals_frame.rename(columns={"Deer": "_Deer"}))).legends
    assert [text.get_text() for text in legend.get_texts()] == ["Bear", "_Deer"]


def test_a_registered_kind_that_marks_no_series_has_matplotlib_s_legend_as_before(animals_frame):
    def unmarked(ax, frame, spec):
        for name in spec.y:
            ax.step(frame[spec.x], frame[name], where="mid", label=name)

    register_kind(Kind("unmarked", "Unmarked step chart", unmarked, series=True, resample=False))
    try:
        spec = parse_spec({"kind": ["unmarked"], "y": ["Bear,Deer"]}, ANIMALS)
        (legend,) = build_figure(spec, chart_frame(spec, animals_frame)).legends
        assert [text.get_text() for text in legend.get_texts()] == ["Bear", "Deer"]
    finally:
        del CHART_KINDS["unmarked"]


def test_a_registered_kind_is_listed_among_the_allowed_kinds(steps):
    with pytest.raises(SpecError) as caught:
        parse_spec({"kind": ["pie"]}, ANIMALS)
    assert caught.value.message.endswith("line, bar, barh, scatter, area, hist, box, steps; got 'pie'")


def test_what_a_registered_kind_refuses_comes_from_its_record(steps):
    with pytest.raises(SpecError) as caught:
        parse_spec({"kind": ["steps"], "resample": ["month"]}, WEATHER)
    assert caught.value.field == "resample"
    assert "a steps chart" in caught.value.message
    assert "use it with line, bar, barh, scatter or area" in caught.value.message


def test_a_kind_is_gone_once_removed():
    register_kind(Kind("gone", "Gone chart", draw_steps))
    del CHART_KINDS["gone"]
    with pytest.raises(SpecError) as caught:
        parse_spec({"kind": ["gone"], "title": ["removed"]}, ANIMALS)
    assert caught.value.field == "kind"


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="'line' is registered already"):
        register_kind(Kind("line", "Another line chart", draw_steps))
    assert CHART_KINDS["line"].label == "Line chart"


@pytest.mark.parametrize("fields", [
    {"x_axis": "values"},                                        # x bounds choose rows, resample
    {"x_axis": "series", "x_bounds": None},                      # resample without an x column
    {"x_axis": "x", "x_bounds": "values"},                       # value bounds on an x column
])
def test_a_record_that_contradicts_itself_is_refused(fields):
    with pytest.raises(ValueError, match="'odd'"):
        Kind("odd", "Odd chart", draw_steps, **fields)


def test_a_record_is_a_frozen_value():
    with pytest.raises(AttributeError):
        CHART_KINDS["line"].label = "Lines"  # type: ignore[misc]


def test_no_module_but_kinds_asks_which_kind_a_spec_names():
    asks = re.compile(r"\.kind\s*(==|!=|in\b|not in\b)")
    offenders = [f"{path.name}:{number}" for path in sorted(PLOTS.glob("*.py")) if path.name != "kinds.py"
                 for number, line in enumerate(path.read_text().splitlines(), 1) if asks.search(line)]
    assert offenders == []


def test_a_histograms_data_and_alt_text_are_the_values_its_bars_count(client):
    # xmin/xmax bound the bins; the data once held every row and the alt text every value's range.
    # The alt text counts the values they leave out.
    every = np.array([row[1] for row in client.get("/datasets/weather.json").get_json()["rows"]], dtype=float)
    counts, _ = np.histogram(every, bins=np.linspace(0, 10, 11))
    query = "kind=hist&y=temperature_c&xmin=0&xmax=10&bins=10"
    data = client.get(f"/plot/weather.json?{query}").get_json()
    assert data["columns"] == ["date", "temperature_c"]
    values = np.array([value for _, value in data["rows"]])
    assert len(values) == counts.sum() < len(every) and ((values >= 0) & (values <= 10)).all()
    assert client.get(f"/plot/weather.csv?{query}").get_data(as_text=True).count("\n") == counts.sum() + 1
    desc = ET.fromstring(client.get(f"/plot/weather.svg?{query}").data).find(f"{SVG}desc").text
    below, above = int((every < 0).sum()), int((every > 10).sum())
    assert desc == (f"Histogram of temperature_c, {counts.sum()} rows. temperature_c from 0 to 10; {below + above} "
                    f"more values lie outside the bins, {below} below xmin 0 and {above} above xmax 10.")


def test_a_histogram_of_several_series_leaves_blank_each_value_its_bars_do_not_count():
    frame = pd.DataFrame({"t": [1.0, 2.0, 3.0, 4.0], "a": [1, 5, 20, 2**60], "b": [30.0, 2.0, 10.0, np.nan]})
    spec = parse_spec({"kind": ["hist"], "y": ["a,b"], "xmin": ["0"], "xmax": ["10"]},
                      {"t": "float", "a": "integer", "b": "float"})
    counted = chart_frame(spec, frame)
    assert counted["t"].tolist() == [1.0, 2.0, 3.0]  # the last row holds no value within 0 to 10
    assert counted["a"].tolist() == [1, 5, pd.NA] and pd.api.types.is_integer_dtype(counted["a"])
    assert counted["b"].isna().tolist() == [True, False, False]
    edges = np.linspace(0, 10, 11)
    for name in ("a", "b"):  # each column's values are the bars' own
        assert np.histogram(counted[name].dropna().to_numpy(dtype=float), edges)[0].sum() == counted[name].count()


def box_name_extents(frame: pd.DataFrame, **fields):
    """A box plot of every column of `frame` drawn: the boxes (display units) of its series names, and the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from plots import build_figure

    spec = parse_spec({"kind": ["box"], "y": [",".join(frame.columns)], **{k: [v] for k, v in fields.items()}},
                      {name: "float" for name in frame.columns})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    # The x tick labels: centred under their ticks (the y tick labels are right-aligned beside theirs).
    names = [artist for artist in fig.artists if isinstance(artist, Text) and artist.get_fontsize() == 9.0
             and artist.get_horizontalalignment() == "center" and artist.get_verticalalignment() == "top"]
    return [(name.get_text(), name.get_window_extent(renderer)) for name in names], fig


def assert_apart_and_inside(names, fig) -> None:
    for (text, box), (other, other_box) in zip(names, names[1:]):
        assert box.x1 <= other_box.x0, (text, other)
    for text, box in names:
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and box.y0 >= fig.bbox.y0, text


def test_box_plot_series_names_on_a_narrow_chart_do_not_run_into_each_other():
    # The weather sample's five names ran together as "temperatuhe_midity_pcrtainfall_mm…" at 400 pixels.
    from app.config import SAMPLE_DATA_DIR
    from app.store import CsvStore

    weather = CsvStore([SAMPLE_DATA_DIR]).read("weather").frame.drop(columns="date")
    names, fig = box_name_extents(weather, width="400")
    assert [text for text, _ in names] == list(weather.columns)
    assert_apart_and_inside(names, fig)


def test_box_plot_series_names_as_long_as_sentences_are_shortened_apart_and_leave_the_plot_its_width():
    # Two 85-character names squeezed the plot into a strip between them, and ran over each other.
    a = "Average daily temperature at the northern harbour station measured in degrees Celsius"
    b = "Average daily temperature at the southern airport station measured in degrees Celsius"
    frame = pd.DataFrame({a: [3.0, 5.0, 2.0, 4.0], b: [4.0, 1.0, 2.0, 3.0]})
    names, fig = box_name_extents(frame)
    assert len({text for text, _ in names}) == 2 and all(text.endswith("…") for text, _ in names), names
    assert_apart_and_inside(names, fig)
    assert fig.axes[0].get_position().width > 0.7


DAYS = {"day": "datetime", "a": "float", "b": "float"}


def day_frame(days: list[str], **series: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"day": pd.to_datetime(days).astype("datetime64[us]"), **series})


def drawn_axes(fields: dict, frame: pd.DataFrame, columns: dict = DAYS):
    spec = parse_spec(fields, columns)
    return build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]


def dots_of(ax) -> list:
    return [line for line in ax.lines if line.get_marker() == "o"]


def series_lines(ax, names: str) -> list:
    """The lines of the series `names` (a y field), in order; the axes' other lines are its ticks."""
    lines = {line.get_label(): line for line in ax.lines}
    return [lines[name] for name in names.split(",")]


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_line_or_area_of_one_row_draws_its_value_as_a_dot_in_the_series_colour(kind):
    ax = drawn_axes({"kind": [kind], "x": ["day"], "y": ["a"]}, day_frame(["2024-05-01"], a=[42.0]))
    [series], [dot] = series_lines(ax, "a"), dots_of(ax)
    assert series.get_marker() in ("None", None, "")
    assert dot.get_xydata().tolist() == [[mdates.date2num(pd.Timestamp("2024-05-01")), 42.0]]
    assert dot.get_color() == series.get_color()
    assert dot.get_markersize() == pytest.approx(2.5 * series.get_linewidth())
    assert dot.get_label().startswith("_")  # the legend has the series once, as its line


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
@pytest.mark.parametrize("days", [["2024-05-01"], ["2024-05-01", "2024-05-01"]])
def test_an_x_axis_of_one_day_spans_a_day_either_side_not_years(kind, days):
    ax = drawn_axes({"kind": [kind], "x": ["day"], "y": ["a"]}, day_frame(days, a=[42.0, 43.0][:len(days)]))
    day = mdates.date2num(pd.Timestamp("2024-05-01"))
    if kind == "scatter":  # with the margin scatter charts keep around their points
        low, high = ax.get_xlim()
        assert low == pytest.approx(day - 1.1) and high == pytest.approx(day + 1.1)
    else:
        assert ax.get_xlim() == (day - 1.0, day + 1.0)


def test_an_area_of_one_value_is_a_faint_stem_from_zero_under_its_dot():
    ax = drawn_axes({"kind": ["area"], "x": ["day"], "y": ["a"]}, day_frame(["2024-05-01"], a=[42.0]))
    day = mdates.date2num(pd.Timestamp("2024-05-01"))
    stems = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert [segment.tolist() for stem in stems for segment in stem.get_segments()] == [[[day, 0.0], [day, 42.0]]]
    [stem], [series] = stems, series_lines(ax, "a")
    assert to_hex(stem.get_color()[0]) == series.get_color() and stem.get_alpha() == 0.3


@pytest.mark.parametrize("kind", ["line", "area"])
def test_values_between_missing_ones_are_dots_and_values_joined_to_a_neighbour_are_not(kind):
    days = [f"2024-05-0{d}" for d in range(1, 7)]
    frame = day_frame(days, a=[1, np.nan, 3, np.nan, 4, 5], b=[2, 3, np.nan, 5, 6, np.nan])
    ax = drawn_axes({"kind": [kind], "x": ["day"], "y": ["a,b"]}, frame)
    series = series_lines(ax, "a,b")
    [dot] = dots_of(ax)  # b has no value alone
    assert dot.get_color() == series[0].get_color()
    assert dot.get_xydata().tolist() == [[mdates.date2num(pd.Timestamp(day)), value]
                                         for day, value in (("2024-05-01", 1), ("2024-05-03", 3))]


def test_a_line_whose_values_all_have_a_neighbour_draws_no_dots(animals_frame):
    for kind in ("line", "area"):
        ax = drawn_axes({"kind": [kind], "y": ["Bear,Deer"]}, animals_frame, ANIMALS)
        assert len(series_lines(ax, "Bear,Deer")) == 2 and not dots_of(ax)


def test_a_value_given_twice_at_one_place_is_one_dot_unless_a_segment_leaves_it():
    twice = day_frame(["2024-05-01", "2024-05-01"], a=[42.0, 42.0])
    [dot] = dots_of(drawn_axes({"x": ["day"], "y": ["a"]}, twice))
    assert dot.get_xydata()[:, 1].tolist() == [42.0]
    then_more = day_frame(["2024-05-01", "2024-05-01", "2024-05-02"], a=[42.0, 42.0, 43.0])
    assert not dots_of(drawn_axes({"x": ["day"], "y": ["a"]}, then_more))


def test_a_thinned_line_draws_a_dot_for_a_value_alone_among_missing_ones():
    rows = 100_000  # thinned to the chart's 640 pixel columns of about 156 rows
    values = np.sin(np.arange(rows) / 500.0)
    values[40_000:42_000] = np.nan
    values[41_000] = 7.0
    frame = pd.DataFrame({"t": np.arange(rows, dtype=float), "a": values})
    ax = drawn_axes({"x": ["t"], "y": ["a"]}, frame, {"t": "float", "a": "float"})
    [series] = series_lines(ax, "a")
    assert len(series.get_xydata()) < rows / 10
    [dot] = dots_of(ax)
    assert dot.get_xydata().tolist() == [[41_000.0, 7.0]]


def test_a_dense_scatter_of_one_day_spans_a_day_either_side_as_a_sparse_one_does():
    rows = 6000  # past the points a scatter draws one by one: a raster layer sets the limits
    ax = drawn_axes({"kind": ["scatter"], "x": ["day"], "y": ["a"]},
                    day_frame(["2024-05-01"] * rows, a=np.arange(rows, dtype=float).tolist()))
    day = mdates.date2num(pd.Timestamp("2024-05-01"))
    low, high = ax.get_xlim()
    assert low == pytest.approx(day - 1.1) and high == pytest.approx(day + 1.1)


def _bar_labels(frame: pd.DataFrame, types: dict, **fields) -> list[str]:
    spec = parse_spec({"kind": ["bar"], **{k: [v] for k, v in fields.items()}}, types)
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    return list(ax.xaxis.get_major_formatter().seq)


@pytest.mark.parametrize("moments, labels", [
    (pd.date_range("2024-03-05", periods=3, freq="D"), ["2024-03-05", "2024-03-06", "2024-03-07"]),
    (pd.date_range("2024-03-05 22:00", periods=3, freq="h"),
     ["2024-03-05 22:00", "2024-03-05 23:00", "2024-03-06 00:00"]),
    (pd.date_range("2024-03-05 10:00", periods=3, freq="15s"),
     ["2024-03-05 10:00:00", "2024-03-05 10:00:15", "2024-03-05 10:00:30"]),
])
def test_bars_of_dates_are_labelled_as_precisely_as_their_moments_differ(moments, labels):
    frame = pd.DataFrame({"t": moments, "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": ["bar"], "x": ["t"], "y": ["v"]}, {"t": "datetime", "v": "float"})
    # Read whole: what they all start with is written once, as the axis' offset.
    assert drawn_dates(render_svg(spec, frame)) == labels


def test_bars_of_quarters_are_labelled_by_their_quarter():
    frame = pd.DataFrame({"t": pd.date_range("2020-01-01", periods=12, freq="MS"), "v": np.arange(12.0)})
    labels = _bar_labels(frame, {"t": "datetime", "v": "float"}, x="t", y="v", resample="quarter", agg="sum")
    assert labels == ["2020 Q1", "2020 Q2", "2020 Q3", "2020 Q4"]


@pytest.mark.parametrize("kind", ["bar", "barh"])
@pytest.mark.parametrize("count", [1, 2])
def test_a_few_bars_keep_a_bars_width_rather_than_filling_the_plot(kind, count):
    frame = pd.DataFrame({"k": ["only", "other"][:count], "v": [42.0, 7.0][:count]})
    spec = parse_spec({"kind": [kind], "x": ["k"], "y": ["v"]}, {"k": "text", "v": "float"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    low, high = sorted(ax.get_ylim() if kind == "barh" else ax.get_xlim())
    bar = ax.patches[0]
    across = bar.get_height() if kind == "barh" else bar.get_width()
    assert across / (high - low) <= 0.25  # as a quarter of four or more categories


@pytest.mark.parametrize("value", [3.0, -3.0, 0.0, 1e17])
def test_a_histogram_of_one_value_is_drawn_in_the_middle_of_its_axis(value):
    frame = pd.DataFrame({"i": range(10), "x": [value] * 10})
    spec = parse_spec({"kind": ["hist"], "y": ["x"]}, {"i": "integer", "x": "float"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    low, high = ax.get_xlim()
    drawn = [bar for bar in ax.patches if bar.get_height() > 0]
    assert len(drawn) == 1
    middle = drawn[0].get_x() + drawn[0].get_width() / 2
    assert abs(middle - (low + high) / 2) <= drawn[0].get_width()  # not at the axis' left end


@pytest.mark.parametrize("kind", ["line", "area", "scatter", "bar"])
def test_a_text_x_is_placed_in_the_datas_order_as_bar_categories_are(client, data_dir, kind):
    # A line's text x was sorted by code point: zebra, Äpfel, Éclair, whatever the data's order.
    (data_dir / "words.csv").write_text("word,v\nÉclair,1\nÄpfel,2\nzebra,3\n", encoding="utf-8")
    rows = client.get(f"/plot/words.json?kind={kind}").json["rows"]
    assert rows == [["Éclair", 1], ["Äpfel", 2], ["zebra", 3]]


def test_a_lines_rows_of_one_text_x_are_drawn_together_where_it_first_comes(client, data_dir):
    (data_dir / "months.csv").write_text("month,v\nJan,1\nFeb,2\nJan,3\nMar,4\nFeb,5\n")
    rows = client.get("/plot/months.json").json["rows"]
    assert rows == [["Jan", 1], ["Jan", 3], ["Feb", 2], ["Feb", 5], ["Mar", 4]]
    svg = client.get("/plot/months.svg").get_data(as_text=True)
    assert svg.index(">Jan<") < svg.index(">Feb<") < svg.index(">Mar<")
