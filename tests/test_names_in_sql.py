"""Columns, tables and query aliases named like SQL keywords (`window`, `returning`, `nothing`, …)
or holding quotes are charted as any others: in a source's table or query on SQLite and
PostgreSQL, and in a stored dataset big enough that its database computes its charts. SQLite reads
some words as keywords that SQLAlchemy's list for it lacks; the site quotes every word the SQLite
library names."""
from __future__ import annotations

import logging
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pytest

from app.store import sql_names
from app.store.sql_names import sqlite_keywords
from tests.conftest import CSV_WRITE, writable_app
from tests.postgres import set_up
from tests.source_data import write_sqlite, write_tables

# Words SQLite 3.40 reads as keywords in some place of a SELECT, and SQLAlchemy 2.1 wrote bare.
TRICKY = ["window", "returning", "nothing", "filter", "over", "groups", "rows", "range", "do", "materialized",
          "generated", "always", "first", "last", "nulls", "others", "ties", "exclude", "current", "following",
          "preceding", "unbounded"]
QUOTED = 'Odd "Quoted" `Table`'
# A chart of each way the database computes one, of the column `{y}`.
CHARTS = ["x=when&y={y}", "kind=hist&y={y}", "kind=bar&x=grp&y={y}&agg=median", "kind=bar&x=grp&y={y}&agg=mean",
          "x=when&y={y}&resample=day&agg=sum", "kind=box&y={y}", "kind=scatter&x={y}&y=v"]


def keyword_frame(rows: int) -> pd.DataFrame:
    """A time `when`, a text column `grp`, `v`, and one column of numbers for each TRICKY word."""
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"when": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(rows) * 900, unit="s"),
                          "grp": np.where(np.arange(rows) % 3 == 0, "a", "b"), "v": rng.normal(size=rows)})
    for i, word in enumerate(TRICKY):
        frame[word] = np.round(rng.normal(size=rows) + i, 2)
    return frame


def charts_of(client, dataset: str) -> dict[str, int]:
    """The status of every chart of CHARTS of each TRICKY column of `dataset`, by URL."""
    urls = [f"/plot/{dataset}.svg?{chart.format(y=word)}" for word in TRICKY for chart in CHARTS]
    return {url: client.get(url).status_code for url in urls}


def test_sqlite_names_every_tricky_word_a_keyword():
    assert set(TRICKY) <= sqlite_keywords()
    assert {"select", "where", "window"} <= sqlite_keywords() and "rowid" not in sqlite_keywords()


@pytest.fixture(params=["sqlite", "postgresql"])
def keyword_source(request, tmp_path) -> str:
    """A source database on each system of the table "Odd Table" of `keyword_frame`, and of QUOTED,
    its first rows under names holding quotes and backticks; its URL."""
    quoted = keyword_frame(50).rename(columns={"v": 'say "hi"', "grp": "it`s"})
    return write_tables(request, tmp_path / "odd.db", {"Odd Table": keyword_frame(300), QUOTED: quoted})


def test_a_source_tables_columns_named_like_keywords_are_charted(keyword_source, source_client, tmp_path):
    client = source_client(tmp_path, keyword_source, [], {"odd": {"source": "db", "table": "Odd Table"}})
    assert client.get("/api/datasets").status_code == 200
    statuses = charts_of(client, "odd")
    assert {url: status for url, status in statuses.items() if status != 200} == {}


def test_a_source_querys_aliases_named_like_keywords_are_charted(keyword_source, source_client, tmp_path):
    sql = 'SELECT "when", grp, v, "window" AS "returning", "nothing" AS "over" FROM "Odd Table"'
    client = source_client(tmp_path, keyword_source, [], {"odd": {"source": "db", "sql": sql}})
    described = client.get("/api/datasets/odd")
    assert described.status_code == 200, described.get_data(as_text=True)
    for chart in CHARTS:
        for word in ("returning", "over"):
            url = f"/plot/odd.svg?{chart.format(y=word)}"
            assert client.get(url).status_code == 200, url


def test_a_big_stored_datasets_columns_named_like_keywords_are_charted_by_its_database(store_url, data_dir,
                                                                                        closing):
    site = closing(writable_app(data_dir, DATABASE_URL=store_url, RENDER_WORKERS=0, RENDER_CACHE_BYTES=0))
    site.extensions["svgplots"].store.database.pushdown_above_rows = 100
    client = site.test_client()
    frame = keyword_frame(300)
    frame["when"] = frame["when"].dt.strftime("%Y-%m-%dT%H:%M:%S")
    made = client.post("/api/datasets?name=odd", data=frame.to_csv(index=False), headers=CSV_WRITE)
    assert made.status_code == 201, made.get_data(as_text=True)
    statuses = charts_of(client, "odd")
    assert {url: status for url, status in statuses.items() if status != 200} == {}
    assert client.get("/datasets/odd").status_code == 200


