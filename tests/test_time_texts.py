"""How a chart's and a dataset's `.json` and `.csv` write times: each in its shortest exact form,
so that one time is written alike whatever rows stand beside it."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import pandas as pd
import pytest

from app.export import frame_json_rows, spec_json
from plots import parse_spec
from tests.conftest import created, writable_app


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    created(client, "ticks", "t,v\n2024-01-25T06:00:00,1\n2024-01-25T06:00:00.5,2\n2024-01-26T06:00:00,3\n")
    return client


def json_times(client, url: str) -> list[str]:
    return [row[0] for row in client.get(url).get_json()["rows"]]


def csv_times(client, url: str) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO(client.get(url).get_data(as_text=True)))][1:]


def test_a_time_is_written_alike_with_or_without_a_fraction_beside_it(client):
    every = "/plot/ticks.json?y=v"
    whole_seconds = "/plot/ticks.json?y=v&from=2024-01-26"
    assert json_times(client, every) == ["2024-01-25T06:00:00Z", "2024-01-25T06:00:00.5Z", "2024-01-26T06:00:00Z"]
    assert json_times(client, whole_seconds) == ["2024-01-26T06:00:00Z"]


@pytest.mark.parametrize("url", ["/plot/ticks.{}?y=v", "/datasets/ticks.{}"])
def test_csv_writes_the_times_json_does(client, url):
    assert csv_times(client, url.format("csv")) == json_times(client, url.format("json")) == [
        "2024-01-25T06:00:00Z", "2024-01-25T06:00:00.5Z", "2024-01-26T06:00:00Z"]


def test_a_fraction_is_written_with_the_digits_it_needs():
    times = pd.to_datetime(["2024-01-01T06:00:00", "2024-01-01T06:00:00.25", "2024-01-01T06:00:00.000001",
                            "2024-01-01T06:00:00.000000001"], format="ISO8601")
    assert [row[0] for row in frame_json_rows(pd.DataFrame({"t": times}))] == [
        "2024-01-01T06:00:00Z", "2024-01-01T06:00:00.25Z", "2024-01-01T06:00:00.000001Z",
        "2024-01-01T06:00:00.000000001Z"]


def test_a_selection_and_a_bound_write_their_times_as_the_rows_do(client):
    answer = client.get("/plot/ticks.json?y=v&from=2024-01-25T06:00:00.5").get_json()
    assert answer["selection"]["from"] == "2024-01-25T06:00:00.5Z"
    spec = parse_spec({"xmin": ["2024-01-25T06:00:00.5"], "y": ["v"]}, {"t": "datetime", "v": "integer"})
    assert spec_json(spec)["xmin"] == "2024-01-25T06:00:00.5Z"
    assert spec_json(parse_spec({"xmin": [datetime(2024, 1, 25).isoformat()]}, {"t": "datetime", "v": "integer"}))[
        "xmin"] == "2024-01-25T00:00:00Z"
