"""Text on charts too small for it: years thinned rather than cut, titles kept before axis titles,
words shortened with "…" rather than split, and nothing "shortened" to a wider text."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.fitted_text import shorten, wrap_text
from plots import layout
from plots.layout import text_size
from plots.told_apart import shorten_apart

SVG = "{http://www.w3.org/2000/svg}"


def drawn_texts(svg: bytes) -> list[ET.Element]:
    """The <text> elements of a chart's SVG, in the order drawn."""
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


def chart_title(svg: bytes) -> str:
    """The chart's title as drawn (the bold texts, a line each), its lines joined by spaces."""
    return " ".join(t.text for t in drawn_texts(svg) if t.get("font-weight") == "700")


def x_tick_labels(svg: bytes) -> list[str]:
    """The x tick labels: tick-sized texts that are not bold (the title) nor end at their ticks (y labels)."""
    return [t.text for t in drawn_texts(svg)
            if t.get("font-size") == "9" and t.get("font-weight") != "700" and t.get("text-anchor") != "end"]


def axis_titles(svg: bytes) -> list[str]:
    """The lines of the axis titles (10 points) as drawn."""
    return [t.text for t in drawn_texts(svg) if t.get("font-size") == "10"]


def title_and_desc(svg: bytes) -> tuple[str, str]:
    """The text of a chart's SVG <title> and <desc>: its words."""
    root = ET.fromstring(svg)
    return root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text


@pytest.mark.parametrize("width", ["300", "100"])
def test_a_short_bar_chart_of_years_keeps_its_title_and_writes_each_year_whole(client, width):
    # Turned upwards under a short plot the years were cut to "2…2" (2012 or 2022?) and took the
    # room of the title "Bears": they are thinned to every few years instead, written across.
    svg = client.get(f"/d/animals/bears.svg?width={width}&height=100").data
    assert chart_title(svg) == "Bears"
    labels = x_tick_labels(svg)
    assert labels and all(label.isdigit() and len(label) == 4 for label in labels), labels
    assert set(labels) <= {str(year) for year in range(2010, 2022)}, labels


def test_bars_of_numbers_on_a_short_chart_are_thinned_to_a_round_step_not_cut():
    # Turned, they were cut to "100…", "102…": 1000 to 1009, or 1020 to 1029?
    frame = pd.DataFrame({"n": np.arange(100, 124) * 10, "v": np.arange(24.0)})
    spec = parse_spec({"kind": ["bar"], "x": ["n"], "y": ["v"], "width": ["300"], "height": ["100"]},
                      {"n": "int", "v": "float"})
    labels = x_tick_labels(render_svg(spec, frame))
    values = [int(label) for label in labels]
    assert len(values) >= 2 and all(value % (values[1] - values[0]) == 0 for value in values), labels


@pytest.mark.parametrize("kind", ["bar", "line"])
def test_a_short_chart_leaves_out_its_x_axis_title_before_its_title(kind):
    # Values near 1e8 write "1e8" over the y axis, which took the room of the title while "year"
    # stayed under the axis, whose years say as much. (140 wide: at 150 they are written whole
    # beside the plot, and leave room for both titles.)
    frame = pd.DataFrame({"year": np.arange(2000, 2012), "v": np.arange(12) * 1e7 + 3e8})
    spec = parse_spec({"kind": [kind], "x": ["year"], "y": ["v"], "width": ["140"], "height": ["100"],
                       "title": ["Big values"]}, {"year": "int", "v": "float"})
    svg = render_svg(spec, frame)
    assert chart_title(svg) == "Big values"
    assert "year" not in axis_titles(svg)


def test_a_taller_chart_keeps_both_its_title_and_its_x_axis_title():
    frame = pd.DataFrame({"year": np.arange(2000, 2012), "v": np.arange(12) * 1e7 + 3e8})
    spec = parse_spec({"kind": ["bar"], "x": ["year"], "y": ["v"], "width": ["300"], "height": ["200"],
                       "title": ["Big values"]}, {"year": "int", "v": "float"})
    svg = render_svg(spec, frame)
    assert chart_title(svg) == "Big values" and "year" in axis_titles(svg)


def test_a_y_axis_title_too_long_by_a_hair_is_kept_whole_not_made_wider(client):
    # "mm" beside a plot a little shorter than it was "shortened" to "m…", wider than "mm", and
    # then split into two lines, "m" and "…".
    svg = client.get("/d/stations/rainfall.svg?height=100").data
    assert "mm" in axis_titles(svg)


