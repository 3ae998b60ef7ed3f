"""A box plot names its series under their boxes and draws no legend: legend=true asks for nothing
it can draw, and is refused as bins is off a histogram; legend=false and auto stay accepted."""
from __future__ import annotations

import re

import pytest

from app import create_app
from plots.spec import SpecError
from plots.spec_parser import parse_spec

ANIMALS = {"year": "integer", "Bear": "integer", "Wolf": "integer"}


def test_legend_true_on_a_box_plot_is_refused_saying_what_to_do():
    with pytest.raises(SpecError) as caught:
        parse_spec({"kind": ["box"], "y": ["Bear,Wolf"], "legend": ["true"]}, ANIMALS)
    message = caught.value.message
    assert caught.value.status == 400 and caught.value.field == "legend"
    assert "legend=true does not apply to kind=box" in message
    assert "legend=auto" in message and "kind=line" in message


@pytest.mark.parametrize("legend", ["false", "auto", ""])
def test_legend_false_or_auto_on_a_box_plot_is_accepted(legend):
    spec = parse_spec({"kind": ["box"], "y": ["Bear,Wolf"], "legend": [legend]}, ANIMALS)
    assert spec.kind == "box" and spec.legend in (False, None)


@pytest.mark.parametrize("kind", ["line", "hist", "scatter", "bar"])
def test_legend_true_stays_accepted_on_kinds_that_draw_one(kind):
    assert parse_spec({"kind": [kind], "y": ["Bear"], "legend": ["true"]}, ANIMALS).legend is True


def test_a_box_plot_url_with_legend_true_is_a_400_naming_legend(client):
    assert client.get("/plot/animals.svg?kind=box&y=Bear,Wolf&legend=true").status_code == 400
    response = client.get("/plot/animals.json?kind=box&y=Bear,Wolf&legend=true")
    assert response.status_code == 400
    assert "legend=true does not apply to kind=box" in response.get_json()["error"]
    assert client.get("/plot/animals.svg?kind=box&y=Bear,Wolf&legend=false").status_code == 200


def test_a_dashboard_box_chart_with_legend_true_is_a_400(client):
    response = client.get("/d/animals/spread.json?legend=true")
    assert response.status_code == 400
    assert "legend=auto" in response.get_json()["error"]
    assert client.get("/d/animals/spread.svg?legend=auto").status_code == 200


LEGEND_BOARD = """\
title = "Legend"

[[charts]]
id = "both"
dataset = "animals"
kind = "line"
y = ["Bear", "Wolf"]
legend = true
"""


@pytest.fixture
def legend_board(tmp_path, data_dir):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "legend.toml").write_text(LEGEND_BOARD)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)]}).test_client()


def test_a_dashboard_chart_s_own_legend_is_left_unused_by_a_box_plot_and_kept_going_back(legend_board):
    # Its chart page's form switched to a box plot was "Not applied"; back to a line, the legend is the chart's.
    assert legend_board.get("/d/legend/both.svg?kind=box").status_code == 200
    page = legend_board.get("/d/legend/both?kind=box&x=year&y=Bear&y=Wolf&legend=")
    assert page.status_code == 200 and "Not applied" not in page.get_data(as_text=True)
    hidden = re.findall(r'<input type="hidden" name="legend" value="([^"]*)"', page.get_data(as_text=True))
    assert hidden in ([], ["true"])
    back = legend_board.get("/d/legend/both.json?kind=line")
    assert back.status_code == 200 and back.get_json()["spec"]["legend"] == "true"
    assert legend_board.get("/d/legend/both.json?kind=box&legend=true").status_code == 400
