"""A source's column types are those its values get, as a CSV file's cells decide them, but for NULL:
integers with a NULL are an integer column, each kept exact (a CSV file's whole numbers with an empty
cell are float); and an SQLite query is typed from all its values."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from plots import parse_spec

from tests.test_source_values import csv_text, sqlite_file, tables_source


# Integers with a missing value, at the ends of what a double and a 64-bit integer hold: `v` has a
# NULL, `w` none.
BIG_TABLES = {"big": ("id {int}, v {int}, w {int}",
                      [(1, None, 2**63 - 1), (2, -(2**63), -(2**63)), (3, 2**53 + 1, 2**53 + 1)]),
              # Enough rows for a line to be thinned (M4), a value missing now and then.
              "steps": ("t {int}, v {int}", [(i, None if i % 97 == 5 else i * 7919 % 1000 - 500) for i in range(3000)]),
              # A line to thin (M4) of integers that are one double, 2**53, but in a row in every 50,
              # 2**53 + 1, each the highest of its pixel column; one NULL.
              "peaks": ("t {int}, v {int}", [(i, None if i == 1000 else 2**53 + (i % 50 == 25)) for i in range(3000)]),
              # Categories given more than once, grouped as a dataset's rows: a sum past 64 bits in `a`.
              "groups": ("k {text}, v {int}", [("a", 2**63 - 1), ("a", 1), ("a", None), ("b", 2**53 + 1), ("b", None),
                                               ("b", 2**53 + 5), ("c", None)])}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def big_url(request, tmp_path_factory) -> Iterator[str]:
    """The URL of a source database holding `BIG_TABLES`, in SQLite, then in PostgreSQL."""
    yield from tables_source(request, tmp_path_factory, BIG_TABLES, "types_big")


def test_integers_with_a_missing_value_stay_exact_integers(tmp_path: Path, big_url: str, source_client):
    # The column was float, as a CSV file's whole numbers with an empty cell are: 2**53 + 1 was read
    # as the double 2**53 in the rows, the downloads, the page's table and every chart.
    client = source_client(tmp_path, big_url, ["big"])
    columns = client.get("/api/datasets/big").json["dataset"]["columns"]
    assert columns == [{"name": "id", "type": "integer"}, {"name": "v", "type": "integer"},
                       {"name": "w", "type": "integer"}]
    rows = client.get("/datasets/big.json").json["rows"]
    assert rows == [[1, None, 2**63 - 1], [2, -(2**63), -(2**63)], [3, 2**53 + 1, 2**53 + 1]]
    assert all(type(row[1]) is int for row in rows[1:])
    assert client.get("/datasets/big.csv").get_data(as_text=True).splitlines() == [
        "id,v,w", "1,,9223372036854775807", "2,-9223372036854775808,-9223372036854775808",
        "3,9007199254740993,9007199254740993"]
    assert "<td>9007199254740993</td>" in client.get("/datasets/big").get_data(as_text=True)
    chart = client.get("/plot/big.json?x=id&y=v")
    assert chart.status_code == 200, chart.json
    assert chart.json["rows"] == [[1, None], [2, -(2**63)], [3, 2**53 + 1]]
    assert client.get("/plot/big.json?kind=bar&x=id&y=v,w&agg=max").json["rows"] == [
        [1, None, 2**63 - 1], [2, -(2**63), -(2**63)], [3, 2**53 + 1, 2**53 + 1]]


def test_a_thinned_line_of_integers_with_a_missing_value_keeps_each_columns_exact_highest(tmp_path: Path,
                                                                                          big_url: str, source_client):
    # Compared as doubles, every value tied at 2**53 and each pixel column kept its first row: no
    # peak was drawn, and the alt text's highest was 9007199254740992, at the first row.
    client = source_client(tmp_path, big_url, ["peaks"])
    site = client.application.extensions["svgplots"]
    spec = parse_spec({"x": ["t"], "y": ["v"]}, site.store.info("peaks").column_types())
    frame = site.store.chart_rows("peaks", spec, site.limits, 60).frame
    assert len(frame) <= 4 * 60
    assert frame.loc[frame["v"] == 2**53 + 1, "t"].tolist() == list(range(25, 3000, 50))
    image = client.get("/plot/peaks.svg?x=t&y=v").get_data(as_text=True)
    assert "lowest 9007199254740992 (0), highest 9007199254740993 (25)" in image


def test_grouped_integers_with_a_missing_value_are_summed_and_averaged_exactly(tmp_path: Path, big_url: str,
                                                                              source_client):
    # As int64 with missing values (pandas' Int64), a sum past 64 bits wrapped around to -2**63.
    client = source_client(tmp_path, big_url, ["groups"])
    over = client.get("/plot/groups.json?kind=bar&x=k&y=v&agg=sum")
    assert over.status_code == 422, over.json
    assert "beyond what a 64-bit integer holds" in over.json["error"]
    rows = {agg: client.get(f"/plot/groups.json?kind=bar&x=k&y=v&agg={agg}&filter.k=b&filter.k=c").json["rows"]
            for agg in ("sum", "mean", "median", "max", "count")}
    assert rows == {"sum": [["b", 2**54 + 6], ["c", 0]], "mean": [["b", 2**53 + 3], ["c", None]],
                    "median": [["b", 2**53 + 3], ["c", None]], "max": [["b", 2**53 + 5], ["c", None]],
                    "count": [["b", 2], ["c", 0]]}


def test_a_query_of_the_same_integers_is_typed_the_same(tmp_path: Path, big_url: str, source_client):
    client = source_client(tmp_path, big_url, [], {"q": {"source": "db", "sql": "SELECT id, v, w FROM big"}})
    columns = client.get("/api/datasets/q").json["dataset"]["columns"]
    assert [c["type"] for c in columns] == ["integer", "integer", "integer"]
    assert client.get("/datasets/q.json").json["rows"][2] == [3, 2**53 + 1, 2**53 + 1]


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
    # But for `n`, integers and a NULL: an integer column in the query, float in the CSV file (an empty cell).
    assert [c["type"] for c in described["late_query"]] == ["integer", "text", "text", "datetime", "integer"]
    assert [c["type"] for c in described["late_csv"]] == ["integer", "text", "text", "datetime", "float"]
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
    assert columns == [("id", "integer"), ("n", "integer"), ("b", "float")]
    chart = client.get("/plot/kept.json?x=id&y=n")
    assert chart.status_code == 200, chart.json
    assert chart.json["rows"] == [[1, 10.0], [2, 20.0], [3, None]]
