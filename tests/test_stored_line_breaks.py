"""Text values stored before uploads kept their line breaks as line feeds, holding CRLF or a lone CR,
read back with line feeds: a CSV export stays one row per record, a chart draws no carriage
return, and a filter chooses them."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select, update

from app.store.schema import datasets
from app.store.schema import selectable_rows_table
from tests.conftest import CSV_WRITE, writable_app

UPLOAD = 'day,station,value\n2025-01-01,"Hill\nTop",1\n2025-01-02,Old Mill,2\n2025-01-03,plain,3\n'


@pytest.fixture
def app(data_dir, store_url, closing):
    """A writable app on a fresh database of each backend."""
    return closing(writable_app(data_dir, DATABASE_URL=store_url))


@pytest.fixture
def stored_by_an_older_version(app, client):
    """Dataset 'lake', its stations as an older version stored them: 'Hill\\r\\nTop' and 'Old\\rMill'."""
    assert client.post("/api/datasets?name=lake", data=UPLOAD, headers=CSV_WRITE).status_code == 201
    database = app.extensions["svgplots"].store.database
    with database._engine.begin() as conn:
        dataset_id = conn.execute(select(datasets.c.id).where(datasets.c.name == "lake")).scalar()
        rows = selectable_rows_table(dataset_id, ["datetime", "text", "integer"])
        for value, station in ((1, "Hill\r\nTop"), (2, "Old\rMill")):
            conn.execute(update(rows).where(rows.c.c2 == value).values(c1=station))
    database._frames.drop("lake")


def test_stored_carriage_returns_read_back_as_line_feeds(client, stored_by_an_older_version):
    rows = client.get("/datasets/lake.json").get_json()["rows"]
    assert [row[1] for row in rows] == ["Hill\nTop", "Old\nMill", "plain"]


def test_a_csv_export_of_stored_carriage_returns_is_one_record_per_row(client, stored_by_an_older_version):
    for url in ("/datasets/lake.csv", "/plot/lake.csv?kind=bar&x=station&y=value"):
        text = client.get(url).get_data(as_text=True)
        assert "\r" not in text
        header, *records = csv.reader(io.StringIO(text, newline=""))
        stations = [record[header.index("station")] for record in records]
        assert sorted(stations) == ["Hill\nTop", "Old\nMill", "plain"], url


def test_a_chart_of_stored_carriage_returns_draws_none_and_a_filter_chooses_them(client, stored_by_an_older_version):
    chart = client.get("/plot/lake.svg?kind=bar&x=station&y=value")
    assert chart.status_code == 200 and b"\r" not in chart.data and b"&#13;" not in chart.data
    for sent, rows in (("Hill%0D%0ATop", [["2025-01-01", 1]]), ("Old%0AMill", [["2025-01-02", 2]])):
        chosen = client.get(f"/plot/lake.json?x=day&y=value&filter.station={sent}")
        assert chosen.status_code == 200 and chosen.get_json()["rows"] == rows
