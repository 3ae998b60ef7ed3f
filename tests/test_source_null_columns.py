"""An SQLite query's column of no values at all (`NULL AS nada`) is typed as a CSV file's column of
empty cells is: float, a column of missing values."""
from __future__ import annotations

import pytest

from app import create_app
from app.store import table_from_csv
from tests.source_data import sources_toml
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