def test_columns_may_name_columns_holding_quotes_and_backticks(keyword_source, source_client, tmp_path):
    client = source_client(tmp_path, keyword_source, [], {"odd2": {"source": "db", "table": QUOTED,
                                                        "columns": ["when", 'say "hi"', "it`s"]}})
    described = client.get("/api/datasets/odd2")
    assert described.status_code == 200, described.get_data(as_text=True)
    assert [c["name"] for c in described.get_json()["dataset"]["columns"]] == ["when", 'say "hi"', "it`s"]
    for chart in ({"x": "when", "y": 'say "hi"'}, {"kind": "bar", "x": "it`s", "y": 'say "hi"', "agg": "median"},
                  {"kind": "hist", "y": 'say "hi"'}):
        assert client.get(f"/plot/odd2.svg?{urlencode(chart)}").status_code == 200, chart


@pytest.fixture(params=["sqlite", "postgresql"])
def sales_source(request, tmp_path) -> str:
    """A source database on each system whose table "mv" is in the schema "sales" (in SQLite, the
    file's own schema, which the site reads as "main"); its URL."""
    if request.param == "sqlite":
        return write_tables(request, tmp_path / "sales.db", {"mv": keyword_frame(5)})
    url = request.getfixturevalue("postgres_database_url")
    set_up(url, "CREATE SCHEMA sales", 'CREATE TABLE sales.mv ("when" timestamp, v double precision)')
    return url


def test_a_missing_table_or_schema_is_named_one_way(sales_source, source_client, tmp_path):
    schema = "sales" if sales_source.startswith("postgresql") else "main"
    datasets = {"no_table": {"source": "db", "table": "nosuch"},
                "no_table_there": {"source": "db", "table": "nosuch", "schema": schema},
                "no_schema": {"source": "db", "table": "mv", "schema": "nosuch"}}
    client = source_client(tmp_path, sales_source, [], datasets)
    answers = {name: client.get(f"/api/datasets/{name}") for name in datasets}
    assert {answer.status_code for answer in answers.values()} == {422}
    said = {name: answer.get_json()["error"] for name, answer in answers.items()}
    assert said == {"no_table": "dataset 'no_table' cannot be read: the source 'db' has no table 'nosuch'",
                    "no_table_there": f"dataset 'no_table_there' cannot be read: the source 'db' has no table "
                                      f"'{schema}.nosuch'",
                    "no_schema": "dataset 'no_schema' cannot be read: the source 'db' has no schema 'nosuch'"}



def test_a_missing_table_or_schema_in_another_unicode_form_is_quoted_apart(tmp_path, source_client):
    # "cafe" and a combining accent, which Python's repr wrote as the café it looks like.
    url = write_sqlite(tmp_path / "shop.db", {"mv": keyword_frame(5)})
    datasets = {"no_table": {"source": "db", "table": "cafe\u0301"},
                "no_schema": {"source": "db", "table": "mv", "schema": "cafe\u0301"}}
    client = source_client(tmp_path, url, [], datasets)
    said = {name: client.get(f"/api/datasets/{name}").get_json()["error"] for name in datasets}
    assert said == {"no_table": "dataset 'no_table' cannot be read: the source 'db' has no table 'cafe\\u0301'",
                    "no_schema": "dataset 'no_schema' cannot be read: the source 'db' has no schema 'cafe\\u0301'"}

def test_a_statement_a_source_refuses_is_logged_with_its_sql(tmp_path, source_client, caplog, monkeypatch):
    # SQL the site wrote wrongly, as it did before it quoted SQLite's keywords: the engine is made to
    # leave `returning`, `nothing` and the like bare, which SQLite refuses in the statement describing them.
    monkeypatch.setattr(sql_names, "sqlite_keywords", lambda: frozenset())
    url = write_sqlite(tmp_path / "bare.db", {"readings": keyword_frame(20)})
    client = source_client(tmp_path, url, ["readings"])
    with caplog.at_level(logging.WARNING, logger="app.store"):
        assert client.get("/plot/readings.svg?x=when&y=nothing").status_code == 422
    [line] = [r.getMessage() for r in caplog.records if "syntax error" in r.getMessage()]
    assert "; the statement: SELECT " in line and " FROM readings" in line and "\n" not in line


@pytest.mark.parametrize("name", ["svgplots_m4_rows", "SVGPLOTS_M4_Rows"])
def test_a_table_named_as_the_sites_own_rows_of_a_thinned_line_is_charted(tmp_path, source_client, name):
    # SQLite's thinned line reads the rows within its bounds into a CTE of its own (`svgplots_m4_rows`),
    # which would hide a table of that name from the query inside it: "circular reference".
    rows = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=500, freq="h"), "v": np.arange(500.0) % 7})
    url = write_sqlite(tmp_path / "names.db", {name: rows, "plain": rows})
    sql = f'SELECT t, v FROM "{name}" WHERE v >= 0'
    client = source_client(tmp_path, url, ["plain"], {"named": {"source": "db", "table": name},
                                                      "query": {"source": "db", "sql": sql}})
    chart = "/plot/{}.svg?y=v&width=100&xmax=2024-01-20"  # 100 pixel columns of 456 rows: thinned by M4
    plain = client.get(chart.format("plain"))
    assert plain.status_code == 200
    for dataset in ("named", "query"):
        drawn = client.get(chart.format(dataset))
        assert drawn.status_code == 200, drawn.get_data(as_text=True)
        assert drawn.get_data() == plain.get_data()
