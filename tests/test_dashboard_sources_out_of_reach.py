"""A dashboard chart over a source out of reach at start: the fields no column decides are checked
at start, and the rest as it is drawn, their numbers quoted as the file wrote them."""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from app import DashboardError, create_app
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
    ("width = 500.5\nheight = -1", "2 parameters are refused: (1) width must be a whole number of CSS pixels from 100 "
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


def test_its_refusal_as_it_is_drawn_quotes_a_number_as_the_file_wrote_it(tmp_path, closing):
    app = start_over_a_missing_file(tmp_path, 'x = "day"\ny = ["total"]\nxmin = 5', closing)
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
    refused = client.get("/d/shop/c.json")
    assert refused.status_code == 400
    # The file wrote the number 5, not the text '5'.
    assert refused.get_json()["error"] == ("xmin must be a date like 2020-01-31 (the x column holds dates; or auto to "
                                           "fit the data), got 5")
