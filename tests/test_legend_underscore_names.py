"""A series whose name begins with "_" is named in the legend as any other series is: matplotlib
leaves an artist labelled so out of a legend it gathers itself (its mark of an artist of its own),
and a column `_a` was drawn beside `b` with only `b` named. The kinds' own artists (a line's lone
dots, an area's stems, a histogram's outlines) stay out of the legend."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

import plots.line_kinds
from plots import build_figure, chart_frame, parse_spec, render_svg
from tests.conftest import created, writable_app
from tests.test_legend_order import legend_reading_order
from tests.test_pdf import pdf_text

SVG = "{http://www.w3.org/2000/svg}"
LEGEND_KINDS = ["line", "area", "scatter", "bar", "barh", "hist"]
UNDERSCORED = ["_a", "_", "__x", "_child0", "_nolegend_"]


@pytest.fixture
def writer(data_dir):
    """A client of a site that takes writes."""
    return writable_app(data_dir).test_client()


def two_series(name: str, kind: str = "line", **fields: str):
    """A chart of `kind` of the series `name` beside `b`, over x 1 to 4 (a missing value of `name`
    leaves one of its values lonely: a dot on a line, a dot on a stem on an area), and its frame."""
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], name: [1.0, np.nan, 3.0, 4.0], "b": [2.0, 3.0, 4.0, 5.0]})
    spec = parse_spec({"kind": [kind], "y": [f"{name}\nb"], **{field: [value] for field, value in fields.items()}},
                      {column: "float" for column in frame.columns})
    return spec, frame


@pytest.mark.parametrize("kind", LEGEND_KINDS)
def test_a_series_named_with_an_underscore_first_is_named_in_the_legend_of_a_chart_url(writer, kind):
    created(writer, "u", "d,_a,b\n1,1,2\n2,3,4\n")
    answer = writer.get(f"/plot/u.svg?kind={kind}&y=_a&y=b")
    assert answer.status_code == 200
    assert legend_reading_order(answer.data) == ["_a", "b"]


def test_a_box_plot_names_a_series_named_with_an_underscore_first_along_its_axis(writer):
    created(writer, "u", "d,_a,b\n1,1,2\n2,3,4\n")
    texts = [text.text for text in ET.fromstring(writer.get("/plot/u.svg?kind=box&y=_a&y=b").data).iter(f"{SVG}text")]
    assert texts[:2] == ["_a", "b"]


def test_the_rows_of_one_value_of_a_text_column_name_each_series_in_the_legend(writer):
    # As a dataset's page splits rows that share an x by the text column telling them apart.
    created(writer, "u", "d,station,_a,b\n1,A,1,2\n1,B,5,6\n2,A,3,4\n2,B,7,8\n")
    answer = writer.get("/plot/u.svg?y=_a&y=b&filter.station=B")
    assert answer.status_code == 200
    assert legend_reading_order(answer.data) == ["_a", "b"]


@pytest.mark.parametrize("name", UNDERSCORED)
@pytest.mark.parametrize("kind", LEGEND_KINDS)
def test_every_kind_names_each_series_whatever_its_name_and_nothing_else(kind, name):
    spec, frame = two_series(name, kind)
    assert legend_reading_order(render_svg(spec, frame)) == [name, "b"]


@pytest.mark.parametrize(("dpi", "kind"), [(72, "line"), (72, "bar"), (192, "area"), (192, "hist")])
def test_the_legend_of_a_png_or_pdf_figure_names_each_series(dpi, kind):
    # PNG (96 dpi a CSS pixel, 192 at scale 2) and PDF (72) charts are the figure SVG draws.
    spec, frame = two_series("_a", kind)
    (legend,) = build_figure(spec, chart_frame(spec, frame), dpi=dpi).legends
    assert [text.get_text() for text in legend.get_texts()] == ["_a", "b"]


def test_a_chart_pdf_names_a_series_named_with_an_underscore_first(writer, tmp_path):
    created(writer, "u", "d,_a,b\n1,1,2\n2,3,4\n")
    answer = writer.get("/plot/u.pdf?y=_a&y=b")
    assert answer.status_code == 200
    (tmp_path / "u.pdf").write_bytes(answer.data)
    assert "_a b" in pdf_text(tmp_path / "u.pdf")


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
def test_a_series_named_with_an_underscore_first_wholly_below_ymin_says_so_in_its_entry(kind):
    spec, frame = two_series("_a", kind, ymin="4.5")
    assert legend_reading_order(render_svg(spec, frame)) == ["_a (below 4.5)", "b"]


def test_a_series_named_with_an_underscore_first_below_ymin_of_huge_values_names_ymin_as_given():
    # Drawn in units of a power of ten, its note is written anew with the bound as given.
    frame = pd.DataFrame({"x": [1, 2, 3, 4], "a": [1e306, 2e306, 3e306, 4e306], "_b": [1e100, 2e100, 3e100, 4e100]})
    spec = parse_spec({"y": ["a,_b"], "ymin": ["1e150"]}, {"x": "integer", "a": "float", "_b": "float"})
    assert "_b (below 1e+150)" in legend_reading_order(render_svg(spec, frame))


def test_a_dense_scatter_names_each_series_whatever_its_name(monkeypatch):
    monkeypatch.setattr(plots.line_kinds, "SCATTER_VECTOR_POINTS", 1)  # drawn as an image from 2 points
    spec, frame = two_series("_a", "scatter")
    svg = render_svg(spec, frame)
    assert b"<image" in svg or b"<mask" in svg
    assert legend_reading_order(svg) == ["_a", "b"]
