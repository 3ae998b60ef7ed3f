"""A chart's data (.json and .csv) names each column as the chart's axis names what it holds: a
series whose values were combined from rows says how (`sum of rainfall_mm`), one drawn row by row
keeps its column's name. Before, monthly sums came under the header `rainfall_mm`."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import writable_app
from tests.source_data import sources_toml, write_sqlite


@pytest.mark.parametrize(("url", "columns"), [
    ("/d/stations/rainfall.{}", ["date", "mean of rainfall_mm"]),  # the dashboard's monthly means
    ("/d/stations/rainfall.{}?agg=sum", ["date", "sum of rainfall_mm"]),
    ("/plot/weather.{}?resample=month&y=temperature_c", ["date", "mean of temperature_c"]),
    ("/plot/weather.{}?resample=year&agg=count&y=temperature_c", ["date", "count of temperature_c"]),
    ("/plot/stations.{}?kind=bar&x=station&y=rainfall_mm", ["station", "mean of rainfall_mm"]),  # stations given often
    ("/plot/stations.{}?kind=bar&x=station&y=rainfall_mm,temperature_c&agg=max",
     ["station", "max of rainfall_mm", "max of temperature_c"]),
])
def test_combined_values_are_named_as_the_chart_s_axis_names_them(client, url, columns):
    assert client.get(url.format("json")).get_json()["columns"] == columns
    assert client.get(url.format("csv")).get_data(as_text=True).splitlines()[0] == ",".join(columns)


@pytest.mark.parametrize(("url", "columns"), [
    ("/plot/animals.{}?kind=bar&x=year&y=Bear", ["year", "Bear"]),  # each year once: each bar a row's value
    ("/plot/weather.{}?y=temperature_c", ["date", "temperature_c"]),
    ("/plot/weather.{}?kind=hist&y=temperature_c", ["date", "temperature_c"]),
    ("/plot/weather.{}?kind=box&y=temperature_c", ["date", "temperature_c"]),
])
def test_values_drawn_row_by_row_keep_their_column_s_name(client, url, columns):
    assert client.get(url.format("json")).get_json()["columns"] == columns
    assert client.get(url.format("csv")).get_data(as_text=True).splitlines()[0] == ",".join(columns)


def test_the_json_names_the_rows_values_as_its_csv_does_its_spec_saying_how_they_were_combined(client):
    data = client.get("/d/stations/rainfall.json").get_json()
    assert data["spec"]["resample"] == "month" and "agg" not in data["spec"]  # mean, the default
    assert data["columns"] == ["date", "mean of rainfall_mm"]
    assert len(data["rows"][0]) == 2  # the rows keep their shape


def test_a_chart_page_s_table_heads_its_columns_as_the_chart_s_data_does(client):
    page = client.get("/d/stations/rainfall").get_data(as_text=True)
    assert "<thead><tr><th>date</th><th>mean of rainfall_mm</th></tr></thead>" in page


@pytest.fixture(scope="module")
def shop_source(tmp_path_factory):
    """A sources file whose dataset 'sales' is an SQLite table of a day, a region and an amount."""
    folder = tmp_path_factory.mktemp("shop-source")
    sales = pd.DataFrame({"day": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-02-01"]),
                          "region": ["East", "West", "East"], "amount": [1.0, 2.0, 4.0]})
    url = write_sqlite(folder / "shop.db", {"sales": sales})
    return sources_toml(folder / "sources.toml", {"shop": {"url": url}}, {"sales": {"source": "shop", "table": "sales"}})


@pytest.mark.parametrize(("query", "columns"), [
    ("resample=month&agg=sum&y=amount", ["day", "sum of amount"]),
    ("kind=bar&x=region&y=amount", ["region", "mean of amount"]),
    ("y=amount", ["day", "amount"]),
])
def test_a_source_s_chart_data_names_its_columns_as_a_dataset_s_does(data_dir, shop_source, closing, query, columns):
    client = closing(writable_app(data_dir, SOURCES=str(shop_source))).test_client()
    assert client.get(f"/plot/sales.json?{query}").get_json()["columns"] == columns
    assert client.get(f"/plot/sales.csv?{query}").get_data(as_text=True).splitlines()[0] == ",".join(columns)