def test_shorten_never_gives_a_wider_text():
    assert shorten("mm", 10.0, text_size("mm", 10.0)[0] - 1) == "mm"
    assert shorten("temperature", 10.0, 30.0).endswith("…")


def test_texts_shortened_apart_are_kept_whole_where_their_short_forms_are_no_narrower():
    texts = ["ab1x", "ab2x"]
    shortened = shorten_apart(texts, 9.0, 5.0)
    assert all(text_size(short, 9.0)[0] <= text_size(text, 9.0)[0] for text, short in zip(texts, shortened))
    assert len(set(shortened)) == 2


def test_a_word_shortened_rather_than_split_stays_on_one_line_however_narrow_the_room():
    # "m…", the shortest form of "mmmmmm", is wider than 12 points: it was then split into "m" and "…".
    assert wrap_text("mmmmmm", 10.0, 12.0, split_words=False) == "m…"


@pytest.mark.parametrize(("chart", "words"), [
    ("animals/all", ["Sightings", "per", "year"]),
    ("weather/windiest-years", ["Strongest", "wind", "of", "each", "year"]),
])
def test_a_narrow_tall_chart_writes_the_words_of_its_title_whole(client, chart, words):
    # 100 pixels wide, "Sightings" and "Strongest" did not fit a line of the title at its size and
    # were split: "Sighting" / "s per year", "Stronge" / "st wind". At the smaller size they fit.
    svg = client.get(f"/d/{chart}.svg?width=100&height=2000").data
    assert chart_title(svg).split() == words


def test_a_word_of_a_title_too_long_even_at_the_smaller_size_is_shortened_not_split(client):
    svg = client.get("/d/weather/humidity-vs-temperature.svg?width=100&height=2000").data
    words = chart_title(svg).split()
    assert words[:2] == ["Humidity", "against"] and words[2].startswith("temper") and words[2].endswith("…"), words
    # The x axis title, "temperature, °C", and the y axis title, "humidity, %".
    lines = axis_titles(svg)
    assert lines[0].startswith("temper") and lines[0].endswith("…") and lines[1:] == ["°C", "humidity, %"], lines


def test_a_short_chart_of_several_series_leaves_out_its_x_axis_title_before_its_legend(client):
    # Three lines 100 px high kept "year" under the axis, whose years say as much, and drew no
    # legend: three colours that nothing named.
    svg = client.get("/d/animals/all.svg?width=300&height=100").data
    texts = [t.text for t in drawn_texts(svg)]
    assert chart_title(svg) == "Sightings per year"
    assert {"Bear", "Deer", "Wolf"} <= set(texts), texts
    assert "year" not in axis_titles(svg)


@pytest.mark.parametrize("size", ["width=150&height=150", "width=100&height=100", "width=100&height=150",
                                  "width=100&height=100&ylabel=", "width=100&height=100&ylabel=sightings+a+year"])
def test_a_small_box_plot_names_every_box(client, size):
    # Across a 150 px box plot "Deer" was thinned away between "Bear" and "Wolf": a box unnamed
    # could be any series. Names are turned upwards, then shortened, as bars' names are. 100 px
    # wide, the value axis' title ("sightings", shortened to "si…") took the room of one: it gives way.
    svg = client.get(f"/d/animals/all.svg?kind=box&{size}").data
    labels = x_tick_labels(svg)
    assert len(labels) == 3 and [label[0] for label in labels] == ["B", "D", "W"], labels
    assert chart_title(svg).startswith("Sightings"), chart_title(svg)


def test_a_box_plot_with_room_for_its_names_keeps_its_value_axis_title(client):
    svg = client.get("/d/animals/all.svg?kind=box&width=150&height=150").data
    assert [title[:3] for title in axis_titles(svg)] == ["sig"], axis_titles(svg)


@pytest.mark.parametrize(("width", "lines"), [("210", ["of the long…"]), ("190", []), ("300", ["of the long",
                                                                                             "kind a year"])])
