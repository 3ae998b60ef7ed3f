"""A chart's data (.json and .csv) never heads two columns alike: where the header of a combined
series (`sum of rainfall_mm`) is the name of the dataset's x column, the combined one keeps the words
its axis shows and x is written with " (x)" after its name."""
from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import CSV_WRITE, writable_app

DATASETS = {
    # x named as a monthly sum of rainfall_mm is headed
    "rain": "sum of rainfall_mm,rainfall_mm\n2025-01-01,1.5\n2025-01-02,2\n2025-02-01,4\n",
    # x named as the bars' means of v (a given twice): the bars are means
    "shops": "mean of v,v\na,1\na,3\nb,5\n",
    # x named as one series' header, and the other series as x's name with " (x)"
    "twice": "sum of b,b,b (x)\n2025-01-01,1,2\n2025-01-02,3,4\n",
}


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    for name, text in DATASETS.items():
        assert client.post(f"/api/datasets?name={name}", data=text, headers=CSV_WRITE).status_code == 201
    return client


@pytest.mark.parametrize(("query", "columns", "first"), [
    ("rain.{}?resample=month&agg=sum&y=rainfall_mm",
     ["sum of rainfall_mm (x)", "sum of rainfall_mm"], ["2025-01-01", "3.5"]),
    ("shops.{}?kind=bar&y=v", ["mean of v (x)", "mean of v"], ["a", "2"]),
    ("twice.{}?resample=month&agg=sum&y=b,b (x)",
     ["sum of b (x) (x)", "sum of b", "sum of b (x)"], ["2025-01-01", "4", "6"]),
])
def test_x_named_as_a_combined_series_header_is_told_apart_in_csv_and_json(client, query, columns, first):
    data = client.get("/plot/" + query.format("json")).get_json()
    assert data["columns"] == columns
    assert [str(value) for value in data["rows"][0]] == first
    rows = list(csv.reader(io.StringIO(client.get("/plot/" + query.format("csv")).get_data(as_text=True))))
    assert rows[0] == columns and rows[1] == first


def test_x_keeps_its_name_where_no_combined_header_takes_it(client):
    assert client.get("/plot/shops.json?kind=bar&y=v&agg=sum").get_json()["columns"] == ["mean of v", "sum of v"]
    assert client.get("/plot/rain.json?y=rainfall_mm").get_json()["columns"] == ["sum of rainfall_mm", "rainfall_mm"]
