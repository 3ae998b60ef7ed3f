"""The image URL of a dashboard's chart that cannot be drawn: its `v` a digest of why, the same while
the reason stays and another once it changes, so that a refreshing page draws the new reason."""
from __future__ import annotations

import re
from html import unescape

import pytest

from app import create_app
from tests.error_image_text import error_message, reason_image_url

BOARD = 'title = "Life"\nrefresh = 5\n\n[[charts]]\nid = "a"\ndataset = "life"\ny = ["a"]\n'


@pytest.fixture
def client(tmp_path, data_dir):
    (data_dir / "life.csv").write_text("day,a\n1,3\n2,5\n")
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "life.toml").write_text(BOARD)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)]}).test_client()


def chart_a(client) -> dict:
    """Chart a as the dashboard's versions.json gives it now."""
    response = client.get("/d/life/versions.json")
    assert response.status_code == 200
    return response.get_json()["charts"]["a"]


def page_src(client) -> str:
    """Chart a's image URL as the dashboard's page writes it."""
    return unescape(re.search(r'<img src="([^"]*)"[^>]*data-chart="a"', client.get("/d/life").get_data(as_text=True))[1])


def test_a_chart_that_cannot_be_drawn_has_another_image_url_for_each_reason(client, data_dir):
    drawn = chart_a(client)
    (data_dir / "life.csv").unlink()
    gone = chart_a(client)
    assert gone["version"] is None and "no dataset 'life'" in gone["error"]
    assert re.fullmatch(reason_image_url("/d/life/a.svg"), gone["src"]), gone["src"]
    assert gone["src"] != drawn["src"]
    assert chart_a(client)["src"] == gone["src"], "the same reason gave another URL"
    assert page_src(client) == gone["src"]

    (data_dir / "life.csv").write_text("day,b\n1,3\n")
    column = chart_a(client)
    assert column["version"] is None and "no column 'a'" in column["error"]
    assert column["src"] != gone["src"]
    assert page_src(client) == column["src"]
    answer = client.get(column["src"])
    assert answer.status_code == 404 and answer.headers["Cache-Control"] == "no-store"
    assert "no column 'a'" in error_message(answer.data)
