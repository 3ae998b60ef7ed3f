"""Text values that differ only in white space at their ends (`x`, `x `) are told apart wherever a
page names them: the titles and alt texts of a dataset page's chart per value, and a dashboard
filter's options and the rows it shows, each quoting the value whose white space would not show."""
from __future__ import annotations

import html
import re

import pytest

from plots.text import shown_value
from tests.conftest import CSV_WRITE, writable_app

# Three stations per date: `x`, `x ` and `X`, each with its own value.
ROWS = ('d,st,v\n2024-01-01,x,1\n2024-01-01,"x ",2\n2024-01-01,X,3\n'
        '2024-01-02,x,1\n2024-01-02,"x ",2\n2024-01-02,X,3\n')


@pytest.fixture
def client(tmp_path):
    """A site with the dataset `sp` and a dashboard `sp` over it, filtered by `st`."""
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "sp.toml").write_text('title = "Sp"\n[[filters]]\ncolumn = "st"\nlabel = "St"\n'
                                    '[[charts]]\nid = "v"\ndataset = "sp"\ny = ["v"]\n')
    first = writable_app(tmp_path)
    assert first.test_client().post("/api/datasets?name=sp", data=ROWS, headers=CSV_WRITE).status_code == 201
    first.extensions["svgplots"].store.close()
    # Dashboards are read at start, their datasets there already.
    return writable_app(tmp_path, DASHBOARD_DIRS=[str(boards)]).test_client()


def test_a_value_with_white_space_at_an_end_is_quoted_and_others_are_not():
    assert [shown_value(value) for value in ("x", "x ", " x", "a b", "'x", "X")] == [
        "x", "'x '", "' x'", "a b", "\"'x\"", "X"]


def test_the_charts_of_values_differing_in_a_trailing_space_have_their_own_titles_and_alt_texts(client):
    page = html.unescape(client.get("/datasets/sp").get_data(as_text=True))
    charts = re.findall(r'<img src="/plot/sp\.svg\?[^"]*" width="640" height="360" alt="([^"]*)"', page)
    titles = sorted(alt.split(". Line chart")[0] for alt in charts)
    assert titles == ["st: 'x '", "st: X", "st: x"]


def test_a_dashboard_filter_offers_values_differing_in_a_trailing_space_apart(client):
    page = html.unescape(client.get("/d/sp?filter.st=x%20").get_data(as_text=True))
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', page)
    assert options == [("", "", "All"), ("X", "", "X"), ("x", "", "x"), ("x ", " selected", "'x '")]
    assert "St: 'x '" in page
