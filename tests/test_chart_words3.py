"""A chart's words say what it draws: its bars per series and the categories or periods rows were
combined into, bars and boxes cut at a y bound apart from those lying beyond it, and the values a
histogram's x bounds leave out of its bins; bars of irregular dates thinned to a few labels label
the last, upright or horizontal, and a legend packed by its labels' widths spaces its rows as a
legend of columns does."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from plots import parse_spec, render_svg
from plots.date_bars import period_counts
from tests.conftest import writable_app
from plots.layout import text_size
from plots.ticks import LABEL_GAP, LINE_HEIGHT, TICK_SIZE
from tests.test_alt_and_embeds import alt_texts
from tests.test_bars_drawn import box_plot, description, drawn_pixels, marked_places, said_and_marked, tick_labels
from tests.test_chart_truth2 import LONG_NAME, SQUARE_DAYS, TOWNS, labelled_bars, series_csv
from tests.test_date_axis_labels import drawn_places
from tests.test_legend_order import legend_labels
from tests.test_chart_truth2 import chart_description, pushed
from tests.test_render import chart_texts, spec_for

MINUS = "\N{MINUS SIGN}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def client(data_dir):
    """A client of a site that takes writes: each test pushes the rows it charts."""
    return writable_app(data_dir).test_client()


# Bars per series, and the categories or periods rows were combined into

GROUPED = "k,a,b\nx,1,2\ny,3,4\nz,5,6\n"
# x given twice, y and z without a value of b or a, w without b: four categories of six rows.
COMBINED = "k,a,b\nx,1,2\nx,3,4\ny,5,\nz,,6\nz,,7\nw,7,\n"


@pytest.mark.parametrize(("csv", "query", "words"), [
    # Three rows, each a category with a bar of each series: six bars, not six rows. (Each bar is said after,
    # which names the categories as a span would.)
    (GROUPED, "kind=bar&x=k&y=a&y=b", "Bar chart of a, b by k, 3 rows, 3 bars of each series."),
    (GROUPED, "kind=bar&x=k&y=a", "Bar chart of a by k, 3 rows."),
    # Six rows combined into four categories, a missing value no bar.
    (COMBINED, "kind=bar&x=k&y=a&y=b", "Bar chart of a, b by k, 4 categories, 3 bars of a and 2 of b."),
    (COMBINED, "kind=barh&x=k&y=a&y=b",
     "Horizontal bar chart of a, b by k, 4 categories, 3 bars of a and 2 of b."),
    # Counted, each category has a bar of each series, one of 0 where no value was given.
    (COMBINED, "kind=bar&x=k&y=a&y=b&agg=count",
     "Bar chart of count of a, count of b by k, 4 categories, 4 bars of each series."),
    ("k,v\na,1\nb,\nc,3\n", "kind=bar&x=k&y=v", "Bar chart of v by k, 3 rows, 2 bars."),
])
def test_a_bar_charts_words_count_its_bars_of_each_series_and_its_categories(client, csv, query, words):
    pushed(client, "bars", csv)
    said = chart_description(client, f"/plot/bars.svg?{query}")
    assert said.startswith(words + " "), said


@pytest.mark.parametrize(("url", "words"), [
    # 10,958 daily rows summed by year: thirty bars, not thirty rows.
    ("/d/weather/yearly-rainfall.svg", "Bar chart of rainfall_mm by date, 30 years. date from 1996 to 2025."),
    ("/d/stations/rainfall.svg", "Bar chart of rainfall_mm by date, 12 months. date from 2025-01 to 2025-12."),
    ("/d/stations/temperature.svg", "Line chart of temperature_c by date, 53 weeks. date from 2024-12-30 to"),
])
def test_rows_resampled_are_counted_as_the_periods_they_were_combined_into(client, url, words):
    said = chart_description(client, url)
    assert said.startswith(words), said
    # No rows at all make no periods: the rows' count says so.
    empty = chart_description(client, f"{url}?from=2040-01-01")
    assert ", 0 rows. No rows in this range." in empty, empty


# Bars cut at a y bound, and bars lying beyond it


@pytest.mark.parametrize(("kind", "values", "bounds", "words", "marks"), [
    # From zero up past ymax: drawn to the plot's top, their values above it.
    ("bar", [5.0, 20.0, 12.0], {"ymax": "10"}, "2 bars are cut off at ymax 10 (marked by triangles).", 2),
    # From zero down past ymin: drawn to the plot's foot.
    ("bar", [-3.0, -9.0, 4.0, 30.0], {"ymin": "-5"}, f"1 bar is cut off at ymin {MINUS}5 (marked by a triangle).", 1),
    ("barh", [-3.0, -9.0, 4.0, 30.0], {"ymin": "-5", "ymax": "10"},
     f"1 bar is cut off at ymin {MINUS}5 and 1 at ymax 10 (marked by triangles).", 2),
    # Under a plot of negative values only, bars from zero up lie wholly above it.
    ("bar", [-3.0, -9.0, 4.0, 30.0], {"ymin": "-5", "ymax": "-1"},
     f"1 bar is cut off at ymin {MINUS}5 and 2 lie above ymax {MINUS}1 (marked by triangles).", 3),
    ("bar", [5.0, 20.0, 30.0], {"ymin": "10", "ymax": "25"},
     "1 bar lies below ymin 10 and 1 is cut off at ymax 25 (marked by triangles).", 2),
    # Ending at zero on ymin=0, a bar from zero down draws no length in the plot: it lies below it.
    ("bar", [-3.0, -9.0, 4.0, 30.0], {"ymin": "0"}, "2 bars lie below ymin 0 (marked by triangles).", 2),
])
def test_bars_cut_at_a_bound_are_said_to_be_cut_and_bars_beyond_it_to_lie_there(kind, values, bounds, words,
                                                                                 marks):
    said, marked = said_and_marked(kind, values, bounds)
    assert said.endswith(words), said
    assert marked == marks  # each bar said is marked


# Boxes cut at a y bound, and boxes lying beyond it

BOXES = ("Box plot of a, b, c, 21 rows. a from 0 to 10, 21 values, median 5, quartiles 2.5 and 7.5. b from 60 to 80, "
         "21 values, median 70, quartiles 65 and 75. c from 100 to 120, 21 values, median 110, quartiles 105 and 115.")


@pytest.mark.parametrize(("bounds", "words", "marks"), [
    # a runs from 0 to 10, b from 60 to 80, c from 100 to 120, whiskers and all: a whisker
    # running past a bound is cut there, marked by a triangle, and was left unsaid.
    ({"ymin": "5", "ymax": "110"},
     "The box of a is cut off at ymin 5 and the box of c at ymax 110 (marked by triangles).", 2),
    ({"ymin": "70"},
     "The box of a lies below ymin 70 and the box of b is cut off at ymin 70 (marked by triangles).", 2),
    ({"ymin": "5", "ymax": "150"}, "The box of a is cut off at ymin 5 (marked by a triangle).", 1),
    ({"ymax": "115"}, "The box of c is cut off at ymax 115 (marked by a triangle).", 1),
    # Cut at both ends: said at once, after the boxes lying beyond the bounds.
    ({"ymin": "65", "ymax": "75"},
     "The box of a lies below ymin 65 and the box of c above ymax 75 and the box of b is cut off at ymin 65 and "
     "at ymax 75 (marked by triangles).", 4),
    ({"ymax": "9"},
     "The boxes of b and c lie above ymax 9 and the box of a is cut off at ymax 9 (marked by triangles).", 3),
])
def test_boxes_cut_at_a_bound_are_said_to_be_cut_and_boxes_beyond_it_to_lie_there(bounds, words, marks):
    spec, frame = box_plot(**bounds)
    said = description(spec, frame)
    assert said == f"{BOXES} {words}", said
    assert marked_places(drawn_pixels(spec, frame)[0]) == marks  # each box said is marked, at each end cut


def test_boxes_cut_alike_are_named_together():
    frame = pd.DataFrame({"a": np.linspace(0, 10, 21), "b": np.linspace(2, 12, 21)})
    spec = parse_spec({"kind": ["box"], "y": ["a,b"], "ymin": ["3"], "ymax": ["8"]}, {"a": "float", "b": "float"})
    assert description(spec, frame).endswith(
        "b from 2 to 12, 21 values, median 7, quartiles 4.5 and 9.5. The boxes of a and b are cut off at ymin 3 and at "
        "ymax 8 (marked by triangles).")
    assert marked_places(drawn_pixels(spec, frame)[0]) == 4


@pytest.mark.parametrize("bounds", [{}, {"ymin": "-5", "ymax": "200"}, {"ymin": "0", "ymax": "120"}, {"ymax": "130"}])
def test_boxes_within_the_bounds_or_ending_on_them_add_nothing_to_the_words(bounds):
    spec, frame = box_plot(**bounds)
    assert description(spec, frame) == BOXES
    assert marked_places(drawn_pixels(spec, frame)[0]) == 0


def test_a_chart_pages_alt_text_says_which_boxes_are_cut_as_its_image_does(client):
    # Wolf runs from 5 to 16, Bear from 23 to 40, Deer from 114 to 187.
    words = "The box of Wolf is cut off at ymin 10 and the box of Deer at ymax 150 (marked by triangles)."
    page = client.get("/d/animals/spread?ymin=10&ymax=150")
    assert page.status_code == 200
    # Then the title of the values the dashboard gives, which the words name last.
    ending = f"{words} y axis: sightings a year."
    assert alt_texts(page.get_data(as_text=True))[0].endswith(ending)
    assert chart_description(client, "/d/animals/spread.svg?ymin=10&ymax=150").endswith(ending)
    # Bounds that cut no box: the words of the chart without them.
    whole = alt_texts(client.get("/d/animals/spread?ymin=0&ymax=200").get_data(as_text=True))[0]
    assert whole == alt_texts(client.get("/d/animals/spread").get_data(as_text=True))[0]


# Values a histogram's x bounds leave out of its bins

# v from -3 to 15, w from 1 to 30 (one row without w).
SPREAD = "v,w\n-3,1\n-1,2\n2,3\n5,4\n8,\n12,20\n15,30\n"


@pytest.mark.parametrize(("query", "words"), [
    ("y=v&xmin=0&xmax=10",
     "Histogram of v, 3 rows. v from 2 to 8; 4 more values lie outside the bins, 2 below xmin 0 and 2 above xmax 10."),
    ("y=v&xmin=0", "Histogram of v, 5 rows. v from 2 to 15; 2 more values lie below xmin 0, outside the bins."),
    ("y=v&xmax=10", f"Histogram of v, 5 rows. v from {MINUS}3 to 8; 2 more values lie above xmax 10, outside the bins."),
    ("y=v&y=w&xmin=0&xmax=10",
     "Histogram of v, w, 5 rows. v from 2 to 8; 4 more values lie outside the bins, 2 below xmin 0 and 2 above "
     "xmax 10. w from 1 to 4; 2 more values lie above xmax 10, outside the bins."),
    # Bounds that leave every value in: nothing to say.
    ("y=v&xmin=-3&xmax=15", f"Histogram of v, 7 rows. v from {MINUS}3 to 15."),
])
def test_a_histogram_under_x_bounds_says_how_many_values_lie_outside_its_bins(client, query, words):
    pushed(client, "spread", SPREAD)
    said = chart_description(client, f"/plot/spread.svg?kind=hist&{query}")
    assert said == words


@pytest.mark.parametrize(("query", "note"), [
    ("y=v&xmin=20", "All 7 values lie below xmin 20"),
    ("y=w&xmin=4.5&xmax=6", "All 6 values lie outside the bins, 4 below xmin 4.5 and 2 above xmax 6"),
])
def test_a_histogram_whose_values_all_lie_outside_its_bins_says_where_over_its_plot(client, query, note):
    pushed(client, "spread", SPREAD)
    response = client.get(f"/plot/spread.svg?kind=hist&{query}")
    assert response.status_code == 200
    assert note in chart_texts(response.data)
    assert ET.fromstring(response.data).find(f"{SVG}desc").text.endswith(f", 0 rows. {note}.")


def test_a_histogram_of_the_samples_values_all_below_xmin_counts_them(animals_frame):
    # Three series of twelve years each, from 5 to 187: none between 1000 and 2000.
    svg = render_svg(spec_for("hist", xmin="1000", xmax="2000"), animals_frame)
    assert "All 36 values lie below xmin 1000" in chart_texts(svg)


# Bars of irregular dates, their labels thinned


@pytest.mark.parametrize(("width", "height"), [(250, 300), (320, 360), (400, 200), (640, 200), (300, 150)])
def test_bars_of_irregular_dates_label_the_first_and_the_last_bar_none_running_into_another(client, width, height):
    # 2024-01-01 plus 0, 1, 4, 9, … days: every n-th bar from the first left the last one or two,
    # what the chart ends with (2026-04-21), unlabelled.
    pushed(client, "squares", "date,v\n" + "".join(f"{day.date()},{i + 1}\n" for i, day in enumerate(SQUARE_DAYS)))
    svg = client.get(f"/plot/squares.svg?kind=bar&width={width}&height={height}").data
    labelled = labelled_bars(svg, SQUARE_DAYS)
    assert 2 <= len(labelled) < len(SQUARE_DAYS), labelled  # thinned
    assert (labelled[0], labelled[-1]) == (0, len(SQUARE_DAYS) - 1), labelled
    turned, _ = tick_labels(svg)
    if turned:  # turned upwards: a line's height apart
        for (left, _), (right, _) in zip(turned, turned[1:]):
            assert right - left >= TICK_SIZE * LINE_HEIGHT, turned
    else:
        places = drawn_places(svg)
        for (left, before), (right, after) in zip(places, places[1:]):
            need = (text_size(before, TICK_SIZE)[0] + text_size(after, TICK_SIZE)[0]) / 2 + LABEL_GAP
            assert right - left >= need, places


# 100 days from 2024-01-01, 1 to 14 days apart at random: no round step labels them throughout.
RANDOM_DAYS = list(pd.Timestamp("2024-01-01") + pd.to_timedelta(
    np.concatenate([[0], np.cumsum(np.random.default_rng(3).integers(1, 15, 99))]), unit="D"))


@pytest.mark.parametrize(("width", "height"), [(640, 360), (320, 240), (640, 200), (200, 150), (400, 600)])
def test_horizontal_bars_of_irregular_dates_label_the_first_and_the_last_bar_none_running_into_another(
        client, width, height):
    # Thinned every n-th from the first bar down, the last bar or few (2026-01-22) went unlabelled,
    # as upright bars' did.
    assert period_counts(pd.Series(RANDOM_DAYS), None) is None  # irregular: thinned every n-th bar
    pushed(client, "gaps", "date,v\n" + "".join(f"{day.date()},{i + 1}\n" for i, day in enumerate(RANDOM_DAYS)))
    response = client.get(f"/plot/gaps.svg?kind=barh&width={width}&height={height}")
    assert response.status_code == 200
    _, across = tick_labels(response.data)  # from the top down: the first bar is on top
    written = [f"{day.date()}" for day in RANDOM_DAYS]
    labels = [label for _, label in across]
    assert 2 <= len(labels) < len(written), labels  # thinned
    assert (labels[0], labels[-1]) == (written[0], written[-1]), labels
    assert [written.index(label) for label in labels] == sorted(written.index(label) for label in labels), labels
    # Written across, one above another: each a line high, none running into the next.
    for (top, above), (bottom, below) in zip(across, across[1:]):
        need = (text_size(above, TICK_SIZE)[1] + text_size(below, TICK_SIZE)[1]) / 2
        assert bottom - top >= need, across


# A legend's rows


def legend_rows(client, name: str, names: list[str], size: str) -> tuple[list[list[str]], list[float]]:
    """The rows of the legend of a line per name of `names` (the dataset `name`), top to bottom,
    and how far apart they are (points)."""
    pushed(client, name, series_csv(names) + "\n")
    response = client.get(f"/plot/{name}.svg?{size}")
    assert response.status_code == 200
    labels = sorted(legend_labels(response.data))
    tops = sorted({y for y, _, _ in labels})
    return [[label for y, _, label in labels if y == top] for top in tops], [b - a for a, b in zip(tops, tops[1:])]


@pytest.mark.parametrize("size", ["width=640&height=200", "width=320&height=300", "width=320&height=400"])
def test_a_legend_packed_by_its_labels_widths_spaces_its_rows_as_a_legend_of_columns_does(client, size):
    # Each packed row a legend of its own, they stood a LEGEND_ROW (15.75 points) apart, 2.25 more
    # than the rows of a legend of columns.
    columns, grid = legend_rows(client, "columns", TOWNS, "width=200&height=400")
    # Every name in aligned columns, none counted: the legend packs none of its rows.
    assert len({len(row) for row in columns[:-1]}) == 1 and not columns[-1][-1].startswith("+"), columns
    assert len(grid) >= 2 and max(grid) - min(grid) < 0.011, grid
    rows, apart = legend_rows(client, "packed", [LONG_NAME, *TOWNS, *(f"{town} sør" for town in TOWNS)], size)
    # Packed: the long name's row, and rows of several short names, where columns as wide as the
    # long name would hold one name each.
    assert rows[0][0].startswith("Temperature") and any(len(row) > 1 for row in rows), rows
    assert apart and all(abs(gap - grid[0]) < 0.011 for gap in apart), (apart, grid)


@pytest.mark.parametrize(("value", "said"), [
    (0.30000000000000004, "0.3"),  # 0.1 + 0.2: what the axis shows, not the double's last digits
    (20.333333333333332, "20.33"),
    (-0.0001234567, "\N{MINUS SIGN}0.0001235"),
    (123456.0, "123456"),  # a whole number in full
    (12345.678, "12346"),  # from 10,000 up rounded whole: "1.235e+04" would be spelled out
    (-98765.4321, "\N{MINUS SIGN}98765"),
    (9999.4, "9999"),
    (9999.5, "10000"),  # whole, not "1e+04"
])
def test_the_alt_text_writes_values_to_four_significant_digits_as_read_off_the_axis(value, said):
    frame = pd.DataFrame({"x": [1.0, 2.0], "v": [1.0, value]})
    spec = parse_spec({"x": ["x"], "y": ["v"]}, {"x": "float", "v": "float"})
    # The lowest and highest of 1 and the value are said as the value is.
    low, high = (said, "1") if value < 1 else ("1", said)
    ends = f"lowest {low} ({2 if value < 1 else 1}), highest {high} ({1 if value < 1 else 2})"
    assert description(spec, frame).endswith(f"last value: v {said}, {ends}."), description(spec, frame)


@pytest.mark.parametrize(("bound", "said"), [("ymin", "v lies below ymin 12346."),
                                             ("ymax", "All values lie above ymax 12346.")])
def test_the_notes_write_a_bound_as_they_write_a_value_whole_from_five_digits(bound, said):
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "v": [1.0, 2.0, 3.0], "w": [20000.0, 30000.0, 25000.0]})
    y = "v,w" if bound == "ymin" else "w"
    spec = parse_spec({"x": ["x"], "y": [y], bound: ["12345.678"]}, {"x": "float", "v": "float", "w": "float"})
    assert description(spec, frame).endswith(said), description(spec, frame)
