"""A reference line's label over filled marks, bars, boxes or an area, stands in a box of the plot's
background, where its ink ran across the last bar (`yline=12000:Budget` over bars of 15000); over a
line's or a scatter's plot it is drawn as it was."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from plots import build_figure, chart_frame, parse_spec
from plots.style import THEMES

from tests.conftest import site_holding

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


def test_every_format_draws_the_labels_box(data_dir):
    client = site_holding(data_dir, {"sales": SALES})
    for extension in ("svg", "png", "pdf"):
        answer = client.get(f"/plot/sales.{extension}?x=month&y=sales&kind=bar&yline=12000:Budget")
        assert answer.status_code == 200
    svg = client.get("/plot/sales.svg?x=month&y=sales&kind=bar&yline=12000:Budget").get_data(as_text=True)
    # The box, a path filled white, drawn just before the label's text.
    before = svg[:svg.index(">Budget<")]
    assert before.rfind('fill="#fff') > before.rfind("stroke-dasharray")
