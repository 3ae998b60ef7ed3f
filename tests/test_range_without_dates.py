"""A range asked of an ad-hoc chart of a dataset without a date column is refused, not ignored: the
chart would draw every row as though narrowed. A dashboard's range still draws such a chart whole,
saying so under it."""
from __future__ import annotations

import pytest

from tests.conftest import CSV_WRITE, refusal, writable_app


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir).test_client()
    created = client.post("/api/datasets?name=dotted", data="day,value\n31.01.2024,1\n01.02.2024,2\n", headers=CSV_WRITE)
    assert created.status_code == 201
    return client


def test_a_range_on_dates_written_another_way_names_the_column_and_how_to_write_them(client):
    assert refusal(client, "/plot/dotted.json?y=value&from=2024-02-01") == (
        "from needs a date column to choose the rows by, and dataset 'dotted' has no date column; the columns "
        "are day (text), value (integer); column 'day' is text, though most of its values are numbers or dates: row 1 "
        "holds '31.01.2024' (write dates as YYYY-MM-DD: 2024-01-31); a column's type is fixed when the dataset is "
        "created: fix the file and create the dataset again before appending rows to it (DELETE /api/datasets/dotted "
        "with a write token removes this one)")


def test_a_range_on_a_dataset_of_no_dates_says_to_leave_it_out(client):
    assert refusal(client, "/plot/animals.json?from=2020-01-01&to=now").endswith(
        "from and to need a date column to choose the rows by, and dataset 'animals' has no date column; the "
        "columns are year (integer), Bear (integer), Deer (integer), Wolf (integer); leave from and to out to draw "
        "every row; to bound x 'year', a number, give xmin and xmax")
    assert client.get("/plot/animals.svg?to=now").status_code == 400


def test_a_range_narrows_by_the_first_date_column_when_x_holds_none(client):
    answer = client.get("/plot/weather.json?kind=scatter&x=temperature_c&y=rainfall_mm&from=2024-01-01&to=2024-01-31")
    assert answer.status_code == 200
    assert answer.get_json()["selection"]["time_column"] == "date"


def test_a_dashboards_range_still_draws_a_chart_without_dates_whole(client):
    assert client.get("/d/animals/bears.svg?from=2020-01-01").status_code == 200
