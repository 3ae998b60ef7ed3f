"""Text values that differ only in white space at their ends (`x`, `x `) are told apart wherever a
page names them: the titles and alt texts of a dataset page's chart per value, and a dashboard
filter's options, the suggestions of one typed in, and the rows the dashboard's page and report show,
each quoting the value whose white space would not show."""
from __future__ import annotations

import html
import re

import pytest

from app.selection_queries import FORM_VALUES
from plots.text import names_listed, shown_value
from tests.conftest import CSV_WRITE, writable_app
from tests.page_text import page_lines
from tests.test_pdf import pdf_text, saved

# Three stations per date: `x`, `x ` and `X`, each with its own value.
ROWS = ('d,st,v\n2024-01-01,x,1\n2024-01-01,"x ",2\n2024-01-01,X,3\n'
        '2024-01-02,x,1\n2024-01-02,"x ",2\n2024-01-02,X,3\n')


def dashboard_site(tmp_path, name: str, rows: str, board: str):
    """A client of a site with the dataset `name` of `rows` (a CSV) and a dashboard `name` over it,
    whose file holds `board` before its one chart of `v`."""
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / f"{name}.toml").write_text(f'{board}[[charts]]\nid = "v"\ndataset = "{name}"\ny = ["v"]\n')
    first = writable_app(tmp_path)
    assert first.test_client().post(f"/api/datasets?name={name}", data=rows, headers=CSV_WRITE).status_code == 201
    first.extensions["svgplots"].store.close()
    # Dashboards are read at start, their datasets there already.
    return writable_app(tmp_path, DASHBOARD_DIRS=[str(boards)]).test_client()


@pytest.fixture
def client(tmp_path):
    """A site with the dataset `sp` and a dashboard `sp` over it, filtered by `st`."""
    return dashboard_site(tmp_path, "sp", ROWS, 'title = "Sp"\n[[filters]]\ncolumn = "st"\nlabel = "St"\n')


def test_a_value_with_white_space_at_an_end_is_quoted_and_others_are_not():
    assert [shown_value(value) for value in ("x", "x ", " x", "a b", "'x", "X")] == [
        "x", "'x '", "' x'", "a b", "\"'x\"", "X"]
    # Names in a list of words follow the same rule, besides quoting those that would read as two.
    assert names_listed(["x ", "a,b", "'c", "d"]) == ["'x '", "'a,b'", "\"'c\"", "d"]


def test_the_charts_of_values_differing_in_a_trailing_space_have_their_own_titles_and_alt_texts(client):
    page = html.unescape(client.get("/datasets/sp").get_data(as_text=True))
    charts = re.findall(r'<img src="/plot/sp\.svg\?[^"]*" width="640" height="360" alt="([^"]*)"', page)
    titles = sorted(alt.split(". Line chart")[0] for alt in charts)
    assert titles == ["st: 'x '", "st: X", "st: x"]


def test_a_dashboard_filter_offers_values_differing_in_a_trailing_space_apart(client):
    page = html.unescape(client.get("/d/sp?filter.st=x%20").get_data(as_text=True))
    options = re.findall(r'<option value="([^"]*)"( selected)?(?: translate="yes")?>([^<]*)</option>', page)
    assert options == [("", "", "All"), ("X", "", "X"), ("x", "", "x"), ("x ", " selected", "'x '")]
    assert "St: 'x '" in "\n".join(page_lines(page))


def test_a_reports_filter_line_quotes_a_value_with_white_space_at_an_end(client, tmp_path):
    # The report wrote both as "St: x", where the page says "St: 'x '".
    texts = [pdf_text(saved(client.get(f"/d/sp.pdf?filter.st={value}").data, tmp_path, f"{at}.pdf"))
             for at, value in enumerate(("x%20", "x"))]
    assert "St: 'x '" in texts[0] and "St: x " not in texts[0]
    assert "St: x " in texts[1] and "'x" not in texts[1]


def test_a_typed_filters_suggestions_label_a_value_with_white_space_at_an_end_quoted(tmp_path):
    # More values than a select lists: a field to type in, its datalist suggesting them, `x ` labelled apart from `x`.
    rows = "".join(f"2024-01-01,s{number:03d},1\n" for number in range(FORM_VALUES))
    client = dashboard_site(tmp_path, "many", f'd,st,v\n{rows}2024-01-01,x,1\n2024-01-01,"x ",2\n',
                            'title = "Many"\n[[filters]]\ncolumn = "st"\n')
    page = client.get("/d/many").get_data(as_text=True)
    [listed] = re.findall(r"<datalist [^>]*>(.*?)</datalist>", page)
    options = {html.unescape(value): html.unescape(label) for value, label in
               re.findall(r'<option value="([^"]*)"(?: label="([^"]*)")?>', listed)}
    assert len(options) == FORM_VALUES + 2
    assert options["x "] == "'x '" and options["x"] in ("", "x") and options["s000"] in ("", "s000")
