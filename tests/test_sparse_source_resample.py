"""A source database's resampled rows far apart are filled out as a dataset's are: from the periods
the rows fall in, not by walking every period from the first to the last."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from tests.test_source_values import sqlite_file

# Three rows in years 1, 5000 and 9999: half a million weeks apart, 3.6 million days.
ROWS = [("0001-01-01 00:00:00", 1), ("5000-06-01 12:00:00", 3), ("9999-12-31 00:00:00", 5)]


@pytest.fixture
def client(tmp_path: Path, source_client):
    """The site with `ROWS` as the SQLite source table "sparse" and as the CSV dataset "sparse_csv"."""
    url = sqlite_file(tmp_path / "sparse.db", {"sparse": ("t DATETIME, v INTEGER", ROWS)})
    text = "t,v\n" + "".join(f"{moment},{value}\n" for moment, value in ROWS)
    return source_client(tmp_path, url, ["sparse"], files={"sparse_csv.csv": text})


@pytest.mark.parametrize("chart", ["resample=week&agg=mean", "resample=month&agg=max", "resample=day&agg=min",
                                   "resample=year&agg=sum", "kind=bar&resample=week&agg=mean"])
def test_a_source_resamples_rows_far_apart_as_a_dataset_does(client, chart):
    response = client.get(f"/plot/sparse.json?x=t&y=v&{chart}")
    assert response.status_code == 200, response.data[:400]
    rows = response.get_json()["rows"]
    assert rows == client.get(f"/plot/sparse_csv.json?x=t&y=v&{chart}").get_json()["rows"]
    assert len(rows) == (3 if "sum" not in chart else 9999)


def test_a_sources_daily_mean_of_rows_far_apart_holds_memory_for_the_rows_not_the_days(client):
    client.get("/plot/sparse.json?x=t&y=v&resample=year&agg=mean")  # the first request's set-up is not the resample's
    tracemalloc.start()
    try:
        response = client.get("/plot/sparse.json?x=t&y=v&resample=day&agg=mean")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.get_json()["rows"] == [["0001-01-01", 1.0], ["5000-06-01", 3.0], ["9999-12-31", 5.0]]
    assert peak < 10_000_000  # walking the 3.6 million days held over 100 MB