def test_a_value_axis_title_gives_way_to_the_names_of_bars_on_one_line_then_left_out(width, lines):
    # Nine bars 200 px high, 190 or 210 wide, beside a title wrapped on two lines were named every
    # other ("Name0", "Name2", …): on one line, shortened, it leaves the room of their names at 210,
    # and left out at 190. 300 wide, every name fits beside it as it is.
    frame = pd.DataFrame({"name": [f"Name{i}" for i in range(9)], "v": np.arange(9)})
    spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"], "width": [width], "height": ["200"],
                       "ylabel": ["of the long kind a year"]}, {"name": "text", "v": "integer"})
    svg = render_svg(spec, frame)
    assert x_tick_labels(svg) == [f"Name{i}" for i in range(9)]
    assert axis_titles(svg) == ["name", *lines]


def test_a_value_axis_title_under_a_horizontal_bar_chart_gives_way_to_the_names_down_its_side():
    # Four bars 120 px high over the title "values" were named "Bear" and "Wolf": the title took the
    # room of the other two names, which the chart drew without it.
    frame = pd.DataFrame({"name": ["Bear", "Deer", "Wolf", "Fox"], "v": np.arange(4)})
    fields = {"kind": ["barh"], "x": ["name"], "y": ["v"], "width": ["300"]}
    types = {"name": "text", "v": "integer"}
    short = render_svg(parse_spec({**fields, "height": ["120"], "ylabel": ["values"]}, types), frame)
    assert [t.text for t in drawn_texts(short) if t.get("text-anchor") == "end"] == ["Bear", "Deer", "Wolf", "Fox"]
    assert axis_titles(short) == ["name"]
    assert title_and_desc(short)[1].endswith(". axis across: values."), title_and_desc(short)  # its words name it
    tall = render_svg(parse_spec({**fields, "height": ["160"], "ylabel": ["values"]}, types), frame)
    assert axis_titles(tall) == ["values", "name"]


@pytest.mark.parametrize("size", [{"height": ["120"]}, {"height": ["150"], "title": ["Animals seen"]},
                                  {"height": ["150"], "y": ["v", "w"]},
                                  {"height": ["170"], "y": ["v", "w"], "title": ["Animals seen"]}])
def test_a_value_axis_title_left_out_for_the_names_down_the_side_leaves_the_bars_its_room(size):
    # The room of the title and legend above the plot is reckoned with the value axis title under
    # it, which the names down a small horizontal bar chart's side then take the place of: the bars
    # get all the room the title left, as tall as where no such title was asked for (a title drawn
    # would take room from them).
    frame = pd.DataFrame({"name": ["Bear", "Deer", "Wolf", "Fox"], "v": np.arange(4), "w": np.arange(4)[::-1]})
    types = {"name": "text", "v": "integer", "w": "integer"}

    def plot_box(ylabel: str) -> tuple[float, ...]:
        spec = parse_spec({"kind": ["barh"], "x": ["name"], "y": ["v"], "width": ["300"], "ylabel": [ylabel], **size},
                          types)
        return tuple(build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].get_position().bounds)

    assert plot_box("values") == plot_box("")


@pytest.mark.parametrize(("height", "lines"), [("264", ["sightings of the long kind in a…"]), ("246", []),
                                               ("288", ["sightings of the long kind in a", "year"])])
def test_a_value_axis_title_under_names_down_the_side_goes_on_one_line_then_is_left_out(height, lines):
    # Twelve bars 246 to 276 px high under a title on two lines were named every other: on one line,
    # shortened, it leaves the names their room at 264, and left out at 246. 288 high, it keeps both.
    frame = pd.DataFrame({"name": [f"Name{i}" for i in range(12)], "v": np.arange(12)})
    spec = parse_spec({"kind": ["barh"], "x": ["name"], "y": ["v"], "width": ["300"], "height": [height],
                       "ylabel": ["sightings of the long kind in a year"]}, {"name": "text", "v": "integer"})
    svg = render_svg(spec, frame)
    assert [t.text for t in drawn_texts(svg) if t.get("text-anchor") == "end"][-12:] == [f"Name{i}" for i in range(12)]
    assert axis_titles(svg) == [*lines, "name"]


@pytest.mark.parametrize("kind", ["line", "bar", "scatter", "area"])
@pytest.mark.parametrize("size", ["height=118", "height=120", "width=200&height=120", "width=100&height=112",
                                  "width=100&height=114"])
