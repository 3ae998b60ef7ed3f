"""Charts that say what their data holds: bars cut at a bound are marked and counted, a legend
names every series it has room for, and bars of irregular dates are labelled to the last."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from plots import build_figure, chart_frame, parse_spec
from plots.date_bars import period_counts
from plots.header import LEGEND_SIZE
from plots.layout import text_size
from plots.style import THEMES
from plots.ticks import TICK_SIZE
from tests.conftest import CSV_WRITE, writable_app
from tests.test_bars_drawn import SVG, colour_by_edge, description, drawn_pixels, marked_places, near, tick_labels
from tests.test_legend_order import legend_labels, legend_reading_order


@pytest.fixture
def client(data_dir):
    """A client of a site that takes writes: each test pushes the rows it charts."""
    return writable_app(data_dir).test_client()


def pushed(client, name: str, csv: str) -> None:
    """Create the dataset `name` of the rows `csv`, as the API takes them."""
    response = client.post(f"/api/datasets?name={name}&title={name}", data=csv.encode(), headers=CSV_WRITE)
    assert response.status_code == 201, response.get_json()


def chart_description(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data
    return ET.fromstring(response.data).find(f"{SVG}desc").text


# Bars cut at a bound


def test_bars_running_past_ymax_are_counted_in_the_description(client):
    # 17 years of the sample's rainfall lie above 750 mm: cut at the plot's top, they look alike.
    words = chart_description(client, "/d/weather/yearly-rainfall.svg?ymax=750")
    # The dashboard's axis titles, which the words end with, come after them.
    assert words.endswith("17 bars are cut off at ymax 750 (marked by triangles). x axis: year. y axis: mm."), words
    pushed(client, "kv", "k,v\na,5\nb,20\nc,12\n")
    for kind in ("bar", "barh"):
        words = chart_description(client, f"/plot/kv.svg?kind={kind}&ymax=10")
        assert words.endswith("v: a 5, b 20, c 12. 2 bars are cut off at ymax 10 (marked by triangles)."), words
    # A bar ending on the bound is whole: 12 under ymax=12 is not beyond it.
    words = chart_description(client, "/plot/kv.svg?kind=bar&ymax=12")
    assert words.endswith("1 bar is cut off at ymax 12 (marked by a triangle)."), words
    # Bins of 2 values (5 and 12) and of 1 (20) under ymax=1: the first is cut, the second ends on it.
    words = chart_description(client, "/plot/kv.svg?kind=hist&y=v&bins=2&ymax=1")
    assert words.endswith("v from 5 to 20. 1 bar is cut off at ymax 1 (marked by a triangle)."), words


def test_a_negative_bar_running_below_ymin_is_counted_and_one_from_zero_over_ymin_is_not(client):
    pushed(client, "kw", "k,w\na,-3\nb,-9\nc,4\nd,30\n")
    words = chart_description(client, "/plot/kw.svg?kind=bar&ymin=-5")
    assert words.endswith("w: a \N{MINUS SIGN}3, b \N{MINUS SIGN}9, c 4, d 30. "
                          "1 bar is cut off at ymin \N{MINUS SIGN}5 (marked by a triangle)."), words
    # The bar of 30 stands on the plot's foot at ymin=10, as a chart zoomed in on its bars' tops draws it.
    words = chart_description(client, "/plot/kw.svg?kind=bar&ymin=10")
    assert words.endswith("3 bars lie below ymin 10 (marked by triangles)."), words


def bar_chart(kind: str, values: list[float], theme: str = "light", **bounds: str):
    """The axes and pixels of a chart of one bar per value, in categories a, b, c …"""
    frame = pd.DataFrame({"k": list("abcdefgh"[: len(values)]), "v": values})
    fields = {"kind": [kind], "x": ["k"], "y": ["v"], "theme": [theme], **{name: [value] for name, value in bounds.items()}}
    return drawn_pixels(parse_spec(fields, {"k": "text", "v": "float"}), frame)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_a_bar_cut_at_a_bound_shows_a_triangle_of_the_background_at_its_end(kind, theme):
    # 20 and 12 under ymax=10 both reach the plot's end; 5 ends within it and 10 on it.
    ax, pixels = bar_chart(kind, [5.0, 20.0, 12.0, 10.0], theme, ymax="10")
    horizontal = kind == "barh"
    background = THEMES[theme].background
    bar = to_hex(ax.patches[0].get_facecolor())
    for place in (1.0, 2.0):
        assert near(colour_by_edge(ax, pixels, place, 1.0, horizontal), background), place  # the triangle's tip
        assert near(colour_by_edge(ax, pixels, place, 1.0, horizontal, 12.0), bar), place  # the bar below it
    assert near(colour_by_edge(ax, pixels, 3.0, 1.0, horizontal), bar)  # 10 ends on the bound: whole, no mark
    assert marked_places(ax) == 2


def test_a_negative_bar_cut_at_ymin_is_marked_at_its_end_not_at_zero():
    ax, pixels = bar_chart("bar", [-9.0, 30.0, -3.0], ymin="-5", ymax="40")
    background = THEMES["light"].background
    bar = to_hex(ax.patches[0].get_facecolor())
    assert near(colour_by_edge(ax, pixels, 0.0, 0.0, False), background)  # -9 runs below -5
    assert near(colour_by_edge(ax, pixels, 0.0, 0.0, False, 12.0), bar)
    assert marked_places(ax) == 1


def test_a_histogram_bin_cut_at_ymax_is_marked_and_one_ending_on_it_is_not():
    frame = pd.DataFrame({"v": np.repeat([0.5, 1.5, 2.5], [30, 10, 4])})
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "bins": ["3"], "xmin": ["0"], "xmax": ["3"], "ymax": ["10"]},
                      {"v": "float"})
    ax, pixels = drawn_pixels(spec, frame)
    background = THEMES["light"].background
    bar = to_hex(pixels[int(pixels.shape[0] - ax.transData.transform((2.5, 2.0))[1]),
                        int(ax.transData.transform((2.5, 2.0))[0])])  # the bin of 4, as painted
    assert near(colour_by_edge(ax, pixels, 0.5, 1.0, False), background)  # 30 runs past 10
    assert near(colour_by_edge(ax, pixels, 0.5, 1.0, False, 12.0), bar)
    assert near(colour_by_edge(ax, pixels, 1.5, 1.0, False), bar)  # 10 ends on it
    assert marked_places(ax) == 1
    assert description(spec, frame).endswith("1 bar is cut off at ymax 10 (marked by a triangle).")


def test_a_box_whose_whisker_runs_past_a_bound_is_marked_where_it_is_cut():
    frame = pd.DataFrame({"a": np.linspace(0, 10, 21), "b": np.linspace(60, 80, 21)})
    spec = parse_spec({"kind": ["box"], "y": ["a,b"], "ymax": ["70"], "ymin": ["5"]}, {"a": "float", "b": "float"})
    ax, _ = drawn_pixels(spec, frame)
    marks = [line for line in ax.lines if line.get_marker() in ("v", "^")]
    # a's lower whisker, cut at 5, and b's upper one, cut at 70: in the boxes' ink, as a box lying beyond is.
    assert [(line.get_marker(), list(line.get_xdata())) for line in marks] == [("v", [1.0]), ("^", [2.0])]
    assert {to_hex(line.get_color()) for line in marks} == {THEMES["light"].foreground}
    # Its words give each series' range, and say which box is cut at which bound.
    assert description(spec, frame).endswith(
        "b from 60 to 80, 21 values, median 70, quartiles 65 and 75. The box of a is cut off at ymin 5 and the box "
        "of b at ymax 70 (marked by triangles).")


# A legend of one long name among short ones

LONG_NAME = "Temperature at the northern airport station (°C)"
TOWNS = ["Oslo", "Bergen", "Tromsø", "Bodø", "Molde", "Alta", "Vardø"]


def series_csv(names: list[str]) -> str:
    """Ten rows of a line per name, by t."""
    header = ",".join(["t", *(f'"{name}"' for name in names)])
    return "\n".join([header, *(",".join([str(t), *(str(t + at) for at in range(len(names)))]) for t in range(10))])


@pytest.mark.parametrize("count", [7, 8])
def test_one_long_series_name_leaves_the_short_ones_named_beside_it(client, count):
    # Columns as wide as the long name held one entry a row: "+3 more" left three lines unnamed.
    names = [LONG_NAME, *TOWNS[: count - 1]]
    pushed(client, "towns", series_csv(names) + "\n")
    response = client.get("/plot/towns.svg")
    assert response.status_code == 200
    assert legend_reading_order(response.data) == names
    labels = legend_labels(response.data)
    assert len({y for y, _, _ in labels}) == 2  # the long name and three short ones, then the rest
    figure_width = float(ET.fromstring(response.data).get("viewBox").split()[2])
    for _, x, label in labels:
        assert x + text_size(label, LEGEND_SIZE)[0] <= figure_width, label


def test_a_legend_packed_by_its_labels_widths_counts_the_series_it_has_no_room_for(client):
    names = [LONG_NAME, *TOWNS, *(f"{town} sør" for town in TOWNS)]
    pushed(client, "towns", series_csv(names) + "\n")
    response = client.get("/plot/towns.svg?height=200")
    assert response.status_code == 200
    shown = legend_reading_order(response.data)
    assert shown[-1].startswith("+") and shown[-1].endswith(" more"), shown
    # Named in their order, and counted: none left out unsaid.
    assert shown[:-1] == names[: len(shown) - 1]
    assert len(shown) - 1 + int(shown[-1].split()[0][1:]) == len(names)
    assert len(shown) - 1 > 2  # the long name's column held one name and the count


def test_a_legend_whose_columns_all_fit_is_laid_out_as_ever():
    # Every name fits in columns as wide as the widest: one legend of aligned columns.
    frame = pd.DataFrame({"x": np.arange(5.0), **{name: np.arange(5.0) for name in [LONG_NAME, *TOWNS[:2]]}})
    spec = parse_spec({"height": ["600"]}, {c: "float" for c in frame.columns})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    (legend,) = fig.legends
    assert [text.get_text() for text in legend.get_texts()] == [LONG_NAME, *TOWNS[:2]]


# Bars of irregular dates

SQUARE_DAYS = [pd.Timestamp("2024-01-01") + pd.Timedelta(days=i * i) for i in range(30)]


def labelled_bars(svg: bytes, dates: list[pd.Timestamp]) -> list[int]:
    """The indices of the bars of `dates` (in their order) whose labels the chart draws, read from
    the labels left to right: a label is the bar's date or its end ("01-05" after "2024-01-01")."""
    turned, across = tick_labels(svg)
    # Across, under the bars: the x axis' labels are centred at their ticks.
    shown = [label for _, label in turned] or [
        text.text for text in sorted(ET.fromstring(svg).iter(f"{SVG}text"), key=lambda text: float(text.get("x", 0)))
        if text.get("text-anchor") == "middle" and text.get("font-size") == f"{TICK_SIZE:g}"]
    written = [date.strftime("%Y-%m-%d") for date in dates]
    found, at = [], 0
    for label in shown:
        while not written[at].endswith(label):
            at += 1
        found.append(at)
        at += 1
    return found


