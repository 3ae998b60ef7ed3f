"""Line, area and scatter charts over an x of text label it as bar charts label their names: cut
short and kept apart, an empty or blank text quoted; their words name the first and last x drawn."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import chart_frame, describe, parse_spec, render_svg
from plots.ticks import TICK_SIZE
from plots.value_text import DRAWN_LABEL_CHARS

SVG = "{http://www.w3.org/2000/svg}"
SERIES_KINDS = ["line", "area", "scatter"]


def x_names(svg: bytes) -> list[tuple[float, str]]:
    """The x tick labels of a chart of text x (written across or turned upwards, not the y axis'
    ending at their ticks) with where along the x axis they stand, in points."""
    root = ET.fromstring(svg)
    return [(_text_x(text), text.text) for text in root.iter(f"{SVG}text")
            if text.get("font-size") == f"{TICK_SIZE:g}" and text.get("text-anchor") != "end"]


def _text_x(text: ET.Element) -> float:
    turned = re.fullmatch(r"translate\(([-0-9.]+) [-0-9.]+\) rotate\(-90\)", text.get("transform") or "")
    return float(turned.group(1)) if turned else float(text.get("x"))


def text_chart(kind: str, names: list[str], **fields: str):
    frame = pd.DataFrame({"b": names, "v": [float(i % 3) for i in range(len(names))]})
    spec = parse_spec({"kind": [kind], "x": ["b"], "y": ["v"], **{k: [v] for k, v in fields.items()}},
                      {"b": "text", "v": "float"})
    return spec, frame


@pytest.mark.parametrize("kind", SERIES_KINDS)
@pytest.mark.parametrize("length", [80, 300, 60_000])
def test_long_text_x_is_cut_as_bar_names_are_and_the_plot_keeps_its_width(kind, length):
    # 300 characters pushed the plot past the figure's right edge (nothing drawn), 80 squeezed it
    # into a strip, 60,000 took longer than a render may.
    names = [letter * length for letter in "abcde"]
    spec, frame = text_chart(kind, names)
    svg = render_svg(spec, frame)
    placed = x_names(svg)
    labels = [label for _, label in placed]
    assert all(label[0] == letter and label.endswith("…") and len(label) <= DRAWN_LABEL_CHARS
               for label, letter in zip(labels, "abcde")) and len(labels) == 5, labels
    bars = [label for _, label in x_names(render_svg(*text_chart("bar", names)))]
    assert labels == bars
    # The first and last name stand at the plot's ends: it keeps most of the figure's width.
    width = float(ET.fromstring(svg).get("viewBox").split()[2])  # in points, as the labels' x
    assert placed[-1][0] <= width and placed[-1][0] - placed[0][0] >= width * 0.7, (placed, width)


@pytest.mark.parametrize("kind", SERIES_KINDS)
def test_long_text_x_that_differs_only_at_the_end_stays_told_apart(kind):
    names = ["Category label that runs on and on, number " + str(i) for i in range(1, 5)]
    spec, frame = text_chart(kind, names)
    labels = [label for _, label in x_names(render_svg(spec, frame))]
    assert len(labels) == 4 and len(set(labels)) == 4, labels
    assert all(len(label) <= DRAWN_LABEL_CHARS and label.endswith(str(i)) for i, label in enumerate(labels, 1)), labels


@pytest.mark.parametrize("kind", [*SERIES_KINDS, "bar"])
def test_the_words_of_a_text_x_name_its_first_and_last_as_drawn_not_its_least_and_greatest(kind):
    frame = pd.DataFrame({"fruit": ["zebra", "Äpfel", "apple"], "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": [kind], "x": ["fruit"], "y": ["v"]}, {"fruit": "text", "v": "float"})
    _, desc = describe(spec, chart_frame(spec, frame))
    # A line names its x's ends; bars of named categories say each bar after its name, in the order drawn.
    said = "v: zebra 1, Äpfel 2, apple 3." if kind == "bar" else "fruit from zebra to apple."
    assert said in desc, desc


def test_the_words_of_a_text_x_name_where_the_rows_with_values_are_drawn():
    # "b" stands first on the axis, placed by its first row, which has no value.
    frame = pd.DataFrame({"letter": ["b", "a", "b"], "v": [None, 1.0, 2.0]})
    spec = parse_spec({"kind": ["line"], "x": ["letter"], "y": ["v"]}, {"letter": "text", "v": "float"})
    _, desc = describe(spec, chart_frame(spec, frame))
    assert "letter from b to a." in desc, desc


@pytest.mark.parametrize("kind", ["bar", "barh", *SERIES_KINDS])
def test_empty_and_blank_text_categories_are_labelled_in_quotes(kind):
    frame = pd.DataFrame({"cat": ["", " ", "B"], "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": [kind], "x": ["cat"], "y": ["v"]}, {"cat": "text", "v": "float"})
    root = ET.fromstring(render_svg(spec, frame))
    labels = [text.text for text in root.iter(f"{SVG}text") if text.get("font-size") == f"{TICK_SIZE:g}"]
    assert '""' in labels and '" "' in labels and "B" in labels, labels


@pytest.mark.parametrize("kind", ["bar", *SERIES_KINDS])
def test_the_words_name_an_empty_text_category_as_its_label_does(kind):
    frame = pd.DataFrame({"cat": ["", "A", "B"], "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": [kind], "x": ["cat"], "y": ["v"]}, {"cat": "text", "v": "float"})
    _, desc = describe(spec, chart_frame(spec, frame))
    said = 'v: "" 1, A 2, B 3.' if kind == "bar" else 'cat from "" to B.'
    assert said in desc, desc