def test_a_chart_just_too_short_for_its_title_legend_and_x_axis_title_leaves_out_the_x_axis_title(client, kind,
                                                                                                   size):
    # 120 px high, "year" stayed under the axis and the legend went: the title took its larger size
    # and the legend's row, and a header that fitted so was never weighed against the x axis title.
    svg = client.get(f"/d/animals/all.svg?kind={kind}&{size}").data
    texts = [t.text for t in drawn_texts(svg)]
    assert chart_title(svg).startswith("Sightings"), texts
    assert "Bear" in texts or any(text.startswith("B…") for text in texts), texts
    assert "year" not in axis_titles(svg)


@pytest.mark.parametrize(("size", "title", "drawn"), [
    ("width=640&height=100", "A long y axis label too", []), ("width=200&height=150", "mean of temperature_c", []),
    ("width=200&height=190", "mean of temperature_c", ["mea…"]),
    ("width=200&height=220", "mean of temperature_c", ["mean of…"])])
def test_a_y_axis_title_too_long_for_the_plot_is_shortened_on_one_line_not_wrapped_into_columns(client, size,
                                                                                                title, drawn):
    # It stood in six turned columns, "A | lo… | y | axis | la… | too", each read across rather
    # than down, and pushed the plot 107 points in from the left of a 640 px chart. Shortened to a
    # stub, "A…" or "m…", it names nothing, and is left out: the words name it whole.
    svg = client.get(f"/d/animals/all.svg?{size}&ylabel={title.replace(' ', '+')}").data
    turned = [t for t in drawn_texts(svg) if t.get("font-size") == "10" and "rotate" in (t.get("transform") or "")]
    assert [t.text for t in turned] == drawn
    assert title_and_desc(svg)[1].endswith(f". y axis: {title}.")


def _room_for(text: str, size: float) -> float:
    """A line's room in points that `text` fits and one character more does not."""
    return text_size(text, size)[0] + 0.5


@pytest.mark.parametrize(("word", "fits", "lines"), [
    # Cut at the most that fits, the comma began the next line, the semicolon a line alone.
    ("temperature_c,rainfall_mm", "temperature_c", ["temperature_", "c,rainfall_mm"]),
    ("(2024-01-31)…;", "(2024-01-31)…", ["(2024-01-", "31)…;"]),
    # Where no break is near, the cut moves back only as far as the punctuation needs.
    ("call('x')", "call('", ["call", "('x')"]),
])
def test_a_word_split_across_lines_keeps_its_punctuation_with_what_it_follows(word, fits, lines):
    room = _room_for(fits, 10.0)
    assert wrap_text(word, 10.0, room).split("\n") == lines
    assert all(text_size(line, 10.0)[0] <= room for line in lines)


@pytest.mark.parametrize("text", ["x: no column 'temperature_c,rainfall_mm'; the columns are date, humidity_pct,",
                                  'to must be a date (2024-01-31)…; got "\'now\'"'])
@pytest.mark.parametrize("room", range(30, 120, 3))
def test_no_line_of_wrapped_text_starts_with_punctuation_or_ends_with_an_opening_one(text, room):
    lines = wrap_text(text, 10.0, room).split("\n")
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[:1] in ",;:.)…" for line in lines[1:]), lines
    assert not any(line.endswith(("(", " '", ' "')) or line in ("'", '"') for line in lines), lines
    assert all(text_size(line, 10.0)[0] <= room for line in lines if len(line) > 1), lines


@pytest.mark.parametrize("size", [7.0, 8.0, 9.0, 10.0, 12.0, 14.0])
@pytest.mark.parametrize("room", range(30, 120, 2))
def test_no_line_of_a_split_word_starts_with_the_character_it_reads_well_cut_after(size, room):
    # Seen at 7 points: "'temperature" then "_c,rainfall_", the "_" cut from what it joins.
    text = "x 'temperature_c,rainfall_mm' y"
    lines = wrap_text(text, size, room).split("\n")
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[:1] in "_-/" for line in lines[1:]), lines
    assert all(text_size(line, size)[0] <= room for line in lines if len(line) > 1), lines


def _measured_while(monkeypatch, wrap) -> list[str]:
    """The texts measured (each once: measurements are remembered) while `wrap()` runs, none remembered before."""
    measured = []
    measure = layout.text_metrics.__wrapped__

    def counted(text, font):
        measured.append(text)
        return measure(text, font)

    layout.line_extent.cache_clear()
    monkeypatch.setattr(layout, "text_metrics", counted)
    wrap()
    layout.line_extent.cache_clear()
    return measured


