"""Rendering: every kind draws a valid, accessible, deterministic SVG that fits its box."""
from __future__ import annotations

import importlib
import re
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from plots import KINDS, ChartSpec, SpecError, build_figure, chart_frame, parse_spec, render_png, render_svg
from plots.fitted_text import clip_lines, wrap_text
from plots.layout import text_size
from plots.resampling import periods, periods_spanned
from plots.bar_order import TOP_ADVICE
from tests.conftest import ROOT
from tests.test_tick_labels import y_tick_labels

SVG = "{http://www.w3.org/2000/svg}"
ANIMALS = {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}


def spec_for(kind: str, **fields) -> ChartSpec:
    return parse_spec({"kind": [kind], **{k: [v] for k, v in fields.items()}}, ANIMALS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_a_valid_svg_of_the_asked_size(kind, animals_frame):
    root = ET.fromstring(render_svg(spec_for(kind), animals_frame))
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("640", "360")  # CSS pixels
    assert root.findall(f".//{SVG}path"), "nothing was drawn"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_a_png_of_the_asked_pixels(kind, animals_frame):
    png = render_png(spec_for(kind, width="300", height="200"), animals_frame, scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (600, 400)


def test_svg_has_title_and_description_of_what_it_shows(animals_frame):
    root = ET.fromstring(render_svg(spec_for("line", y="Bear,Wolf"), animals_frame))
    assert list(root)[0].tag == f"{SVG}title"
    assert root.find(f"{SVG}title").text == "Line chart of Bear, Wolf by year"
    desc = root.find(f"{SVG}desc").text
    assert "year from 2010 to 2021" in desc
    assert "last value: Bear 29, lowest 23 (2011), highest 40 (2016); Wolf 9, lowest 5 (2012), highest 16 (2013)" in desc


def test_the_description_gives_each_series_last_value_shown_and_where_when_later_rows_have_none(animals_frame):
    frame = animals_frame.copy()
    frame.loc[frame.index[-2:], "Wolf"] = np.nan  # the last two years not counted yet
    desc = ET.fromstring(render_svg(spec_for("line", y="Bear,Wolf"), frame)).find(f"{SVG}desc").text
    wolf = animals_frame["Wolf"].iloc[-3]
    assert (f"last value: Bear 29, lowest 23 (2011), highest 40 (2016); "
            f"Wolf {wolf} at year 2019, lowest 5 (2012), highest 16 (2013).") in desc
    frame["Wolf"] = np.nan
    desc = ET.fromstring(render_svg(spec_for("line", y="Bear,Wolf"), frame)).find(f"{SVG}desc").text
    assert "last value: Bear 29, lowest 23 (2011), highest 40 (2016); Wolf none." in desc
    frame.loc[frame.index[:2], "Bear"] = np.nan  # now the first two years draw nothing
    desc = ET.fromstring(render_svg(spec_for("line", y="Bear,Wolf"), frame)).find(f"{SVG}desc").text
    assert "year from 2012 to 2021" in desc



@pytest.mark.parametrize("kind", ["box", "hist"])
def test_the_description_of_box_and_hist_says_none_of_a_series_without_values(kind, animals_frame):
    # Box plots and histograms named only the series with values; lines and bars say "Wolf none".
    frame = animals_frame.assign(Wolf=np.nan)
    desc = ET.fromstring(render_svg(spec_for(kind, y="Bear,Wolf"), frame)).find(f"{SVG}desc").text
    assert f", 12 rows. Bear from {frame.Bear.min()} to {frame.Bear.max()}" in desc, desc
    assert desc.endswith(". Wolf none."), desc

def test_user_text_is_drawn_literally_not_as_markup_or_math(animals_frame):
    title = "Costs in $ and <b>bold</b> & $x^2$"
    svg = render_svg(spec_for("line", title=title), animals_frame).decode()
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert title in texts
    assert "<b>" not in svg


def test_text_as_paths_leaves_no_text_elements(animals_frame):
    root = ET.fromstring(render_svg(spec_for("bar", text="path", title="Bears"), animals_frame))
    assert not list(root.iter(f"{SVG}text"))


def test_default_text_stays_selectable_text_in_dejavu_sans(animals_frame):
    svg = render_svg(spec_for("bar", title="Bears"), animals_frame).decode()
    assert "<text" in svg and "DejaVu Sans" in svg


def test_dark_theme_paints_a_dark_background(animals_frame):
    light = render_svg(spec_for("line"), animals_frame).decode()
    dark = render_svg(spec_for("line", theme="dark"), animals_frame).decode()
    assert "#16181d" in dark and "#16181d" not in light


def test_same_spec_gives_the_same_bytes_twice(animals_frame):
    spec = spec_for("scatter", title="Twice")
    assert render_svg(spec, animals_frame) == render_svg(spec, animals_frame)


def test_same_spec_gives_the_same_bytes_in_two_processes(animals_frame):
    script = (
        "import sys, hashlib; from app.store import CsvStore; from app.config import SAMPLE_DATA_DIR;"
        "from plots import parse_spec, render_svg, render_png;"
        "f = CsvStore([SAMPLE_DATA_DIR]).read('weather').frame;"
        "cols = {'date': 'datetime', 'temperature_c': 'float', 'rainfall_mm': 'float'};"
        "s = parse_spec({'y': ['temperature_c', 'rainfall_mm'], 'title': ['Two']}, cols);"
        "b = parse_spec({'kind': ['bar'], 'y': ['rainfall_mm'], 'resample': ['year'], 'agg': ['sum']}, cols);"
        "print(hashlib.sha256(render_svg(s, f) + render_svg(b, f) + render_png(b, f)).hexdigest())"
    )
    digests = {
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(digests) == 1 and len(next(iter(digests)).strip()) == 64


LONG = "A long title that keeps going well past the width of a small chart, to check wrapping " * 2


@pytest.mark.parametrize(
    ("frame", "fields"),
    [
        (pd.DataFrame({"x": np.arange(50), "value": np.linspace(0, 9.5e6, 50)}), {"title": LONG, "ylabel": "y" * 100}),
        (pd.DataFrame({"x": np.arange(50), "value": np.linspace(-1e-7, 1e-7, 50)}), {"xlabel": "x " * 50}),
        (pd.DataFrame({"x": pd.date_range("2001-01-01", periods=400, freq="D"), "value": np.arange(400.0)}), {}),
        (pd.DataFrame({"x": [f"category number {i} with a long name" for i in range(30)], "value": np.arange(30.0)}),
         {"kind": "barh", "title": LONG}),
        (pd.DataFrame({"x": [f"cat {i}" for i in range(60)], "value": np.arange(60.0) * 1000}), {"kind": "bar", "width": "300"}),
        (pd.DataFrame({"x": np.arange(10), **{f"series_{i}": np.arange(10.0) + i for i in range(12)}}), {"width": "320", "height": "240"}),
    ],
)
def test_no_text_is_cut_off_at_the_figure_edges(frame, fields):
    columns = {name: ("datetime" if str(frame[name].dtype).startswith("datetime") else
                      "text" if frame[name].dtype == object or str(frame[name].dtype) == "str" else "float")
               for name in frame.columns}
    spec = parse_spec({k: [v] for k, v in fields.items()}, columns)
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    box = fig.get_tightbbox(renderer)  # inches
    width, height = fig.get_size_inches()
    assert box.x0 >= -0.01 and box.y0 >= -0.01, (box, spec)
    assert box.x1 <= width + 0.01 and box.y1 <= height + 0.01, (box, spec)


def test_too_many_bar_categories_is_a_422_suggesting_alternatives():
    frame = pd.DataFrame({"x": np.arange(500), "value": np.arange(500.0)})
    spec = parse_spec({"kind": ["bar"]}, {"x": "integer", "value": "float"})
    with pytest.raises(Exception) as caught:
        render_svg(spec, frame)
    assert caught.value.status == 422
    # resample applies to an x of dates only: not suggested for these numbers
    assert caught.value.message.endswith(f"this one has 500; {TOP_ADVICE}, filter the data or use kind=line")


NARROWER = "narrow its time range (from/to), filter the data or use kind=line"


@pytest.mark.parametrize(("first", "resample", "advice"), [
    # Twenty years of days: 7,305 days, 1,044 weeks, 240 months, 80 quarters, 20 years. The first step that
    # fits is named with its bars; no ranking of the days (top=10) is offered for a time.
    ("1981", None, f"resample it (resample=quarter: 80 bars), {NARROWER}"),
    ("1981", "day", f"resample it by a longer step than day (resample=quarter: 80 bars), {NARROWER}"),
    ("1981", "month", f"resample it by a longer step than month (resample=quarter: 80 bars), {NARROWER}"),
    # Two hundred years: over a hundred categories at every step.
    ("1801", None, f"{NARROWER} (even by year it would have 200)"),
    ("1801", "month", f"{NARROWER} (even by year it would have 200)"),
    ("1801", "year", f"{NARROWER} (year is the longest resample step)"),
])
def test_too_many_bar_categories_suggests_only_resample_steps_longer_than_the_charts_that_give_few_enough(
        first, resample, advice):
    # The advice once offered resample=month to a chart resampled by month, and resample=day to
    # daily rows, which it leaves as many bars.
    days = pd.date_range(f"{first}-01-01", "2000-12-31", freq="D")
    frame = pd.DataFrame({"day": days, "rain": np.ones(len(days))})
    fields = {"kind": ["bar"], "x": ["day"], "y": ["rain"], "agg": ["sum"]}
    if resample:
        fields["resample"] = [resample]
    spec = parse_spec(fields, {"day": "datetime", "rain": "float"})
    with pytest.raises(SpecError) as caught:
        chart_frame(spec, frame)
    assert caught.value.status == 422
    assert caught.value.message.startswith("a bar chart may show at most 100 categories and this one has ")
    assert caught.value.message.endswith(f"; {advice}")


@pytest.mark.parametrize(("first", "last", "counts"), [
    # A week runs from Monday: Sunday 2024-01-07 to Monday 2024-01-08 is two.
    ("2024-01-07", "2024-01-08", {"day": 2, "week": 2, "month": 1, "quarter": 1, "year": 1}),
    ("2024-01-01", "2024-01-07T23:59", {"day": 7, "week": 1, "month": 1, "quarter": 1, "year": 1}),
    ("2023-12-31", "2024-04-01", {"day": 93, "week": 15, "month": 5, "quarter": 3, "year": 2}),
    ("0001-01-01", "9999-12-31", {"day": 3652059, "week": 521723, "month": 119988, "quarter": 39996, "year": 9999}),
])
def test_the_periods_a_span_falls_in_are_those_resampling_groups_it_into(first, last, counts):
    moments = pd.Series(np.array([first, last], dtype="datetime64[s]"))
    assert {step: periods_spanned(moments[0], moments[1], step) for step in counts} == counts
    if first != "0001-01-01":  # resampling counts the same (ten thousand years of days: millions of groups)
        frame = pd.DataFrame({"t": moments, "v": [1, 1]})
        assert {step: len(periods(frame, "t", step).size()) for step in counts} == counts


def test_a_bar_chart_of_daily_rows_is_not_told_to_resample_by_day():
    days = pd.date_range("1996-01-01", "2025-12-31", freq="D")
    spec = parse_spec({"kind": ["bar"], "x": ["day"], "y": ["t"]}, {"day": "datetime", "t": "float"})
    with pytest.raises(SpecError) as caught:
        chart_frame(spec, pd.DataFrame({"day": days, "t": np.ones(len(days))}))
    # A week's 1,566 periods, a month's 360 and a quarter's 120 are too many too: a year's 30 are the first few enough.
    assert caught.value.message.endswith("this one has 10,958; resample it (resample=year: 30 bars), narrow its time "
                                         "range (from/to), filter the data or use kind=line")
    assert "resample=day" not in caught.value.message


def test_more_values_than_the_points_limit_is_a_422_suggesting_how_to_narrow():
    from plots import Limits, SpecError

    frame = pd.DataFrame({"t": np.arange(1000.0), "a": np.ones(1000), "b": np.ones(1000)})
    spec = parse_spec({"kind": ["scatter"]}, {"t": "float", "a": "float", "b": "float"})
    with pytest.raises(SpecError) as caught:
        chart_frame(spec, frame, Limits(max_points=1999))
    assert caught.value.status == 422
    assert "2,000 values" in caught.value.message and "xmin/xmax" in caught.value.message
    assert len(chart_frame(spec, frame, Limits(max_points=2000))) == 1000


def test_a_legend_of_many_series_on_a_small_chart_leaves_room_for_the_plot():
    frame = pd.DataFrame({"x": np.arange(10.0), **{f"series_{i}": np.arange(10.0) + i for i in range(20)}})
    spec = parse_spec({"width": ["320"], "height": ["200"]}, {c: "float" for c in frame.columns})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    assert fig.axes[0].get_position().height >= 0.3
    legend_texts = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert legend_texts[-1].startswith("+") and legend_texts[-1].endswith(" more")
    assert len(legend_texts) - 1 + int(legend_texts[-1].split()[0][1:]) == 20


@pytest.mark.parametrize("size, names", [
    (("160", "130"), ["temperature_c", "humidity_pct", "wind_speed_ms"]),
    (("100", "100"), ["a", "b", "c"]),
])
def test_a_legend_with_room_for_one_entry_still_names_a_series_before_the_count_of_the_rest(size, names):
    frame = pd.DataFrame({"x": np.arange(10.0), **{name: np.arange(10.0) for name in names}})
    spec = parse_spec({"width": [size[0]], "height": [size[1]]}, {c: "float" for c in frame.columns})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    labels = fig.legends[0].get_texts()
    shown = [label.get_text() for label in labels]
    count = f"+{len(names) - 1}"
    first = shown[0].split(f" {count}")[0].rstrip("…")  # the count may end the first label on the narrowest
    assert first and names[0].startswith(first), shown
    assert shown[-1] in (f"{count} more", count) or shown[-1].endswith(f" {count}"), shown
    for label in labels:
        assert label.get_window_extent(renderer).x1 <= fig.bbox.x1, label.get_text()


@pytest.mark.parametrize("fields", [{"kind": "bar", "x": "place", "y": "v"}, {"kind": "line", "x": "place", "y": "v"},
                                    {"y": "v", "title": "one\ttwo"}, {"y": "v", "xlabel": "one\ttwo"}])
def test_a_tab_in_drawn_text_is_drawn_as_a_space_not_a_missing_glyph(fields):
    # Cells and titles may hold tabs; no font has a glyph for one, so each was drawn as a box.
    frame = pd.DataFrame({"place": ["North\tquay", "South\tquay"], "v": [1, 2]})
    spec = parse_spec({k: [v] for k, v in fields.items()}, {"place": "text", "v": "integer"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_png(spec, frame)
    spaced = frame.replace("\t", " ", regex=True)
    spec = parse_spec({k: [v.replace("\t", " ")] for k, v in fields.items()}, {"place": "text", "v": "integer"})
    assert png == render_png(spec, spaced)


@pytest.mark.parametrize(("x_type", "resample", "advice"), [
    ("float", None, "narrow it with xmin/xmax"),
    ("datetime", None, "narrow it with xmin/xmax or resample it (resample=day, week, month …)"),
    ("datetime", "quarter", "narrow it with xmin/xmax or resample it (resample=year …)"),
    ("datetime", "year", "narrow it with xmin/xmax"),
])
def test_too_many_values_suggests_resampling_only_dates_by_a_longer_step(x_type, resample, advice):
    from plots import Limits

    t = pd.date_range("1000-01-01", periods=1000, freq="YS", unit="s") if x_type == "datetime" else np.arange(1000.0)
    frame = pd.DataFrame({"t": t, "a": np.arange(1000.0)})
    fields = {"kind": ["line"], "x": ["t"], "y": ["a"]} | ({"resample": [resample]} if resample else {})
    spec = parse_spec(fields, {"t": x_type, "a": "float"})
    with pytest.raises(SpecError) as caught:
        chart_frame(spec, frame, Limits(max_points=10))
    assert caught.value.message.endswith(f"are allowed; {advice}")


@pytest.mark.parametrize(("x_type", "advice"), [
    ("float", "narrow it with xmin/xmax or ask for fewer y columns"),
    ("datetime", "narrow it with xmin/xmax, resample it (resample=day, week, month …) or ask for fewer y columns"),
])
def test_too_many_values_suggests_fewer_y_columns_only_of_a_chart_of_several(x_type, advice):
    from plots import Limits

    t = pd.date_range("1000-01-01", periods=1000, freq="YS", unit="s") if x_type == "datetime" else np.arange(1000.0)
    frame = pd.DataFrame({"t": t, "a": np.arange(1000.0), "b": np.arange(1000.0)})
    spec = parse_spec({"kind": ["line"], "x": ["t"], "y": ["a,b"]}, {"t": x_type, "a": "float", "b": "float"})
    with pytest.raises(SpecError) as caught:
        chart_frame(spec, frame, Limits(max_points=10))
    assert caught.value.message.endswith(f"are allowed; {advice}")


def chart_texts(svg: bytes) -> list[str]:
    """The texts an SVG chart draws (title, tick labels, axis titles, notes)."""
    return [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.mark.parametrize("kind", KINDS)
def test_a_chart_of_no_rows_draws_its_title_and_a_note_instead_of_made_up_ticks(kind, animals_frame):
    # Its axes once read 0 to 1, or for dates 1970-01-01 hour by hour, over nothing drawn.
    svg = render_svg(spec_for(kind, title="Bears"), animals_frame.iloc[0:0])
    texts = chart_texts(svg)
    assert texts[:2] == ["Bears", "No rows to draw"]
    assert not any(re.search(r"\d", text) for text in texts), texts
    assert ET.fromstring(svg).find(f"{SVG}desc").text.endswith(", 0 rows. No rows to draw.")


@pytest.mark.parametrize("kind", KINDS)
def test_a_figure_of_no_rows_for_png_and_pdf_holds_the_note_and_no_tick_labels(kind, animals_frame):
    spec = spec_for(kind)
    fig = build_figure(spec, chart_frame(spec, animals_frame.iloc[0:0]))
    texts = [text.get_text() for text in fig.findobj(Text) if text.get_text()]
    assert "No rows to draw" in texts
    assert not any(re.search(r"\d", text) for text in texts), texts


@pytest.mark.parametrize(("kind", "fields"), [("line", {"xmin": "2030"}), ("bar", {"xmax": "1990"})])
def test_a_chart_whose_bounds_leave_no_rows_says_there_are_none_in_the_range(kind, fields, animals_frame):
    svg = render_svg(spec_for(kind, **fields), animals_frame)
    assert "No rows in this range" in chart_texts(svg)
    assert ET.fromstring(svg).find(f"{SVG}desc").text.endswith(", 0 rows. No rows in this range.")


def test_rows_without_values_say_there_are_no_values_rather_than_no_rows(animals_frame):
    frame = animals_frame.assign(Bear=np.nan)
    svg = render_svg(spec_for("line", y="Bear"), frame)
    assert "No values to draw" in chart_texts(svg)
    assert ET.fromstring(svg).find(f"{SVG}desc").text == (
        f"Line chart of Bear by year, {len(frame)} rows. No values to draw.")
    # One value is enough to draw the chart as ever.
    frame.loc[frame.index[3], "Bear"] = 7.0
    assert "No values to draw" not in chart_texts(render_svg(spec_for("line", y="Bear"), frame))


@pytest.mark.parametrize("kind", ["line", "scatter", "area"])
@pytest.mark.parametrize(("bounds", "note"), [({"ymax": "-5"}, "All values lie above ymax \N{MINUS SIGN}5"),
                                              ({"ymin": "41"}, "All values lie below ymin 41")])
def test_values_all_beyond_the_y_bounds_say_so_over_the_empty_plot(kind, bounds, note, animals_frame):
    # Bear runs from 23 to 40: the plot was left empty, with nothing saying why.
    svg = render_svg(spec_for(kind, y="Bear", **bounds), animals_frame)
    texts = chart_texts(svg)
    assert note in texts
    assert "2010" in texts and "2020" in texts  # the axes stand, ticked as ever
    assert ET.fromstring(svg).find(f"{SVG}desc").text.endswith(f"last value: Bear 29, lowest 23 (2011), highest 40 (2016). {note}.")


@pytest.mark.parametrize("kind", ["line", "scatter"])
def test_series_on_either_side_of_the_y_bounds_say_there_are_no_values_between_them(kind, animals_frame):
    # Bear lies above 22 and Wolf below 17.
    svg = render_svg(spec_for(kind, y="Bear,Wolf", ymin="17", ymax="22"), animals_frame)
    assert "No values between ymin 17 and ymax 22" in chart_texts(svg)


def test_notes_and_words_write_negative_numbers_with_the_minus_sign_of_the_tick_labels(animals_frame):
    # Bear runs from 23 to 40; below zero, every number the chart writes is negative.
    frame = animals_frame.assign(Bear=-animals_frame["Bear"])
    svg = render_svg(spec_for("line", y="Bear", ymax="-50"), frame)
    note = "All values lie above ymax \N{MINUS SIGN}50"
    assert note in chart_texts(svg)
    assert all(label.startswith("\N{MINUS SIGN}") for label in y_tick_labels(svg))
    desc = ET.fromstring(svg).find(f"{SVG}desc").text
    assert desc.endswith(f"last value: Bear \N{MINUS SIGN}29, lowest \N{MINUS SIGN}40 (2016), "
                         f"highest \N{MINUS SIGN}23 (2011). {note}."), desc
    assert "-" not in desc, desc
    # An exponent's sign too, as a tick label writes one.
    svg = render_svg(spec_for("line", y="Bear", ymin="-1e-5"), frame)
    assert "All values lie below ymin \N{MINUS SIGN}1e\N{MINUS SIGN}05" in chart_texts(svg)


def test_a_line_crossing_the_plot_between_values_beyond_both_bounds_draws_as_ever(animals_frame):
    # No Bear value lies within 33 to 35, but the line from 36 to 23 and back crosses the plot;
    # points alone would not.
    line = chart_texts(render_svg(spec_for("line", y="Bear", ymin="33", ymax="35"), animals_frame))
    assert not any(text.startswith(("No values", "All values")) for text in line)
    points = chart_texts(render_svg(spec_for("scatter", y="Bear", ymin="33", ymax="35"), animals_frame))
    assert "No values between ymin 33 and ymax 35" in points


def test_without_y_bounds_the_values_are_not_compared_with_any(animals_frame, monkeypatch):
    # Asked on every render: a million-point line pays for the comparison only when bounds are given.
    words = importlib.import_module("plots.describe")  # `plots.describe` is the function
    notes = importlib.import_module("plots.plot_notes")

    def compared(*args):
        raise AssertionError("values compared with y bounds that were not given")

    monkeypatch.setattr(importlib.import_module("plots.bound_words"), "beyond_bounds", compared)
    for kind in KINDS:
        spec = spec_for(kind, y="Bear")
        data = chart_frame(spec, animals_frame)
        assert notes.nothing_to_draw(spec, data) is None
        assert words.describe(spec, data)[1].endswith(".")


@pytest.mark.parametrize(("kind", "bound"), [("area", "ymin=41"), ("area", "ymin=40.5"), ("bar", "ymin=41"),
                                           ("line", "ymin=40.5"), ("line", "ymax=22.5"), ("scatter", "ymax=22.5")])
def test_a_bound_just_past_every_value_runs_the_value_axis_from_it_as_far_as_the_data_spans(kind, bound, client):
    # Bear runs from 23 to 40. The margin matplotlib adds past the data (more for an area or bars,
    # from zero) reached past the bound, and the axis ran from the bound only to there: 41 to 42.
    response = client.get(f"/plot/animals.svg?kind={kind}&y=Bear&{bound}")
    assert response.status_code == 200
    ticks = [float(label.replace("\N{MINUS SIGN}", "-")) for label in y_tick_labels(response.data)]
    value = float(bound.partition("=")[2])
    assert all(tick >= value for tick in ticks) if bound.startswith("ymin") else all(tick <= value for tick in ticks)
    assert max(ticks) - min(ticks) >= 10, ticks


def drawn_extents(fig) -> dict:
    """The figure drawn, and the boxes (display units) of its title, y axis title, legend and plot."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    texts = [artist for artist in fig.artists if isinstance(artist, Text) and artist.get_text()]
    titles = [text for text in texts if text.get_fontweight() == "bold"]
    y_titles = [text for text in texts if text.get_rotation() == 90 and text.get_fontsize() == 10.0]
    return {"title": titles[0].get_window_extent(renderer) if titles else None,
            "y_title": y_titles[0].get_window_extent(renderer), "y_text": y_titles[0].get_text(),
            "legend": fig.legends[0].get_window_extent(renderer) if fig.legends else None,
            "plot": fig.axes[0].get_window_extent(renderer)}


def assert_beside_plot(y_title, plot) -> None:
    """The y axis title reaches at most half the edge padding (3 points) past either end of the plot."""
    assert plot.y0 - 3.0 <= y_title.y0 and y_title.y1 <= plot.y1 + 3.0, (y_title, plot)


def float_spec(frame: pd.DataFrame, **fields):
    columns = {name: "datetime" if str(frame[name].dtype).startswith("datetime") else "float" for name in frame}
    return parse_spec({k: [v] for k, v in fields.items()}, columns)


def test_the_y_title_of_a_short_chart_stays_beside_the_plot_below_the_title_and_keeps_its_words_whole():
    # Wrapped to 70 % of the figure's height, it ran up over the title as "temperatur" / "e_c".
    frame = pd.DataFrame({"date": pd.date_range("2001-01-01", periods=300, freq="D"),
                          "temperature_c": np.sin(np.arange(300) / 20) * 10})
    # At 140 px it keeps "tem…" (at 120, "te…", a stub, it is left out: tests/test_axis_title_words.py).
    spec = float_spec(frame, x="date", y="temperature_c", width="600", height="140", title="Daily temperature")
    drawn = drawn_extents(build_figure(spec, chart_frame(spec, frame), dpi=72))
    y_title, plot = drawn["y_title"], drawn["plot"]
    assert not y_title.overlaps(drawn["title"]), (y_title, drawn["title"])
    assert_beside_plot(y_title, plot)
    for word in drawn["y_text"].split():
        assert word == "temperature_c" or (word.endswith("…") and "temperature_c".startswith(word[:-1])), word


def test_a_long_y_title_under_a_two_line_title_and_a_legend_keeps_clear_of_both():
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [-5.0, -7.0, 4.0], "z": [3.0, -2.0, -9.0]})
    title = "Quarterly revenue by region, in thousands of euros, adjusted for inflation, for the board meeting of March"
    ylabel = "Revenue in thousands of euros adjusted for inflation and currency per quarter draft numbers"
    spec = float_spec(frame, height="260", title=title, ylabel=ylabel)
    drawn = drawn_extents(build_figure(spec, chart_frame(spec, frame), dpi=72))
    y_title, plot = drawn["y_title"], drawn["plot"]
    assert drawn["title"].y0 > drawn["legend"].y1 - 1  # two lines of title above the legend
    assert not y_title.overlaps(drawn["legend"]) and not y_title.overlaps(drawn["title"])
    assert_beside_plot(y_title, plot)
    assert drawn["y_text"].replace("\n", " ") == ylabel  # room enough for every word


def test_long_series_names_in_a_legend_are_shortened_inside_the_figure_and_told_apart():
    # Two 200-character names on a 300-pixel chart were both cut by the figure's edge mid-word,
    # showing the same words.
    shared = "Average daily temperature measured at the weather station " * 2
    names = [shared + "on the northern harbour wall" + " x" * 30, shared + "on the southern airport field" + " x" * 30]
    frame = pd.DataFrame({"day": [1.0, 2.0, 3.0], names[0]: [3.0, 5.0, 2.0], names[1]: [4.0, 1.0, 2.0]})
    spec = float_spec(frame, width="300")
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    labels = fig.legends[0].get_texts()
    shown = [label.get_text() for label in labels]
    assert len(set(shown)) == 2 and all("…" in text for text in shown), shown
    assert "northern" in shown[0] and "southern" in shown[1], shown
    for label in labels:
        assert label.get_window_extent(renderer).x1 <= fig.bbox.x1, label.get_text()


@pytest.mark.parametrize("kind", ["line", "area", "bar", "barh"])
def test_the_description_of_one_x_names_it_rather_than_a_range_from_it_to_it(kind):
    frame = pd.DataFrame({"t": pd.to_datetime(["2024-05-01"]), "v": [1.0]})
    spec = parse_spec({"kind": [kind], "x": ["t"], "y": ["v"]}, {"t": "datetime", "v": "float"})
    desc = ET.fromstring(render_svg(spec, frame)).find(f"{SVG}desc").text
    assert "t 2024-05-01." in desc and "from" not in desc, desc


def test_the_description_writes_a_huge_whole_value_short_and_a_whole_one_below_2_to_the_53_in_full():
    frame = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=3), "v": [1.0, 1.7e308, 2.0**53 - 1],
                          "w": [1.0, 2.0, 1.7e308]})
    spec = parse_spec({"x": ["t"], "y": ["v,w"]}, {"t": "datetime", "v": "float", "w": "float"})
    desc = ET.fromstring(render_svg(spec, frame)).find(f"{SVG}desc").text
    assert ("last value: v 9007199254740991, lowest 1 (2024-01-01), highest 1.7 times 10 to the power of 308 "
            "(2024-01-02); w 1.7 times 10 to the power of 308, lowest 1 (2024-01-01), highest 1.7 times 10 to the "
            "power of 308 (2024-01-03).") in desc, desc
    assert len(desc) < 400


def test_lines_cut_to_their_room_end_in_an_ellipsis_cutting_the_last_only_as_far_as_it_must():
    size, width = 10, 200
    short = clip_lines("Paragraph one.\nParagraph two.\nSee the notes.\nMore.", size, 3 * size * 1.4, width)
    assert short == "Paragraph one.\nParagraph two.\nSee the notes.…"
    wide = wrap_text("word " * 60, size, width)
    cut = clip_lines(wide, size, 2 * size * 1.4, width).split("\n")
    assert len(cut) == 2 and cut[-1].endswith("…") and text_size(cut[-1], size)[0] <= width
    assert cut[-1].rstrip("…") == wide.split("\n")[1][: len(cut[-1]) - 1]


@pytest.mark.parametrize(("moments", "fields"), [
    (["0001-01-01", "9999-12-31T23:59:59.999999"], {}),
    (["0001-01-01"], {}),
    (["9999-12-31T12:00"], {"kind": "scatter"}),
    (["0001-01-01", "0001-06-01"], {"resample": "year"}),
])
def test_dates_at_either_end_of_the_calendar_are_drawn(moments, fields):
    # The axis' margins, or a day either side of one moment, would pass the years 1 and 9999,
    # where matplotlib refuses to go; a stored dataset may hold any of these moments.
    frame = pd.DataFrame({"t": pd.to_datetime(moments, format="ISO8601").astype("datetime64[us]"),
                          "v": range(len(moments))})
    spec = parse_spec({"x": ["t"], "y": ["v"], **{k: [v] for k, v in fields.items()}}, {"t": "datetime", "v": "integer"})
    root = ET.fromstring(render_svg(spec, frame))
    assert len(list(root.iter(f"{SVG}path"))) > 1


@pytest.mark.parametrize("kind", ["line", "bar", "scatter"])
@pytest.mark.parametrize("moments", [
    ["9999-12-31T23:59:59.999999"], ["9999-12-31T23:59:59.99996", "9999-12-31T23:59:59.999999"],
    ["9999-12-31T23:59:59.9", "9999-12-31T23:59:59.99"], ["0001-01-01"], ["0001-01-01", "0001-01-01T00:00:00.1"],
])
def test_moments_within_a_second_of_either_end_of_the_calendar_are_drawn_and_dated(moments, kind):
    # Within 20 microseconds of 10000-01-01, a moment is a number of days (a float) that matplotlib
    # reads as that day, past the dates it draws; and the ticks of an axis within a second of either
    # end ran past it: each was a 422 naming "Date ordinal 2932897.0".
    frame = pd.DataFrame({"t": pd.to_datetime(moments, format="ISO8601").astype("datetime64[us]"),
                          "v": range(len(moments))})
    spec = parse_spec({"x": ["t"], "y": ["v"], "kind": [kind]}, {"t": "datetime", "v": "integer"})
    texts = [text.text or "" for text in ET.fromstring(render_svg(spec, frame)).iter(f"{SVG}text")]
    assert any(moments[0][:4] in text for text in texts), texts  # its year, in a tick label or the offset


@pytest.mark.parametrize("kind, title_of_counts", [("bar", "y"), ("barh", "x")])
def test_the_value_axis_of_counted_bars_says_it_counts(kind, title_of_counts):
    frame = pd.DataFrame({"station": ["North", "North", "South", "East"], "reading": [1.0, 2.0, 3.0, 4.0]})
    spec = parse_spec({"kind": [kind], "x": ["station"], "y": ["reading"], "agg": ["count"]},
                      {"station": "text", "reading": "float"})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    fig.draw(FigureCanvasAgg(fig).get_renderer())
    titles = {("y" if text.get_rotation() == 90 else "x"): text.get_text() for text in fig.artists
              if isinstance(text, Text) and text.get_fontsize() == 10.0 and text.get_text()}
    assert titles[title_of_counts] == "count of reading", titles


def test_counted_bars_of_categories_given_once_each_count_one_value_each():
    frame = pd.DataFrame({"station": ["North", "South", "East"], "reading": [1.5, 2.0, float("nan")]})
    spec = parse_spec({"kind": ["bar"], "x": ["station"], "y": ["reading"], "agg": ["count"]},
                      {"station": "text", "reading": "float"})
    counted = chart_frame(spec, frame)
    assert dict(zip(counted["station"], counted["reading"])) == {"East": 0, "North": 1, "South": 1}


@pytest.mark.parametrize("bounds, limits", [({"ymin": "2"}, (2.0, None)), ({"ymax": "50"}, (0.0, 50.0)),
                                            ({"ymin": "5", "ymax": "8"}, (5.0, 8.0))])
def test_a_histograms_count_axis_takes_ymin_and_ymax(bounds, limits):
    frame = pd.DataFrame({"v": np.repeat([0.5, 1.5, 2.5], [3, 9, 6])})
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "bins": ["3"], **{k: [v] for k, v in bounds.items()}},
                      {"v": "float"})
    low, high = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].get_ylim()
    assert low == limits[0]
    assert high == limits[1] if limits[1] is not None else high >= 9  # fitted to the highest count


@pytest.mark.parametrize("kind", ["line", "scatter", "area", "bar", "barh", "hist", "box"])
@pytest.mark.parametrize("bound, value", [("ymin", "5000"), ("ymax", "-5000")])
def test_a_bound_beyond_every_value_keeps_the_value_axis_running_up_from_it(kind, bound, value, animals_frame):
    spec = spec_for(kind, y="Bear", **{bound: value})
    ax = build_figure(spec, chart_frame(spec, animals_frame), dpi=72).axes[0]
    low, high = ax.get_xlim() if kind == "barh" else ax.get_ylim()
    assert low < high
    assert (low if bound == "ymin" else high) == float(value)


@pytest.mark.parametrize("kind", ["line", "scatter", "bar", "barh"])
@pytest.mark.parametrize(("bound", "value"), [("ymin", "5e-200"), ("ymax", "-5e-200")])
def test_a_bound_beyond_every_value_of_small_numbers_spans_about_as_much_as_they_do(kind, bound, value):
    # The free end lay at least 1e-9 past the bound: an axis from 5e-200 to 1e-9.
    sign = -1 if bound == "ymax" else 1
    frame = pd.DataFrame({"x": [1, 2, 3], "v": [sign * 1e-200, sign * 2e-200, sign * 3e-200]})
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["v"], bound: [value]}, {"x": "integer", "v": "float"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    low, high = ax.get_xlim() if kind == "barh" else ax.get_ylim()
    assert (low if bound == "ymin" else high) == float(value)
    assert 0 < high - low < 1e-198
