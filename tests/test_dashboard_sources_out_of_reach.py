"""A dashboard chart over a source out of reach at start: the fields no column decides are checked
at start, and the rest as it is drawn, their numbers quoted as the file wrote them. A chart whose
dataset lost a column it draws since the start is refused as it is drawn in the start's words too."""
from __future__ import annotations

import contextlib
import html
import sqlite3
from pathlib import Path

import pytest

from app import DashboardError, create_app
from plots import SpecError
from tests.source_data import sources_toml


def start_over_a_missing_file(tmp_path: Path, chart: str, closing):
    """The app with a dashboard of one chart, `chart`'s fields, over an SQLite source whose file is not there."""
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": f"sqlite:///{tmp_path / 'shop.db'}"}},
                           {"orders": {"source": "shop", "table": "orders"}})
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "shop.toml").write_text(f'[[charts]]\nid = "c"\ndataset = "orders"\n{chart}\n', "utf-8")
    (tmp_path / "data").mkdir()
    return closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                               "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [str(boards)]}))


@pytest.mark.parametrize("chart, said", [
    ("width = 500.5\nheight = -1", "2 fields are refused: (1) width must be a whole number of CSS pixels from 100 "
                                   "to 2000, written with the digits 0 to 9 only, got 500.5; (2) height must be a "
                                   "whole number of CSS pixels from 100 to 2000, written with the digits 0 to 9 only, "
                                   "got -1"),
    ('kind = "pie"', "kind must be one of line, bar, barh, scatter, area, hist, box; got 'pie'"),
    ("ymin = 1e-400", "ymin 1e-400 is too small for a 64-bit float, which would hold it as 0"),
    ("ymax = true", "ymax must be a number (or auto to fit the data)"),
])
def test_a_field_no_column_decides_stops_the_start_as_over_a_source_in_reach(tmp_path, closing, chart, said):
    # Left to the chart's drawing, it was told only once the source was back, to a reader, as a URL's 400.
    with pytest.raises(DashboardError) as caught:
        start_over_a_missing_file(tmp_path, chart, closing)
    assert str(caught.value).startswith(f"shop.toml: chart 'c': {said}")


def test_the_fields_its_columns_decide_wait_for_the_source(tmp_path, closing):
    app = start_over_a_missing_file(tmp_path, 'x = "day"\ny = ["nope"]\nxmin = 5\nwidth = 500', closing)
    assert app.test_client().get("/d/shop/c.svg").status_code == 503


def drawn_once_in_reach(tmp_path: Path, chart: str, closing):
    """A client of the app of `start_over_a_missing_file`, its source's file made and the source tried again."""
    app = start_over_a_missing_file(tmp_path, chart, closing)
    client = app.test_client()
    assert client.get("/d/shop/c.json").status_code == 503
    with contextlib.closing(sqlite3.connect(tmp_path / "shop.db")) as db, db:
        db.execute("CREATE TABLE orders (day DATETIME, total REAL)")
        db.execute("INSERT INTO orders VALUES ('2024-01-01', 1.5)")
    held = app.extensions["svgplots"].store.sources.held
    held.seconds = 0
    held.hold(("source", "shop"))
    client.get("/d/shop/c.json")  # starts the try
    held.wait(10)
    return client


def test_its_refusal_as_it_is_drawn_quotes_a_number_as_the_file_wrote_it(tmp_path, closing):
    refused = drawn_once_in_reach(tmp_path, 'x = "day"\ny = ["total"]\nxmin = 5', closing).get("/d/shop/c.json")
    assert refused.status_code == 400
    # The file wrote the number 5, not the text '5'.
    assert refused.get_json()["error"] == ("shop.toml: chart 'c': xmin must be a date like 2020-01-31 (the x column "
                                           "holds dates; or auto to fit the data), got 5")


XMIN_REFUSED = ("shop.toml: chart 'c': xmin must be a date like 2020-01-31 (the x column holds dates; or auto to fit "
                "the data), got 5")


def test_its_refusal_as_it_is_drawn_names_the_file_and_the_chart_on_the_dashboard_s_page(tmp_path, closing):
    client = drawn_once_in_reach(tmp_path, 'x = "day"\ny = ["total"]\nxmin = 5', closing)
    page = html.unescape(client.get("/d/shop").get_data(as_text=True))
    assert f'alt="This chart cannot be drawn: {XMIN_REFUSED}"' in page


@pytest.mark.parametrize("query", ["errors=nope", "v=1&v=2"])
def test_its_refusal_as_it_is_drawn_is_not_told_as_a_parameter_of_the_url(tmp_path, closing, query):
    # It was "2 parameters are refused: (1) errors …; (2) xmin …", the file's field told as the URL's.
    client = drawn_once_in_reach(tmp_path, 'x = "day"\ny = ["total"]\nxmin = 5', closing)
    url_refused = client.get(f"/d/shop/c.json?{query}")
    assert url_refused.status_code == 400
    said = url_refused.get_json()["error"]
    assert "parameters are refused" not in said and "xmin" not in said
    assert client.get("/d/shop/c.json").get_json()["error"] == XMIN_REFUSED


def test_a_refusal_of_several_of_its_fields_as_it_is_drawn_is_told_as_the_file_s(tmp_path, closing):
    from app.dashboard_charts import Chart
    from plots.refusals import Refusals
    chart = Chart("c", "orders", "", {"width": 500.5, "height": -1}, "shop.toml")
    refused = chart.refused(Refusals([SpecError("width must be …, got '500.5'", "width"),
                                      SpecError("height must be …, got '-1'", "height")]))
    assert refused.message == ("shop.toml: chart 'c': 2 fields are refused: (1) width must be …, got 500.5; "
                               "(2) height must be …, got -1")
    assert refused.status == 400


LIONS_GONE = "zoo.toml: chart 'c': y: no column 'lions'; the columns are year, tigers"


def test_a_column_its_data_folder_file_lost_since_the_start_is_a_404_naming_the_file_and_the_chart(tmp_path,
                                                                                                    closing):
    # It was "y: no column 'lions'; …" alone, as if the URL had asked for the column.
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir(), boards.mkdir()
    (data / "zoo.csv").write_text("year,lions,tigers\n2020,1,2\n2021,3,4\n")
    (boards / "zoo.toml").write_text('[[charts]]\nid = "c"\ndataset = "zoo"\ny = ["lions"]\n')
    client = closing(create_app({"TESTING": True, "DATA_DIR": str(data), "RENDER_WORKERS": 0,
                                 "DASHBOARD_DIRS": [str(boards)]})).test_client()
    (data / "zoo.csv").write_text("year,tigers\n2020,2\n2021,4\n")  # rewritten without the column
    refused = client.get("/d/zoo/c.json")
    assert refused.status_code == 404 and refused.get_json()["error"] == LIONS_GONE
    assert client.get("/d/zoo/c.svg").status_code == 404
    page = html.unescape(client.get("/d/zoo").get_data(as_text=True))
    assert f'alt="This chart cannot be drawn: {LIONS_GONE}"' in page
