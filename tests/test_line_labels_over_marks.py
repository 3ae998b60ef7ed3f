"""A reference line's label over filled marks, bars, boxes or an area, stands in a box of the plot's
background, where its ink ran across the last bar (`yline=12000:Budget` over bars of 15000); over a
line's or a scatter's plot it is drawn as it was."""
from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.transforms import Affine2D
from PIL import Image

from plots import build_figure, chart_frame, parse_spec
from plots.style import THEMES

from tests.conftest import site_holding
from tests.test_pdf import run_tool

SALES = "month,sales\nJan,9000\nFeb,11000\nMar,10000\nApr,14000\nMay,13000\nJun,15000\n"


def line_labels(query: str) -> list:
    """The texts of the lines' labels a chart of SALES for `query` draws, as matplotlib holds them."""
    fields: dict[str, list[str]] = {}
    for name, value in (part.split("=", 1) for part in query.split("&")):
        fields.setdefault(name, []).append(value)
    spec = parse_spec(fields, {"month": "text", "sales": "integer"})
    fig = build_figure(spec, chart_frame(spec, pd.read_csv(io.StringIO(SALES))), dpi=72)
    return [text for text in fig.axes[0].texts if text.get_text() == "Budget"]


@pytest.mark.parametrize("kind", ["bar", "barh", "area", "box", "hist"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_lines_label_over_filled_marks_stands_in_a_box_of_the_plots_background(kind, theme):
    y = "x=month&y=sales" if kind != "hist" else "y=sales"
    level = "2" if kind == "hist" else "12000"
    [label] = line_labels(f"{y}&kind={kind}&theme={theme}&yline={level}:Budget")
    box = label.get_bbox_patch()
    assert box is not None
    assert to_hex(box.get_facecolor()) == THEMES[theme].background
    assert box.get_edgecolor()[3] == 0  # no frame about it


@pytest.mark.parametrize("kind", ["line", "scatter"])
def test_a_lines_label_over_a_line_or_a_scatter_is_drawn_without_a_box(kind):
    [label] = line_labels(f"x=month&y=sales&kind={kind}&yline=12000:Budget")
    assert label.get_bbox_patch() is None


BARS_UNDER_BUDGET = "x=month&y=sales&kind=bar&yline=12000:Budget"


def label_pixels(image: bytes) -> np.ndarray:
    """The RGB pixels of a 640 by 360 picture of the bar chart of BARS_UNDER_BUDGET that its label's text covers,
    as a figure of the chart places it (in points: 4/3 of a pixel each)."""
    [label] = line_labels(BARS_UNDER_BUDGET)
    canvas = FigureCanvasAgg(label.figure)
    canvas.draw()
    text = label.get_window_extent(canvas.get_renderer()).transformed(Affine2D().scale(96 / 72))
    picture = np.asarray(Image.open(io.BytesIO(image)).convert("RGB"), dtype=float)
    assert picture.shape[:2] == (360, 640)
    return picture[math.ceil(360 - text.y1):math.floor(360 - text.y0), math.ceil(text.x0):math.floor(text.x1)]


def test_every_format_draws_the_labels_box(data_dir, tmp_path):
    # Without it the last bar's blue showed between the letters, in about a hundred of the 400 pixels the text covers.
    client = site_holding(data_dir, {"sales": SALES})
    answers = {extension: client.get(f"/plot/sales.{extension}?{BARS_UNDER_BUDGET}")
               for extension in ("svg", "png", "pdf")}
    assert all(answer.status_code == 200 for answer in answers.values())
    (tmp_path / "chart.pdf").write_bytes(answers["pdf"].data)
    run_tool("pdftoppm", "-r", "96", "-png", "-singlefile", str(tmp_path / "chart.pdf"), str(tmp_path / "chart"))
    bar = np.array(to_rgb(THEMES["light"].palette[0])) * 255
    background = np.array(to_rgb(THEMES["light"].background)) * 255
    for picture in (answers["png"].data, (tmp_path / "chart.png").read_bytes()):
        under = label_pixels(picture)
        assert not (np.abs(under - bar).max(axis=2) < 24).any()
        assert (np.abs(under - background).max(axis=2) < 8).sum() > under.shape[0] * under.shape[1] / 3
    svg = answers["svg"].get_data(as_text=True)
    # The box, a path filled white, drawn just before the label's text.
    before = svg[:svg.index(">Budget<")]
    assert before.rfind('fill="#fff') > before.rfind("stroke-dasharray")
