"""A source query's columns as the site reads them: two of one name are refused alike in SQLite and
PostgreSQL, the message naming the name and saying to rename one with AS; an SQLite blob is a
missing value, as what a CSV cell cannot hold is, never text of the bytes it holds."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres import database
from tests.test_source_values import sqlite_file, tables_source

ROWS = [("2024-01-01", 1), ("2024-01-02", 2), ("2024-01-03", 3)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def days_url(request, tmp_path_factory) -> Iterator[str]:
    """The URL of a source database holding `t` (day, v), in SQLite, then in PostgreSQL."""
    yield from tables_source(request, tmp_path_factory, {"t": ("day {text}, v {int}", ROWS)}, "query_columns")


def queries(datasets: dict[str, str]) -> dict[str, dict]:
    """Query datasets of the source "db" for `source_client`: name → SQL."""
    return {name: {"source": "db", "sql": sql} for name, sql in datasets.items()}


@pytest.mark.parametrize(("sql", "named"), [("SELECT day, v, v FROM t", "two columns named 'v'"),
                                            ("SELECT day, v AS n, v AS n, v AS n FROM t", "two columns named 'n'")])
def test_a_query_of_two_columns_of_one_name_is_a_422_naming_it(tmp_path, days_url, source_client, sql, named):
    client = source_client(tmp_path, days_url, [], queries({"twice": sql}))
    response = client.get("/plot/twice.json?x=day&y=v")
    assert response.status_code == 422, response.data[:400]
    assert named in response.json["error"] and "AS" in response.json["error"]
    assert "v:1" not in response.get_data(as_text=True)


def test_a_postgresql_query_of_two_unnamed_expressions_is_a_422_naming_them(tmp_path, postgres_url, source_client):
    with database(postgres_url, "svgplots_source_unnamed") as url:
        client = source_client(tmp_path, url, [], queries({"unnamed": "SELECT now() AS ts, 1, NULL"}))
        response = client.get("/api/datasets/unnamed")
    assert response.status_code == 422, response.data[:400]
    error = response.json["error"]
    assert "two columns named '?column?'" in error and "an expression given no name" in error and "AS" in error


def test_an_sqlite_query_of_two_names_apart_only_by_case_is_a_422_naming_both(tmp_path, source_client):
    url = sqlite_file(tmp_path / "t.db", {"t": ("day TEXT, v INTEGER", ROWS)})
    client = source_client(tmp_path, url, [], queries({"cased": "SELECT day, v, v AS V FROM t",
                                                       "colon": 'SELECT day, v, v AS "v:1" FROM t'}))
    response = client.get("/api/datasets/cased")
    assert response.status_code == 422, response.data[:400]
    assert "columns named 'v' and 'V', one name to SQLite" in response.json["error"]
    # A column truly named so is no repeated name.
    columns = client.get("/api/datasets/colon").json["dataset"]["columns"]
    assert [c["name"] for c in columns] == ["day", "v", "v:1"]


@pytest.fixture
def blobs_client(tmp_path, source_client):
    """The site over an SQLite table `notes` (day, note, n) whose second row holds blobs, as a table
    and as queries: X'FF00' in `note`, X'3132' (the bytes of '12') in `n`."""
    url = sqlite_file(tmp_path / "notes.db", {"notes": ("day TEXT, note TEXT, n INTEGER", [
        ("2024-01-01", "a", 1), ("2024-01-02", b"\xff\x00", b"12"), ("2024-01-03", "b", 3)])})
    return source_client(tmp_path, url, ["notes"], queries({
        "notes_query": "SELECT day, note, n FROM notes",
        "mixed": "SELECT day, CASE WHEN n = 3 THEN 3 ELSE note END AS m, 1 AS one FROM notes"}))


@pytest.mark.parametrize("name", ["notes", "notes_query"])
def test_an_sqlite_blob_is_a_missing_value_in_rows_and_charts(blobs_client, name):
    columns = {c["name"]: c["type"] for c in blobs_client.get(f"/api/datasets/{name}").json["dataset"]["columns"]}
    assert (columns["note"], columns["n"]) == ("text", "float")
    csv = blobs_client.get(f"/datasets/{name}.csv").get_data(as_text=True)
    assert csv.splitlines()[2] == "2024-01-02,,"
    assert "\x00" not in csv and "\ufffd" not in csv
    bars = blobs_client.get(f"/plot/{name}.json?kind=bar&x=note&y=n")
    assert bars.status_code == 200, bars.data[:300]
    assert bars.json["rows"] == [["a", 1.0], ["b", 3.0]]
    summed = blobs_client.get(f"/plot/{name}.json?kind=bar&x=day&y=n")
    assert [v for _, v in summed.json["rows"]] == [1.0, None, 3.0]


def test_a_blob_in_an_sqlite_querys_column_of_text_and_numbers_leaves_a_filter_choosing_a_number(blobs_client):
    assert blobs_client.get("/api/datasets/mixed").json["dataset"]["columns"][1]["type"] == "text"
    chosen = blobs_client.get("/plot/mixed.json?kind=bar&x=day&y=one&filter.m=3")
    assert chosen.status_code == 200, chosen.data[:300]
    assert [row[:2] for row in chosen.json["rows"]] == [["2024-01-03", 1]]
