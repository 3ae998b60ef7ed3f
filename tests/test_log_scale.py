"""`yscale=log`: the value axis on a base-10 log scale, ticked at 1, 10, 100 …; the values at or below
0 it cannot place left out and counted in the chart's words; the kinds and bounds that cannot take it
refused with a 400 saying what does."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np

import pytest

from tests.conftest import created, refusal, site_holding, writable_app

SVG = "{http://www.w3.org/2000/svg}"
# Values over five orders of magnitude, and three at or below 0.
SPREAD = "n,v\n1,1\n2,10\n3,0\n4,100\n5,-5\n6,1000\n7,10000\n8,0\n"
NONE_ABOVE = "n,v\n1,0\n2,-1\n3,-2\n"
BARS = "name,v\na,2\nb,30\nc,400\nd,5000\n"


@pytest.fixture
def client(data_dir):
    """A site holding `spread`, `none_above` and `bars`."""
    return site_holding(data_dir, {"spread": SPREAD, "none_above": NONE_ABOVE, "bars": BARS})


def drawn(client, url: str) -> ET.Element:
    """The SVG `url` answers, which must be a 200."""
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return ET.fromstring(answer.data)


def tick_labels(svg: ET.Element, anchor: str) -> dict[str, float]:
    """The tick labels of an axis (`anchor`: "end" for the y axis' beside the plot, "middle" for the x
    axis' under it), each with where it stands along its axis."""
    along = "y" if anchor == "end" else "x"
    return {text.text: float(text.get(along)) for text in svg.iter(f"{SVG}text")
            if text.get("text-anchor") == anchor and text.get("font-size") == "9"}


def evenly_spaced(places: list[float]) -> bool:
    steps = [b - a for a, b in zip(places, places[1:])]
    return len(steps) >= 2 and max(steps) - min(steps) < 0.05


@pytest.mark.parametrize("kind", ["line", "scatter", "bar", "box"])
def test_log_y_places_each_power_of_ten_a_like_step_up_the_axis(client, kind):
    labels = tick_labels(drawn(client, f"/plot/spread.svg?kind={kind}&x=n&y=v&yscale=log"), "end")
    decades = [labels[text] for text in ("1", "10", "100", "1000", "10000") if text in labels]
    assert len(decades) >= 3, labels
    assert evenly_spaced(decades), labels


def test_a_linear_axis_does_not_place_powers_of_ten_evenly(client):
    labels = tick_labels(drawn(client, "/plot/spread.svg?x=n&y=v"), "end")
    assert "1" not in labels and "10" not in labels, labels


def test_barh_puts_its_value_axis_across_on_the_log_scale(client):
    labels = tick_labels(drawn(client, "/plot/bars.svg?kind=barh&x=name&y=v&yscale=log"), "middle")
    assert evenly_spaced([labels[text] for text in ("10", "100", "1000")]), labels


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_values_at_or_below_zero_are_left_out_and_the_words_say_how_many(client, kind):
    words = drawn(client, f"/plot/spread.svg?kind={kind}&x=n&y=v&yscale=log").find(f"{SVG}desc").text
    assert "3 values at or below 0 are not drawn on the log scale." in words, words
    plain = drawn(client, f"/plot/spread.svg?kind={kind}&x=n&y=v").find(f"{SVG}desc").text
    assert "log scale" not in plain


def test_one_value_at_or_below_zero_is_said_in_the_singular(client):
    words = drawn(client, "/plot/spread.svg?x=n&y=v&yscale=log&xmax=4").find(
        f"{SVG}desc").text
    assert "1 value at or below 0 is not drawn on the log scale." in words, words


def test_a_chart_with_no_value_above_zero_draws_the_note_saying_so(client):
    svg = drawn(client, "/plot/none_above.svg?x=n&y=v&yscale=log")
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert "No values above 0 to draw on the log scale" in texts, texts
    assert "3 values at or below 0 are not drawn on the log scale." in svg.find(f"{SVG}desc").text


def test_bars_rise_from_the_axis_lower_end():
    import pandas as pd

    from plots import build_figure, chart_frame, parse_spec

    frame = pd.DataFrame({"name": ["a", "b", "c"], "v": [2.0, 30.0, 400.0]})
    spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"], "yscale": ["log"]},
                      {"name": "text", "v": "float"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    assert ax.get_yscale() == "log"
    bottom = ax.transAxes.transform((0, 0))[1]
    for bar in ax.patches:
        # From 0, clipped to the axis' foot: drawn from the plot's lower edge up to its value.
        extent = bar.get_window_extent()
        assert extent.y0 <= bottom and extent.y1 > bottom + 1 and bar.get_clip_on(), (extent, bottom)


@pytest.mark.parametrize("kind", ["area", "hist"])
def test_kinds_that_take_no_log_scale_are_refused_naming_those_that_do(client, kind):
    said = refusal(client, f"/plot/spread.json?kind={kind}&y=v&yscale=log")
    assert said.startswith(f"yscale=log does not apply to kind={kind}"), said
    assert "kind=line, kind=bar, kind=barh, kind=scatter or kind=box" in said


@pytest.mark.parametrize("query, name, got", [("ymin=0", "ymin", "ymin=0"), ("ymax=-1", "ymax", "ymax=-1"),
                                              ("kind=barh&x=n&ymin=0", "ymin", "ymin=0"),
                                              ("ymin=-0.5&ymax=10", "ymin", "ymin=-0.5")])
def test_a_bound_at_or_below_zero_under_log_is_refused_naming_it(client, query, name, got):
    said = refusal(client, f"/plot/spread.json?y=v&yscale=log&{query}")
    assert said.startswith(f"{name} must be above 0 with yscale=log"), said
    assert f"got {got}" in said and "yscale=linear" in said


def test_bounds_above_zero_bound_the_log_axis(client):
    labels = tick_labels(drawn(client, "/plot/spread.svg?x=n&y=v&yscale=log&ymin=10&ymax=1000"), "end")
    assert {"10", "100", "1000"} <= set(labels) and "10000" not in labels and "1" not in labels, labels


def test_yscale_is_read_as_kind_is_in_any_case_and_blank_is_linear(client):
    assert client.get("/plot/spread.svg?x=n&y=v&yscale=%20LOG").data == client.get(
        "/plot/spread.svg?x=n&y=v&yscale=log").data
    assert client.get("/plot/spread.svg?x=n&y=v&yscale=").data == client.get("/plot/spread.svg?x=n&y=v").data
    assert client.get("/plot/spread.svg?x=n&y=v&yscale=linear").data == client.get("/plot/spread.svg?x=n&y=v").data


def test_an_unknown_yscale_or_two_of_them_is_refused_saying_what_it_takes(client):
    assert refusal(client, "/plot/spread.json?yscale=logarithmic") == (
        "yscale must be one of linear, log; got 'logarithmic'")
    assert refusal(client, "/plot/spread.json?yscale=log&yscale=") == (
        "yscale was given 2 times; give it once: one of linear, log")


def test_a_log_chart_s_data_holds_the_same_rows_and_names_its_scale(client):
    log, linear = (client.get(f"/plot/spread.json?x=n&y=v{extra}").get_json() for extra in ("&yscale=log", ""))
    assert log["rows"] == linear["rows"] and len(log["rows"]) == 8
    assert log["spec"]["yscale"] == "log" and "yscale" not in linear["spec"]
    assert client.get("/plot/spread.csv?x=n&y=v&yscale=log").data == client.get("/plot/spread.csv?x=n&y=v").data


def test_a_typo_of_yscale_is_guessed_and_scale_s_stays_png_s(client):
    assert "(did you mean 'yscale'?)" in refusal(client, "/plot/spread.json?ysacle=log")
    assert "(did you mean 'scale'? it applies to .png only)" in refusal(client, "/plot/spread.json?scalle=2")


def test_a_line_thinned_per_pixel_column_says_its_values_at_or_below_zero_uncounted(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "long", "n,v\n" + "".join(f"{i},{0 if i % 10 == 0 else i}\n" for i in range(1000)))
    words = drawn(client, "/plot/long.svg?x=n&y=v&yscale=log&width=200").find(f"{SVG}desc").text
    assert words.endswith("Values at or below 0 are not drawn on the log scale."), words
    whole = drawn(client, "/plot/long.svg?x=n&y=v&yscale=log&width=300").find(f"{SVG}desc").text
    assert whole.endswith("100 values at or below 0 are not drawn on the log scale."), whole


def log_axes(kind: str, values: list[float]):
    """The axes of a `kind` chart of `values` by n on a log scale, drawn as render_svg draws them."""
    import pandas as pd

    from plots import build_figure, chart_frame, parse_spec

    frame = pd.DataFrame({"n": range(len(values)), "v": values})
    spec = parse_spec({"kind": [kind], "x": ["n"], "y": ["v"], "yscale": ["log"]}, {"n": "integer", "v": "float"})
    return build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]


def test_minor_ticks_mark_two_to_nine_times_each_power_of_ten_unlabelled():
    from matplotlib.lines import TICKLEFT
    from matplotlib.text import Text

    ax = log_axes("line", [1.0, 10.0, 100.0])
    marks = [line for line in ax.lines if line.get_marker() == TICKLEFT]
    minor = [line for line in marks if line.get_markersize() < max(m.get_markersize() for m in marks)]
    assert len(minor) == 1
    places = set(np.round(minor[0].get_ydata(), 6))
    assert {2.0, 5.0, 9.0, 20.0, 90.0} <= places and not {1.0, 10.0, 100.0} & places
    labels = [artist.get_text() for artist in ax.figure.artists  # the y axis', right of them
              if isinstance(artist, Text) and artist.get_horizontalalignment() == "right"]
    assert labels == ["1", "10", "100"], labels


def test_a_value_between_two_at_or_below_zero_is_drawn_as_a_dot_on_a_log_line():
    ax = log_axes("line", [5.0, 0.0, 7.0, -1.0, 3.0, 4.0])
    dots = [line for line in ax.lines if line.get_label() == "_dots"]
    assert len(dots) == 1 and list(dots[0].get_ydata()) == [5.0, 7.0]


def test_values_near_the_largest_double_are_labelled_as_they_are_on_a_log_axis(client):
    created(client, "huge", "n,v\n1,1e300\n2,1e305\n3,1e307\n")
    labels = tick_labels(drawn(client, "/plot/huge.svg?x=n&y=v&yscale=log"), "end")
    assert "1e+300" in labels and "1e+307" in labels, labels  # not counted in a unit of 1e7 (1e+293 …)


def test_values_all_above_ymax_leave_a_log_axis_ending_at_ymax(client):
    created(client, "high", "n,v\n1,20\n2,80\n3,45\n")
    svg = drawn(client, "/plot/high.svg?x=n&y=v&yscale=log&ymax=0.5")
    labels = tick_labels(svg, "end")
    assert labels and max(float(text) for text in labels) <= 0.5 and min(labels.values()) > 0, labels
    assert "All values lie above ymax 0.5" in svg.find(f"{SVG}desc").text
