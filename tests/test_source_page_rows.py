"""A source dataset's page shows the first rows by time where an index of its table's date column finds
them at no cost, the same rows on every view, and says so; else the rows the database returns first,
and says that, with no sort of the whole table for a page view."""
from __future__ import annotations

import re
import sqlite3
from html import unescape
from pathlib import Path

import pytest

from tests.postgres import set_up

# Rows written out of time order: the order a table keeps them in is not their time's.
EVENTS = [("2024-01-03", 30.5), ("2024-01-01", 10.5), ("2024-01-05", 50.5), ("2024-01-02", 20.5), ("2024-01-04", 40.5)]


@pytest.fixture(params=["sqlite", "postgresql"])
def events_url(request, tmp_path: Path) -> str:
    """A database of tables `indexed` and `plain` (t, v), each holding EVENTS in that order, `indexed`
    with an index on t, and view `seen` of `indexed`; in SQLite, then in PostgreSQL."""
    tables = ["CREATE TABLE indexed (t timestamp, v double precision)", "CREATE INDEX ON indexed (t)",
              "CREATE TABLE plain (t timestamp, v double precision)", "CREATE VIEW seen AS SELECT t, v FROM indexed"]
    if request.param == "sqlite":
        path = tmp_path / "events.db"
        with sqlite3.connect(path) as conn:
            for statement in tables:
                conn.execute(statement.replace("INDEX ON indexed", "INDEX indexed_t ON indexed"))
            for table in ("indexed", "plain"):
                conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", EVENTS)
        conn.close()
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_database_url")
    set_up(url, *tables, *((f"INSERT INTO {table} VALUES (%s, %s)", EVENTS) for table in ("indexed", "plain")))
    return url


def page_rows(client, name: str) -> tuple[str, list[str]]:
    """The heading of dataset `name`'s rows on its page, and the values of v its rows show, in order."""
    page = client.get(f"/datasets/{name}")
    assert page.status_code == 200, page.data[:300]
    html = unescape(page.get_data(as_text=True))
    heading = re.search(r'<h2 id="rows-heading">([^<]*)</h2>', html)[1]
    return heading, re.findall(r"\b(\d\d\.5)\b", html.split('id="rows-heading"', 1)[1])


def test_a_tables_first_rows_by_its_indexed_time_are_shown_oldest_first(app_over, events_url):
    app = app_over({"db": {"url": events_url}}, {"events": {"source": "db", "table": "indexed"}}, TABLE_ROWS=2)
    assert page_rows(app.test_client(), "events") == ("First 2 rows by t, oldest first", ["10.5", "20.5"])


def test_rows_of_no_index_to_order_them_by_are_said_to_be_in_the_databases_order(app_over, events_url):
    app = app_over({"db": {"url": events_url}},
                   {"plain": {"source": "db", "table": "plain"}, "seen": {"source": "db", "table": "seen"},
                    "query": {"source": "db", "sql": "SELECT t, v FROM indexed"}}, TABLE_ROWS=2)
    client = app.test_client()
    for name in ("plain", "seen", "query"):
        heading, values = page_rows(client, name)
        assert heading == "2 rows, in the order the database returns them", name
        assert len(values) == 2, name
