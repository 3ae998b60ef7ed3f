"""An SQLite query's column of no values at all (`NULL AS nada`) is typed as a CSV file's column of
empty cells is: float, a column of missing values. A source's missing values (NULL), times among
them, are charted and written as a CSV file's empty cells are."""
from __future__ import annotations

import sqlite3
from contextlib import closing as closed

import pandas as pd
import pytest

from app import create_app
from app.store import table_from_csv
from tests.source_data import sources_toml, write_sqlite
from tests.test_source_values import sqlite_file


@pytest.fixture
def client(tmp_path, closing):
    url = sqlite_file(tmp_path / "s.db", {"t": ("d DATETIME, v REAL", [("2024-01-01", 1.0), ("2024-01-02", 2.0)])})
    path = sources_toml(tmp_path / "s.toml", {"db": {"url": url}},
                        {"q": {"source": "db", "sql": "SELECT d, NULL AS nada, v FROM t"}})
    (tmp_path / "data").mkdir()
    return closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                               "RENDER_WORKERS": 0, "DASHBOARD_DIRS": []})).test_client()


def test_a_query_column_of_no_values_is_float_as_a_csv_column_of_empty_cells_is(client):
    csv_type = {c.name: c.type for c in table_from_csv("d,nada,v\n2024-01-01,,1\n2024-01-02,,2\n").columns}["nada"]
    columns = {c["name"]: c["type"] for c in client.get("/api/datasets/q").get_json()["dataset"]["columns"]}
    assert columns == {"d": "datetime", "nada": csv_type, "v": "float"} and csv_type == "float"
    assert [row[1] for row in client.get("/datasets/q.json").get_json()["rows"]] == [None, None]


def test_a_sources_missing_times_and_values_are_charted_and_written_as_a_files_empty_cells(tmp_path, source_client):
    frame = pd.DataFrame({"t": pd.to_datetime(["2024-01-01", None, "2024-01-03", "2024-01-04"]),
                          "v": [1.0, 2.0, None, 4.0], "k": ["a", "b", None, "a"]})
    url = write_sqlite(tmp_path / "m.db", {"m": frame})
    with closed(sqlite3.connect(tmp_path / "m.db")) as conn:  # NULLs, as a database holds missing values
        assert conn.execute("SELECT count(t), count(v), count(k), count(*) FROM m").fetchone() == (3, 3, 3, 4)
    client = source_client(tmp_path, url, ["m"], files={"f.csv": frame.to_csv(index=False)})
    for chart in ("x=t&y=v", "x=t&y=v&kind=bar", "x=t&y=v&resample=day&agg=sum", "x=k&y=v&kind=bar&agg=count"):
        source, file = (client.get(f"/plot/{name}.json?{chart}").get_json()["rows"] for name in ("m", "f"))
        assert source == file, chart
    assert client.get("/plot/m.json?x=t&y=v").get_json()["rows"] == [["2024-01-01", 1.0], ["2024-01-03", None],
                                                                     ["2024-01-04", 4.0]]
    assert client.get("/datasets/m.csv").data == client.get("/datasets/f.csv").data