def _caption(characters: int) -> str:
    """A caption of about `characters` characters of words of varied lengths, few of them repeated."""
    words = [f"{'reading sensor station harbour'.split()[n % 4]}{n}" + "s" * (n % 7) for n in range(characters // 8)]
    return " ".join(words)[:characters]


def test_a_long_caption_is_wrapped_with_a_few_measurements_a_line_not_one_a_word(monkeypatch):
    # A 9,000-character caption took over a second, each word's line measured again, and a report
    # of 40 such charts passed its render limit.
    text = _caption(3000)
    wrapped = []
    measured = _measured_while(monkeypatch, lambda: wrapped.append(wrap_text(text, 9.0, 370.0)))
    lines = wrapped[0].split("\n")
    assert len(lines) > 30
    long_texts = [t for t in measured if len(t) > 3]  # not a character's advance
    assert len(long_texts) <= 2.5 * len(lines), (len(long_texts), len(lines))  # a line and one word more


def test_a_word_longer_than_many_lines_is_cut_with_measurements_of_about_a_line_each(monkeypatch):
    word = "W" * 2000
    wrapped = []
    measured = _measured_while(monkeypatch, lambda: wrapped.append(wrap_text(f"Start {word} end.", 9.0, 370.0)))
    lines = wrapped[0].split("\n")
    assert "".join(lines[1:-1]) + lines[-1].removesuffix(" end.") == word and len(lines) > 20
    assert all(text_size(line, 9.0)[0] <= 370.0 for line in lines)
    assert sum(len(text) for text in measured) <= 5 * len(word), sum(len(text) for text in measured)


@pytest.mark.parametrize("text", [
    _caption(1500),
    "First paragraph, short.\n\n  Indented,  with  double spaces " + _caption(400) + "\n\tand a tab",
    "Überschrift naïve données Zürich Ελληνικά ß e\u0301 日本語のテキスト مرحبا بالعالم " * 12,
])
@pytest.mark.parametrize(("size", "room"), [(9.0, 370.0), (9.5, 778.0), (16.0, 200.0)])
def test_each_wrapped_line_holds_the_most_words_that_fit(text, size, room):
    """As adding words one at a time and measuring each line finds: each line fits, and the next
    line's first word does not fit after it."""
    assert wrap_text(text, size, room).split() == text.split()
    for paragraph in text.replace("\t", " ").split("\n"):  # each wrapped on its own
        lines = wrap_text(paragraph, size, room).split("\n")
        for line, after in zip(lines, lines[1:]):
            assert text_size(line, size)[0] <= room, line
            assert text_size(f"{line} {after.split(' ')[0]}", size)[0] > room, (line, after)


def test_long_lines_are_measured_but_not_kept_however_many_are_measured(monkeypatch):
    # Kept, each would hold its text: a long value measured before it is cut has up to 131,072 characters.
    class Measurer:  # as wide as it is long, at once: what is kept is tested here, not the font
        def get_text_width_height_descent(self, text, prop, ismath):
            return float(len(text)), 10.0, 2.0

    monkeypatch.setattr(layout, "_measurer", Measurer())
    layout.line_extent.cache_clear()
    layout.text_metrics.cache_clear()
    try:
        for number in range(5000):
            assert layout.line_extent(f"{number:04d} " + "w" * 2000, 9.0, "normal") == (2005 * 1.07 + 1.0, 10.0)
        assert layout.line_extent.cache_info().currsize == layout.text_metrics.cache_info().currsize == 0
        assert layout.line_extent("short", 9.0, "normal") and layout.line_extent.cache_info().currsize == 1
    finally:  # no measure of the stand-in kept for the tests after
        layout.line_extent.cache_clear()
        layout.text_metrics.cache_clear()


@pytest.mark.parametrize(("url", "title"), [
    ("/d/animals/all.svg?width=320&height=180", "sightings"),
    ("/plot/stations.svg?width=320&height=180&y=temperature_c&title=station%3A+Airport&filter.station=Airport",
     "temperature_c"),
])
def test_a_front_page_thumbnail_writes_its_value_axis_title_whole(client, url, title):
    # Beside a plot a few points shorter than it, "sightings" stood as "sightin…" and "temperature_c"
    # as "temperat…": the band of the x tick labels under the plot lies empty beside it, and the
    # title reaches into it.
    assert axis_titles(client.get(url).data)[-1] == title
