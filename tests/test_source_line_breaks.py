"""A source database's text holding a lone carriage return goes out in a CSV export quoted: one
field of one record for a CSV reader, as text with line feeds is."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from app import create_app
from app.export import frame_csv
from tests.source_data import sources_toml, write_sqlite

STATIONS = pd.DataFrame({"station": ["Old\rMill", "Hill\r\nTop", "Low\nFord", "plain"], "value": [1, 2, 3, 4]})


@pytest.fixture
def client(tmp_path: Path):
    """A site whose `stations` source dataset holds text with a lone CR, a CRLF and a line feed."""
    url = write_sqlite(tmp_path / "shop.db", {"stations": STATIONS})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}},
                           {"stations": {"source": "shop", "table": "stations"}})
    (tmp_path / "data").mkdir()
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                       "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0}).test_client()


@pytest.mark.parametrize("url", ["/datasets/stations.csv", "/plot/stations.csv?kind=bar&x=station&y=value"])
def test_a_source_text_with_a_lone_carriage_return_is_one_field_of_one_record(client, url):
    response = client.get(url)
    assert response.status_code == 200
    header, *records = csv.reader(io.StringIO(response.get_data(as_text=True), newline=""))
    assert header == ["station", "value"]
    assert sorted(records) == sorted([["Old\rMill", "1"], ["Hill\r\nTop", "2"], ["Low\nFord", "3"], ["plain", "4"]])


def test_the_csv_writer_quotes_a_carriage_return_and_ends_each_row_with_a_line_feed():
    frame = pd.DataFrame({"a\rb": ["x\ry", "plain"], "n": [1, 2]})
    assert frame_csv(frame) == '"a\rb",n\n"x\ry",1\nplain,2\n'


@pytest.mark.parametrize(("typed", "stored"), [("Old%0DMill", "Old\rMill"), ("Old%0AMill", "Old\rMill"),
                                               ("Hill%0D%0ATop", "Hill\r\nTop"), ("Hill%0ATop", "Hill\r\nTop"),
                                               ("Low%0D%0AFord", "Low\nFord")])
def test_a_filter_chooses_a_source_text_whatever_its_line_breaks(client, typed, stored):
    # A filter's value comes with line feeds (a form sends CRLF); the database holds what it holds.
    response = client.get(f"/plot/stations.json?kind=bar&x=station&y=value&filter.station={typed}")
    assert response.status_code == 200, response.get_json()
    assert [row[0] for row in response.get_json()["rows"]] == [stored]
