"""A source dataset whose query names a column its table no longer has (renamed since the query was
written) is refused naming the column, as a stored dataset's refusal names one it lacks, in SQLite
and PostgreSQL alike, where it gave the driver's class and SQLSTATE alone; no value is quoted."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from app import create_app
from tests.postgres import libpq_url, set_up
from tests.source_data import sources_toml

ROWS = [("2024-01-01", "/a", 1.0), ("2024-01-02", "/b", 2.0)]
QUERY = "SELECT t, endpoint, latency_ms FROM requests"


@pytest.fixture(params=["sqlite", "postgresql"])
def requests_db(request, tmp_path: Path):
    """(URL, run): a database of `requests` (t, endpoint, latency_ms) and a function running a statement on it."""
    if request.param == "sqlite":
        path = tmp_path / "r.db"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE requests (t TEXT, endpoint TEXT, latency_ms REAL)")
            conn.executemany("INSERT INTO requests VALUES (?, ?, ?)", ROWS)
        conn.close()

        def run(statement: str) -> None:
            with sqlite3.connect(path) as altering:
                altering.execute(statement)
            altering.close()

        return f"sqlite:///{path}", run
    url = request.getfixturevalue("postgres_database_url")
    set_up(url, "CREATE TABLE requests (t timestamp, endpoint text, latency_ms double precision)",
           ("INSERT INTO requests VALUES (%s, %s, %s)", ROWS))

    def run_pg(statement: str) -> None:
        with psycopg.connect(libpq_url(url), autocommit=True) as altering:
            altering.execute(statement)

    return url, run_pg


def test_a_query_naming_a_column_renamed_away_is_refused_naming_the_column(tmp_path, requests_db, closing):
    url, run = requests_db
    path = sources_toml(tmp_path / "s.toml", {"db": {"url": url, "cache_seconds": 3600}},
                        {"latency": {"source": "db", "sql": QUERY}})
    (tmp_path / "data").mkdir()
    client = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                                 "RENDER_WORKERS": 0, "DASHBOARD_DIRS": []})).test_client()
    assert client.get("/plot/latency.json?x=t&y=latency_ms").status_code == 200
    run("ALTER TABLE requests RENAME COLUMN latency_ms TO latency")
    errors = []
    for width in (300, 301):  # the first may say the columns changed while read (PostgreSQL), the next not
        answer = client.get(f"/plot/latency.json?x=t&y=latency_ms&width={width}")
        errors.append((answer.status_code, answer.get_json()["error"]))
    status, error = errors[-1]
    assert status == 422, errors
    assert error.startswith("dataset 'latency' cannot be read: its query names no column 'latency_ms' of the "
                            "source 'db'"), error
    assert "SQLSTATE" not in error and "/a" not in error
    if url.startswith("postgresql"):  # PostgreSQL's hint names the column it may mean
        assert "(it suggests 'requests.latency')" in error, error
    assert error.endswith("its table, view or query may have changed: give the column's name as the source has "
                          "it in [datasets.latency] of the sources file"), error
    run("ALTER TABLE requests RENAME COLUMN latency TO latency_ms")
    assert client.get("/plot/latency.json?x=t&y=latency_ms&width=302").status_code == 200
