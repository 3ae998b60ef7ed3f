"""A source's column types are those its values get, as a CSV file's cells decide them: integers
with a missing value are float, and an SQLite query is typed from all its values."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_source_values import csv_text, sqlite_file, tables_source


# Integers with a missing value, at the ends of what a double and a 64-bit integer hold: `v` has a
# NULL, `w` none.
BIG_TABLES = {"big": ("id {int}, v {int}, w {int}",
                      [(1, None, 2**63 - 1), (2, -(2**63), -(2**63)), (3, 2**53 + 1, 2**53 + 1)]),
              # Enough rows for a line to be thinned (M4), a value missing now and then.
              "steps": ("t {int}, v {int}", [(i, None if i % 97 == 5 else i * 7919 % 1000 - 500) for i in range(3000)])}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def big_url(request, tmp_path_factory) -> Iterator[str]:
    """The URL of a source database holding `BIG_TABLES`, in SQLite, then in PostgreSQL."""
    yield from tables_source(request, tmp_path_factory, BIG_TABLES, "types_big")


def test_integers_with_a_missing_value_are_a_float_column_as_in_a_csv_file(tmp_path: Path, big_url: str, source_client):
    # The column was declared integer while its values came as floats, 2**53 + 1 rounded.
    client = source_client(tmp_path, big_url, ["big"], files={"big_csv.csv": csv_text(BIG_TABLES["big"])})
    described = {name: client.get(f"/api/datasets/{name}").json["dataset"]["columns"] for name in ("big", "big_csv")}
    assert described["big"] == described["big_csv"] == [{"name": "id", "type": "integer"},
                                                        {"name": "v", "type": "float"},
                                                        {"name": "w", "type": "integer"}]
    source, csv = (client.get(f"/datasets/{name}.json").json for name in ("big", "big_csv"))
    assert source["rows"] == csv["rows"] == [[1, None, 2**63 - 1], [2, -(2**63), -(2**63)], [3, 2**53, 2**53 + 1]]
    assert [type(row[1]) for row in source["rows"][1:]] == [float, float]
    assert client.get("/datasets/big.csv").data == client.get("/datasets/big_csv.csv").data
    for chart in ("x=id&y=v", "x=id&y=v,w&xmin=2", "x=v&y=id&kind=scatter&xmin=0", "kind=bar&x=id&y=v,w&agg=sum",
                  "kind=hist&y=v", "x=id&y=v&width=100"):
        ours, theirs = (client.get(f"/plot/{name}.json?{chart}") for name in ("big", "big_csv"))
        assert ours.status_code == theirs.status_code == 200, (chart, ours.json)
        assert ours.json["rows"] == theirs.json["rows"], chart


def test_a_query_of_the_same_integers_is_typed_the_same(tmp_path: Path, big_url: str, source_client):
    client = source_client(tmp_path, big_url, [], {"q": {"source": "db", "sql": "SELECT id, v, w FROM big"}})
    columns = client.get("/api/datasets/q").json["dataset"]["columns"]
    assert [c["type"] for c in columns] == ["integer", "float", "integer"]
    assert client.get("/datasets/q.json").json["rows"][2] == [3, 2**53, 2**53 + 1]


@pytest.mark.parametrize("chart", ["y=v&width=100", "y=v&width=100&xmin=500&xmax=2500",
                                   "kind=scatter&y=v&xmin=100&xmax=400", "kind=hist&y=v"])
def test_a_chart_of_integers_with_missing_values_is_drawn_as_from_a_csv_file(tmp_path: Path, big_url: str, chart,
                                                                             source_client):
    client = source_client(tmp_path, big_url, ["steps"], files={"steps_csv.csv": csv_text(BIG_TABLES["steps"])})
    ours, theirs = (client.get(f"/plot/{name}.json?x=t&{chart}") for name in ("steps", "steps_csv"))
    assert ours.status_code == theirs.status_code == 200, ours.json
    assert ours.json["rows"] == theirs.json["rows"]
    images = [client.get(f"/plot/{name}.svg?x=t&{chart}").data for name in ("steps", "steps_csv")]
    assert images[0] == images[1]


# An SQLite query's column whose first thousand rows are integers and whose last are not (`v`),
# and ones whose values turn text, number or missing late.
LATE = [(i, i, "2024-01-01", f"2024-01-{1 + i % 28:02d}", i) for i in range(1000)] + [
    (1000, 2.5, "2024-01-02", "", 3), (1001, "hello", "soon", "n/a", None), (1002, 7, "2024-01-03", "2024-02-01", 4)]


def test_an_sqlite_query_is_typed_from_all_its_values_as_a_csv_file_is(tmp_path: Path, source_client):
    # Its types came from its first 1000 rows: 'hello' in a column of integers was read as a
    # missing value, 2.5 as a float in an integer column.
    url = sqlite_file(tmp_path / "late.db", {"late": ("id INTEGER, v, d TEXT, e TEXT, n INTEGER", LATE)})
    text = "id,v,d,e,n\n" + "".join(",".join("" if v is None else str(v) for v in row) + "\n" for row in LATE)
    client = source_client(tmp_path, url, [], {"late_query": {"source": "db", "sql": "SELECT * FROM late ORDER BY id"}},
                           files={"late_csv.csv": text})
    described = {name: client.get(f"/api/datasets/{name}").json["dataset"]["columns"]
                 for name in ("late_query", "late_csv")}
    assert described["late_query"] == described["late_csv"]
    assert [c["type"] for c in described["late_query"]] == ["integer", "text", "text", "datetime", "float"]
    rows = client.get("/datasets/late_query.json").json["rows"]
    assert rows[-4:] == client.get("/datasets/late_csv.json").json["rows"][-4:]
    assert [row[1] for row in rows[-3:]] == ["2.5", "hello", "7"]
    # Its numbers are text to the database too: a filter's '7' chooses the row it shows.
    chosen = client.get("/plot/late_query.json?x=id&y=n&filter.v=7&filter.v=999")
    assert chosen.status_code == 200, chosen.json
    assert chosen.json["rows"] == [[7, 7.0], [999, 999.0], [1002, 4.0]]


# Hours over two days; a view of expressions over them, the same SELECT as a query.
HOURS = [(f"2024-03-0{1 + i // 24} {i % 24:02d}:00:00", i / 4, i, "ab"[i % 2]) for i in range(48)]
EXPRESSIONS = ("SELECT date(ts) AS d, value * 1.0 AS r, count + 0 AS c, cat, "
               "CASE WHEN count > 40 THEN 'many' ELSE count END AS m FROM hourly")


def test_an_sqlite_views_columns_of_no_declared_type_are_typed_from_their_values_as_a_querys(tmp_path: Path,
                                                                                              source_client):
    # An expression's column has no declared type: each was text, and drawn as none.
    url = sqlite_file(tmp_path / "hours.db", {"hourly": ("ts DATETIME, value REAL, count INTEGER, cat TEXT", HOURS)})
    with sqlite3.connect(tmp_path / "hours.db") as conn:
        conn.execute(f"CREATE VIEW v_expr AS {EXPRESSIONS}")
    conn.close()
    client = source_client(tmp_path, url, ["v_expr"], {"q_expr": {"source": "db", "sql": EXPRESSIONS}})
    described = {name: [(c["name"], c["type"]) for c in client.get(f"/api/datasets/{name}").json["dataset"]["columns"]]
                 for name in ("v_expr", "q_expr")}
    assert described["v_expr"] == described["q_expr"] == [("d", "datetime"), ("r", "float"), ("c", "integer"),
                                                          ("cat", "text"), ("m", "text")]
    query = "x=d&y=r,c&resample=day&agg=sum"
    chart = client.get(f"/plot/v_expr.json?{query}")
    assert chart.status_code == 200, chart.json
    assert chart.json["rows"] == client.get(f"/plot/q_expr.json?{query}").json["rows"] == [
        ["2024-03-01", 69.0, 276], ["2024-03-02", 213.0, 852]]
    # A column of text and numbers is text to the database too: a filter's '7' chooses the row it shows.
    chosen = client.get("/plot/v_expr.json?x=c&y=r&filter.m=7&filter.m=many")
    assert chosen.status_code == 200, chosen.json
    assert chosen.json["rows"] == [[7, 1.75], *[[i, i / 4] for i in range(41, 48)]]


def test_an_sqlite_column_declared_blob_is_typed_from_its_values_as_one_of_no_declared_type(tmp_path: Path,
                                                                                            source_client):
    # SQLAlchemy reflects BLOB as LargeBinary, which was text with every value missing (its blobs
    # read as none): a filter could name it, and its numbers were never shown.
    url = sqlite_file(tmp_path / "blobs.db", {"kept": ("id INTEGER, n BLOB, b BLOB",
                                                       [(1, 10, b"\x00\x01"), (2, 20, b"\xff"), (3, None, None)])})
    client = source_client(tmp_path, url, ["kept"])
    columns = [(c["name"], c["type"]) for c in client.get("/api/datasets/kept").json["dataset"]["columns"]]
    assert columns == [("id", "integer"), ("n", "float"), ("b", "float")]
    chart = client.get("/plot/kept.json?x=id&y=n")
    assert chart.status_code == 200, chart.json
    assert chart.json["rows"] == [[1, 10.0], [2, 20.0], [3, None]]
