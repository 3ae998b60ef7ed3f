"""Moments with milliseconds and microseconds, as an SQLite source keeps them (ISO 8601 text), in
PostgreSQL (timestamps) and in a stored dataset: a range, resampling and M4 choose the same rows
from each, as the chart's data (JSON) and its image show."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app import create_app
from tests.postgres import database
from tests.source_data import postgres_tables, sources_toml, write_sqlite

# The same rows three ways: a CSV file of the data folder (read into memory), an SQLite source and
# a PostgreSQL source.
WAYS = ("stored", "lite", "pg")


def moments_frame(step_us: int = 1500) -> pd.DataFrame:
    """A random walk every 1.5 ms (every other moment on a whole millisecond), and moments within
    half a millisecond of a day's end (one on a Sunday) and of a millisecond bound; with a
    `step_us` of whole milliseconds, the walk alone."""
    rng = np.random.default_rng(5)
    steps = pd.Timestamp("2024-01-01 10:00:00") + pd.to_timedelta(np.arange(6000) * step_us, unit="us")
    if step_us % 1000 == 0:
        return pd.DataFrame({"t": steps, "v": np.cumsum(rng.normal(0, 1, len(steps)))})
    edges = pd.to_datetime(["2024-01-01 10:00:00.1226", "2024-01-01 10:00:00.1234", "2024-01-01 23:59:59.9994",
                            "2024-01-01 23:59:59.9996", "2024-01-02 00:00:00.0004", "2024-01-07 23:59:59.9997",
                            "2024-01-31 23:59:59.999999"])
    t = steps.append(edges)
    return pd.DataFrame({"t": t, "v": np.cumsum(rng.normal(0, 1, len(t)))})


@pytest.fixture(scope="module")
def client(tmp_path_factory, postgres_url) -> Iterator:
    folder: Path = tmp_path_factory.mktemp("moments")
    # `moments`, and `millis`: a moment every 3 ms, all on whole milliseconds.
    tables = {"moments": moments_frame(), "millis": moments_frame(3000)}
    data = folder / "data"
    data.mkdir()
    for name, frame in tables.items():
        stored = "stored" if name == "moments" else "stored_millis"
        frame.assign(t=[moment.isoformat() for moment in frame["t"]]).to_csv(data / f"{stored}.csv", index=False)
    with database(postgres_url, "svgplots_source_moments", *postgres_tables(tables)) as pg:
        sources = sources_toml(folder / "sources.toml",
                               {"lite": {"url": write_sqlite(folder / "lite.db", tables)}, "pg": {"url": pg}},
                               {"lite": {"source": "lite", "table": "moments"},
                                "pg": {"source": "pg", "table": "moments"},
                                "lite_millis": {"source": "lite", "table": "millis"},
                                "pg_millis": {"source": "pg", "table": "millis"}})
        boards = folder / "boards"
        boards.mkdir()
        for way in WAYS:
            (boards / f"{way}.toml").write_text(f'time_column = "t"\n[[charts]]\nid = "walk"\ndataset = "{way}"\n'
                                                'x = "t"\ny = ["v"]\n', "utf-8")
        app = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources),
                          "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0})
        yield app.test_client()
        app.extensions["svgplots"].store.sources.close()


@pytest.mark.parametrize("url", [
    "/d/{}/walk.json?from=2024-01-01T10:00:00.123&to=2024-01-01T10:00:00.130",
    "/d/{}/walk.json?from=2024-01-01T10:00:00.1225&to=2024-01-01T10:00:00.1234",
    "/plot/{}.json?x=t&y=v&xmin=2024-01-01T10:00:00.123&xmax=2024-01-01T10:00:00.1295",
    "/plot/{}.json?x=t&y=v&xmin=2024-01-01T23:59:59.9995",
    "/plot/{}.json?x=t&y=v&resample=day&agg=count",
    "/plot/{}.json?x=t&y=v&resample=week&agg=count",
    "/plot/{}.json?x=t&y=v&resample=month&agg=count",
], ids=["range", "range of microseconds", "x bounds", "day's last half millisecond", "days", "weeks", "months"])
def test_a_source_chooses_the_rows_a_stored_dataset_does(client, url):
    rows = {way: client.get(url.format(way)).json["rows"] for way in WAYS}
    assert rows["stored"]
    assert rows["lite"] == rows["stored"]
    assert rows["pg"] == rows["stored"]


@pytest.mark.parametrize("table", ["", "_millis"], ids=["microseconds", "whole milliseconds"])
@pytest.mark.parametrize("query", [
    "width=300",
    "width=300&xmin=2024-01-01T10:00:00.0007&xmax=2024-01-01T10:00:04.0003",
    "width=200&xmin=2024-01-01T10:00:00&xmax=2024-01-01T10:00:08.9985",
], ids=["whole range", "window off the milliseconds", "window of whole seconds"])
def test_a_source_line_thinned_to_m4_is_the_stored_line_thinned_in_memory(client, query, table):
    images = {way: client.get(f"/plot/{way}{table}.svg?x=t&y=v&{query}") for way in WAYS}
    assert all(image.status_code == 200 for image in images.values())
    assert images["lite"].data == images["stored"].data
    assert images["pg"].data == images["stored"].data
