"""Line, area and scatter charts over an x of text label it as bar charts label their names: cut
short and kept apart, an empty or blank text quoted; their words name the first and last x drawn."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import chart_frame, describe, parse_spec, render_svg
from plots.data import DRAWN_LABEL_CHARS
from plots.ticks import TICK_SIZE

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


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_empty_and_blank_text_categories_are_labelled_in_quotes(kind):
    frame = pd.DataFrame({"cat": ["", " ", "B"], "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": [kind], "x": ["cat"], "y": ["v"]}, {"cat": "text", "v": "float"})
    root = ET.fromstring(render_svg(spec, frame))
    labels = [text.text for text in root.iter(f"{SVG}text") if text.get("font-size") == f"{TICK_SIZE:g}"]
    assert '""' in labels and '" "' in labels and "B" in labels, labels


@pytest.mark.parametrize("kind", ["bar"])
def test_the_words_name_an_empty_text_category_as_its_label_does(kind):
    frame = pd.DataFrame({"cat": ["", "A", "B"], "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": [kind], "x": ["cat"], "y": ["v"]}, {"cat": "text", "v": "float"})
    _, desc = describe(spec, chart_frame(spec, frame))
    assert 'cat from "" to B.' in desc, desc