@pytest.mark.parametrize("size", ["width=320&height=360", "width=400&height=360", "width=640&height=200",
                                  "width=250&height=300"])
def test_bars_of_irregular_days_are_labelled_every_few_bars_from_the_first_to_the_last(client, size):
    # Thinned to the 1st of each month (or the bar standing in for it), the bars of 2024-01-01 plus
    # 0, 1, 4, 9, … days kept three labels, the last over a year and eight bars before the end;
    # thinned to every n-th from the first, the last bar or two, and where the chart ends.
    pushed(client, "squares", "date,v\n" + "".join(f"{day.date()},{i + 1}\n" for i, day in enumerate(SQUARE_DAYS)))
    response = client.get(f"/plot/squares.svg?kind=bar&{size}")
    assert response.status_code == 200
    labelled = labelled_bars(response.data, SQUARE_DAYS)
    assert len(labelled) >= 4, labelled
    assert (labelled[0], labelled[-1]) == (0, len(SQUARE_DAYS) - 1), labelled
    # Every n-th from the first and the last, which takes the place of the n-th before it where
    # its label would run into that one's.
    step = labelled[1] - labelled[0]
    assert labelled[:-1] == list(range(0, labelled[-2] + 1, step)), labelled
    assert 0 < labelled[-1] - labelled[-2] < 2 * step, labelled


def test_bars_of_working_days_keep_the_round_days_they_are_thinned_to():
    # A weekend and a holiday lie between them: the bar after a round day stands in for it.
    days = pd.Series(pd.bdate_range("2024-01-02", "2024-12-31").drop(pd.Timestamp("2024-05-01")))
    counts, steps = period_counts(days, None)
    assert steps == (1, 2, 7, 14, 42, 84, 126, 168, 252, 504)
