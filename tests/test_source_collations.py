"""An SQLite source's column declared with a collation: one of the app that made the file, which the
site's connection has not registered, charts and filters as any column, and NOCASE's values are
told apart as a CSV file's are. Every comparison, grouping and ordering the site writes over a
column is of bytes (COLLATE BINARY)."""
from __future__ import annotations

import contextlib
import sqlite3
from html import unescape
from pathlib import Path

import pytest

from tests.postgres import set_up

# 300 rows, more than a bar chart's 100 categories: its bars are grouped by the database.
ROWS = [(f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}", "abc"[i % 3], i, float(i)) for i in range(300)]

URLS = ["kind=line&x=day&y=v&filter.region=a",
        "kind=area&x=day&y=v&filter.region=b&from=2024-03-01&to=2024-05-01",
        "kind=scatter&x=day&y=v&filter.region=c&xmin=2024-02-01&xmax=2024-02-20",
        "kind=bar&x=region&y=v&agg=sum",
        "kind=bar&x=region&y=v",
        "kind=barh&x=region&y=v&agg=median",
        "kind=bar&x=region&y=v&agg=count&filter.region=a&filter.region=c",
        "kind=bar&x=day&y=v&filter.region=a&from=2024-01-01&to=2024-02-15",
        "kind=bar&x=day&y=v&resample=month&agg=sum&filter.region=a",
        "kind=bar&x=day&y=v&resample=month&agg=median&filter.region=c",
        "kind=line&x=day&y=v&resample=week&filter.region=b",
        "kind=hist&y=v&filter.region=a",
        "kind=box&y=v&filter.region=b&filter.region=c",
        "kind=line&x=n&y=v&xmin=10&xmax=40&filter.region=a",
        "kind=bar&x=n&y=v&xmax=30&filter.region=b"]


def _app_order(a: str, b: str) -> int:
    return (a > b) - (a < b)


@pytest.fixture
def client(tmp_path: Path, source_client):
    """The site over `own`, whose columns are declared with the collation `app_order`, registered by
    the connection that made the file alone (its text and dates indexed), and `plain`, the same rows
    declared without one."""
    path = tmp_path / "own.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.create_collation("app_order", _app_order)
        conn.execute("CREATE TABLE own (day DATETIME COLLATE app_order, region TEXT COLLATE app_order, "
                     "n INTEGER COLLATE app_order, v REAL COLLATE app_order)")
        conn.execute("CREATE INDEX own_day ON own (day)")
        conn.execute("CREATE INDEX own_region ON own (region)")
        conn.execute("CREATE TABLE plain (day DATETIME, region TEXT, n INTEGER, v REAL)")
        for name in ("own", "plain"):
            conn.executemany(f"INSERT INTO {name} VALUES (?, ?, ?, ?)", ROWS)
        conn.commit()
    return source_client(tmp_path, f"sqlite:///{path}", ["own", "plain"])


@pytest.mark.parametrize("query", URLS)
def test_every_chart_and_filter_over_a_column_of_an_unknown_collation_draws_its_rows(client, query):
    # Its ORDER BY, GROUP BY, IN, DISTINCT and bounds compared under the column's collation, which
    # SQLite could not find: a 422 saying the table "may have changed".
    own, plain = (client.get(f"/plot/{name}.json?{query}") for name in ("own", "plain"))
    assert own.status_code == 200, own.json
    assert plain.status_code == 200, plain.json
    assert own.json["rows"] and own.json["rows"] == plain.json["rows"]
    assert client.get(f"/plot/own.svg?{query}").status_code == 200


def test_bars_by_a_column_of_an_unknown_collation_are_grouped_by_the_database(client):
    answer = client.get("/plot/own.json?kind=bar&x=region&y=v&agg=sum&filter.region=a&filter.region=b")
    assert answer.status_code == 200, answer.json
    assert answer.json["rows"] == [[region, sum(v for _, r, _, v in ROWS if r == region)] for region in "ab"]


def test_a_filter_value_such_a_column_lacks_is_named_with_the_values_it_has(client):
    unknown = client.get("/plot/own.json?filter.region=d")
    assert unknown.status_code == 404, unknown.json
    assert "its values are 'a', 'b', 'c'" in unknown.json["error"]


def test_the_page_and_rows_of_a_table_with_such_a_column_are_read(client):
    assert client.get("/datasets/own").status_code == 200
    rows = client.get("/datasets/own.json")
    assert rows.status_code == 200, rows.json
    assert client.get("/datasets/own.csv").status_code == 200


def test_too_many_bars_by_such_a_column_are_counted(tmp_path: Path, source_client):
    path = tmp_path / "many.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.create_collation("app_order", _app_order)
        conn.execute("CREATE TABLE many (region TEXT COLLATE app_order, v REAL)")
        conn.executemany("INSERT INTO many VALUES (?, ?)", [(f"r{i:03d}", float(i)) for i in range(150) for _ in "ab"])
        conn.commit()
    client = source_client(tmp_path, f"sqlite:///{path}", ["many"])
    answer = client.get("/plot/many.json?kind=bar&x=region&y=v&agg=sum")
    assert answer.status_code == 422, answer.json
    assert "150" in answer.json["error"] and "may have changed" not in answer.json["error"]


def test_a_nocase_columns_values_are_told_apart_as_a_csv_files(tmp_path: Path, source_client):
    # Compared under NOCASE, filter.region=a chose the rows of 'A' too, and the bars the database
    # grouped put 'A' and 'a' in one; a CSV file's rows, and the values its filter lists, are apart.
    path = tmp_path / "cased.db"
    rows = [("a" if i % 2 else "A", float(i)) for i in range(300)]
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE cased (region TEXT COLLATE NOCASE, v REAL)")
        conn.executemany("INSERT INTO cased VALUES (?, ?)", rows)
        conn.commit()
    client = source_client(tmp_path, f"sqlite:///{path}", ["cased"])
    bars = client.get("/plot/cased.json?kind=bar&x=region&y=v&agg=sum")
    assert bars.status_code == 200, bars.json
    assert bars.json["rows"] == [[region, sum(v for r, v in rows if r == region)] for region in ("A", "a")]
    chosen = client.get("/plot/cased.json?kind=hist&y=v&filter.region=a")
    assert chosen.status_code == 200, chosen.json
    assert sorted(row[-1] for row in chosen.json["rows"]) == [v for r, v in rows if r == "a"]


def test_a_view_or_query_giving_such_a_column_is_a_422_saying_how_to_select_it(tmp_path: Path, source_client):
    # SQLite looks up the collation of every column a view or subquery gives, to describe it or to
    # read any of its rows: no statement reads one, and the refusal said the view "may have changed".
    path = tmp_path / "views.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.create_collation("app_order", _app_order)
        conn.execute("CREATE TABLE own (day DATETIME, region TEXT COLLATE app_order, v REAL)")
        conn.executemany("INSERT INTO own VALUES (?, ?, ?)", [(day, region, v) for day, region, _, v in ROWS])
        conn.execute("CREATE VIEW passed AS SELECT * FROM own")
        conn.execute("CREATE VIEW bytes AS SELECT day, region COLLATE BINARY AS region, v FROM own")
        conn.commit()
    client = source_client(tmp_path, f"sqlite:///{path}", ["passed", "bytes"],
                           {"queried": {"source": "db", "sql": "SELECT day, region, v FROM own"}})
    for name in ("passed", "queried"):
        for url in (f"/plot/{name}.json?kind=bar&x=region&y=v&agg=sum", f"/datasets/{name}"):
            refused = client.get(url)
            assert refused.status_code == 422, url
            error = unescape(refused.get_data(as_text=True))
            assert "the collation 'app_order'" in error and "<column> COLLATE BINARY AS <column>" in error, error
            assert "may have changed" not in error
    bars = client.get("/plot/bytes.json?kind=bar&x=region&y=v&agg=sum&filter.region=c")
    assert bars.status_code == 200, bars.json
    assert bars.json["rows"] == [["c", sum(v for _, r, _, v in ROWS if r == "c")]]


@pytest.mark.parametrize(("version_sql", "collation"), [
    ("SELECT max(region) FROM own", "app_order"),
    ("SELECT day FROM own ORDER BY day COLLATE app_rank LIMIT 1", "app_rank"),
    ("SELECT max(day) FROM (SELECT * FROM own)", "app_order")])
def test_a_version_sql_comparing_under_an_unknown_collation_is_a_422_saying_how_to_compare_it(
        tmp_path: Path, source_client, version_sql, collation):
    # A column it compares, one a subquery gives, or one it names: the refusal said "no such
    # collation sequence" and to fix version_sql, not how.
    path = tmp_path / "versioned.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.create_collation("app_order", _app_order)
        conn.execute("CREATE TABLE own (day DATETIME, region TEXT COLLATE app_order, v REAL)")
        conn.executemany("INSERT INTO own VALUES (?, ?, ?)", [(day, region, v) for day, region, _, v in ROWS])
        conn.commit()
    client = source_client(tmp_path, f"sqlite:///{path}", [],
                           {"versioned": {"source": "db", "table": "own", "version_sql": version_sql},
                            "binary": {"source": "db", "table": "own",
                                       "version_sql": "SELECT max(region COLLATE BINARY) FROM own"}})
    for url in ("/plot/versioned.json?kind=bar&x=region&y=v&agg=sum", "/datasets/versioned"):
        refused = client.get(url)
        assert refused.status_code == 422, url
        error = unescape(refused.get_data(as_text=True))
        assert f"refused its version_sql (no such collation sequence: {collation})" in error, error
        assert f"the collation {collation!r}" in error and "<column> COLLATE BINARY" in error, error
        assert "fix version_sql of [datasets.versioned] in the sources file" in error, error
    answer = client.get("/plot/binary.json?kind=bar&x=region&y=v&agg=sum")
    assert answer.status_code == 200, answer.json


@pytest.mark.parametrize("entry", [
    {"table": "own", "version_sql": "SELECT max(day) FROM passed"},
    {"sql": "SELECT day, v FROM passed"},
    {"table": "passed", "columns": ["day", "v"]}], ids=["version_sql", "sql", "columns"])
def test_a_view_giving_such_a_column_is_a_422_each_time_whichever_of_its_columns_is_read(tmp_path: Path,
                                                                                       source_client, entry):
    # SQLite looks up the collation as a connection first reads the view's columns, and keeps them
    # though it refused the statement: a read of the view's other columns on that connection then
    # went through, one 422 then 200s.
    path = tmp_path / "passing.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.create_collation("app_order", _app_order)
        conn.execute("CREATE TABLE own (day DATETIME, region TEXT COLLATE app_order, v REAL)")
        conn.executemany("INSERT INTO own VALUES (?, ?, ?)", [(day, region, v) for day, region, _, v in ROWS])
        conn.execute("CREATE VIEW passed AS SELECT * FROM own")
        conn.commit()
    client = source_client(tmp_path, f"sqlite:///{path}", [], {"read": {"source": "db", **entry}})
    for attempt, url in enumerate(["/plot/read.json?x=day&y=v", "/plot/read.json?x=day&y=v", "/datasets/read",
                                   "/api/datasets/read", "/plot/read.json?kind=bar&x=day&y=v&agg=sum"]):
        refused = client.get(url)
        assert refused.status_code == 422, (attempt, url)
        error = unescape(refused.get_data(as_text=True))
        assert "the collation 'app_order'" in error and "<column> COLLATE BINARY AS <column>" in error, error


@pytest.mark.parametrize(("entry", "field"), [
    ({"sql": 'SELECT day, region COLLATE "nope" AS region, v FROM own'}, "sql"),
    ({"table": "own", "version_sql": 'SELECT max(region COLLATE "nope") FROM own'}, "version_sql")])
def test_a_postgresql_collation_the_database_lacks_is_a_422_naming_it_and_how_to_compare_as_bytes(
        tmp_path: Path, postgres_database_url: str, source_client, entry, field):
    # SQLSTATE 42704 got the refusal of any query ("may have changed", or to fix version_sql), not
    # which collation, nor how to compare the column otherwise.
    set_up(postgres_database_url, "CREATE TABLE own (day timestamp, region text, v double precision)",
           ("INSERT INTO own VALUES (%s, %s, %s)", [(day, region, v) for day, region, _, v in ROWS]))
    client = source_client(tmp_path, postgres_database_url, [], {"named": {"source": "db", **entry}})
    for url in ("/plot/named.json?kind=bar&x=region&y=v&agg=sum", "/datasets/named"):
        refused = client.get(url)
        assert refused.status_code == 422, url
        error = refused.json["error"] if url.startswith("/plot/") else unescape(refused.get_data(as_text=True))
        assert 'collation "nope" for encoding' in error and "the database has no collation 'nope'" in error, error
        assert f"fix {field} of [datasets.named] in the sources file" in error, error
        assert '<column> COLLATE "C"' in error and "may have changed" not in error, error
