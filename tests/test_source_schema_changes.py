"""A source table whose columns change under a dataset already described (a column renamed or
dropped by a migration): the database's "no such column" makes the dataset described anew, so one
answer at most says to try again and the next has the new columns, whatever `version_sql` says."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from app import create_app
from tests.postgres import libpq_url, set_up
from tests.source_data import sources_toml

ROWS = [("2024-01-01", "a", 1.0), ("2024-01-02", "b", 2.0), ("2024-01-03", "c", 3.0)]


@pytest.fixture(params=["sqlite", "postgresql"])
def readings_db(request, tmp_path: Path):
    """(URL, alter): a database of `readings` (t, note, v), and a function running a statement on it."""
    if request.param == "sqlite":
        path = tmp_path / "r.db"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE readings (t DATETIME, note TEXT, v REAL)")
            conn.executemany("INSERT INTO readings VALUES (?, ?, ?)", ROWS)
        conn.close()

        def alter(statement: str) -> None:
            with sqlite3.connect(path) as altering:
                altering.execute(statement)
            altering.close()

        return f"sqlite:///{path}", alter
    url = request.getfixturevalue("postgres_database_url")
    set_up(url, "CREATE TABLE readings (t timestamp, note text, v double precision)",
           ("INSERT INTO readings VALUES (%s, %s, %s)", ROWS))

    def alter_pg(statement: str) -> None:
        with psycopg.connect(libpq_url(url), autocommit=True) as altering:
            altering.execute(statement)

    return url, alter_pg


@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
def test_a_renamed_column_is_seen_at_the_next_answer_not_when_the_version_moves_on(tmp_path, readings_db, closing,
                                                                                 versioned):
    url, alter = readings_db
    entry = {"source": "db", "table": "readings"}
    if versioned:
        entry["version_sql"] = "SELECT max(v) FROM readings"
    path = sources_toml(tmp_path / "s.toml", {"db": {"url": url, "cache_seconds": 3600}}, {"readings": entry})
    (tmp_path / "data").mkdir()
    client = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                                 "RENDER_WORKERS": 0, "DASHBOARD_DIRS": []})).test_client()
    described = client.get("/api/datasets/readings").get_json()["dataset"]["columns"]
    assert [c["name"] for c in described] == ["t", "note", "v"]
    alter("ALTER TABLE readings RENAME COLUMN note TO remark")
    changed = client.get("/datasets/readings.json")
    assert changed.status_code == 503, changed.get_data(as_text=True)
    assert changed.get_json()["error"] == ("dataset 'readings' of the source 'db' changed its columns while it was "
                                           "read; try again")
    again = client.get("/datasets/readings.json")
    assert again.status_code == 200
    assert [c["name"] for c in again.get_json()["columns"]] == ["t", "remark", "v"]
    assert [row[1] for row in again.get_json()["rows"]] == ["a", "b", "c"]
    columns = client.get("/api/datasets/readings").get_json()["dataset"]["columns"]
    assert [c["name"] for c in columns] == ["t", "remark", "v"]
    alter("ALTER TABLE readings DROP COLUMN remark")
    assert client.get("/datasets/readings.csv").status_code == 503
    assert client.get("/datasets/readings.csv").get_data(as_text=True).splitlines()[0] == "t,v"
    assert [c["name"] for c in client.get("/api/datasets/readings").get_json()["dataset"]["columns"]] == ["t", "v"]
