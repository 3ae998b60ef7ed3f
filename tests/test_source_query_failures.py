"""When a source database answers but a query of it cannot be: past the timeout, a 503 with Retry-After
whose advice names only what could help (a narrower chart, a quicker version_sql, or for a description,
which reads every row, more time or fewer rows) and the site going on; a query that would write, refused,
every query running in a read-only transaction; a table or column that is not there, a 422 naming it."""
from __future__ import annotations

import sqlite3
from html import unescape

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import SourceConfigError
from app.store.source_connections import NARROWER_ADVICE
from app.store.sources import SourceStore
from app.store import load_sources
from tests.source_data import slow_query, sources_toml


def test_a_query_past_the_timeout_is_503_with_retry_after_and_the_site_goes_on(tmp_path, app_over, source_db):
    app = app_over({"shop": {"url": source_db.url}},
                   {"slow": {"source": "shop", "sql": slow_query(source_db.backend)},
                    "orders": {"source": "shop", "table": "orders"}}, SOURCE_TIMEOUT=0.5)
    client = app.test_client()
    response = client.get("/plot/slow.svg?y=y")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"  # its hold, 5 s unless hold_seconds says
    assert "took longer than the 0.5 s limit" in response.get_data(as_text=True)
    assert "source 'shop'" in response.get_data(as_text=True)
    assert client.get("/plot/orders.svg?kind=bar&x=region&y=total&agg=sum").status_code == 200


def test_a_version_sql_past_the_timeout_is_503_saying_to_make_it_quicker_not_to_narrow_the_chart(app_over, source_db):
    # Every read asks version_sql first: no narrower chart could help.
    slow = "SELECT count(*) FROM (" + slow_query(source_db.backend) + ") AS s"
    app = app_over({"shop": {"url": source_db.url}},
                   {"orders": {"source": "shop", "table": "orders", "version_sql": slow}}, SOURCE_TIMEOUT=0.5)
    response = app.test_client().get("/api/datasets/orders")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    error = response.get_json()["error"]
    assert error.startswith("the source 'shop' took longer than the 0.5 s limit to answer the version_sql of "
                            "dataset 'orders', which every chart and page of it asks first; make version_sql of "
                            "[datasets.orders] in the sources file a query the database answers at once"), error
    assert NARROWER_ADVICE not in error


def test_a_dataset_too_slow_to_describe_is_503_saying_so_not_to_narrow_the_chart(app_over, source_db):
    # Its rows are counted before any chart or page of it is drawn: no narrower chart could help.
    app = app_over({"shop": {"url": source_db.url}},
                   {"slow": {"source": "shop", "sql": slow_query(source_db.backend)}}, SOURCE_TIMEOUT=0.5)
    response = app.test_client().get("/datasets/slow")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    said = unescape(response.get_data(as_text=True))
    assert ("the source 'shop' took longer than the 0.5 s limit to describe dataset 'slow' (to read its columns "
            "and count its rows, which reads each of its rows once, a plain table's too), which every chart and page "
            "of it needs first") in said
    assert NARROWER_ADVICE not in said


def test_a_plain_table_too_slow_to_describe_is_told_each_row_is_read_and_what_helps_not_to_make_it_quicker(
        tmp_path, app_over):
    # 300,000 rows of a plain table, which no query makes quicker to read, typed and counted well past 0.01 s.
    with sqlite3.connect(tmp_path / "big.db") as conn:
        conn.execute("CREATE TABLE readings (t DATETIME, v REAL)")
        conn.execute("INSERT INTO readings WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
                     "WHERE i < 300000) SELECT datetime(1700000000 + i, 'unixepoch'), i * 0.5 FROM c")
    conn.close()
    app = app_over({"db": {"url": f"sqlite:///{tmp_path / 'big.db'}"}},
                   {"readings": {"source": "db", "table": "readings"}}, SOURCE_TIMEOUT=0.01)
    response = app.test_client().get("/api/datasets/readings")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    error = response.get_json()["error"]
    assert error == ("the source 'db' took longer than the 0.01 s limit to describe dataset 'readings' (to read its "
                     "columns and count its rows, which reads each of its rows once, a plain table's too), which "
                     "every chart and page of it needs first, so that no narrower chart helps; give SOURCE_TIMEOUT "
                     "more time (an index does not help: every row is read), make [datasets.readings] in the sources "
                     "file a view or sql query of fewer rows (those its charts need), or, where the database was "
                     "busy, try again later")
    assert "quicker" not in error


def test_a_dashboard_over_a_source_too_slow_to_describe_starts_and_answers(tmp_path, app_over, source_db):
    # Its filter and time column cannot be checked at start (as for a source that is down), and
    # the page lists the values of the datasets that answer.
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "slow.toml").write_text('time_column = "day"\n[[filters]]\ncolumn = "region"\nlabel = "Region"\n'
                                      '[[charts]]\nid = "slow"\ndataset = "slow"\ny = ["y"]\n'
                                      '[[charts]]\nid = "animals"\ndataset = "animals"\n', "utf-8")
    query = slow_query(source_db.backend).replace("AS y", "AS y, 'north' AS region, '2024-01-01' AS day")
    app = app_over({"shop": {"url": source_db.url}}, {"slow": {"source": "shop", "sql": query}}, boards,
                   SOURCE_TIMEOUT=0.5)
    client = app.test_client()
    for url in ("/d/slow", "/d/slow/versions.json", "/d/slow/animals.svg", "/d/slow?filter.region=north",
                "/d/slow.pdf"):
        assert client.get(url).status_code == 200, url
    slow = client.get("/d/slow/slow.svg")
    assert slow.status_code == 503 and "took longer than the 0.5 s limit" in slow.get_data(as_text=True)


def test_queries_run_in_a_read_only_transaction(tmp_path, source_db):
    config = load_sources(sources_toml(tmp_path / "sources.toml", {"shop": {"url": source_db.url}},
                                       {"orders": {"source": "shop", "table": "orders"}}))
    store = SourceStore(config)
    try:
        with pytest.raises(Exception, match="(?i)read.only|readonly"):
            with store._reading("orders") as conn:
                conn.execute(text("DELETE FROM orders"))
        assert store.info("orders").rows == 400
    finally:
        store.close()


def test_a_query_that_writes_is_refused_and_writes_nothing(tmp_path, app_over, source_db):
    orders = {"orders": {"source": "shop", "table": "orders"}}
    if source_db.backend == "sqlite":
        sql = "WITH kept AS (SELECT * FROM orders) SELECT * FROM kept"  # SQLite cannot write from a query
        client = app_over({"shop": {"url": source_db.url}}, {"sneaky": {"source": "shop", "sql": sql}, **orders})
        assert client.test_client().get("/api/datasets/sneaky").status_code == 200
    else:
        # Refused by its words at the start, before any read-only transaction must refuse it.
        sql = "WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone"
        with pytest.raises(SourceConfigError, match="its WITH clause leads to 'DELETE', which is no query"):
            app_over({"shop": {"url": source_db.url}}, {"sneaky": {"source": "shop", "sql": sql}, **orders})
    client = app_over({"shop": {"url": source_db.url}}, orders).test_client()
    assert client.get("/api/datasets/orders").json["dataset"]["row_count"] == 400


def test_a_table_that_is_not_there_is_422_naming_it(tmp_path, app_over, source_db):
    client = app_over({"shop": {"url": source_db.url}},
                      {"lost": {"source": "shop", "table": "no_such_table"},
                       "narrow": {"source": "shop", "table": "orders", "columns": ["day", "totl"]}}).test_client()
    lost = client.get("/plot/lost.svg")
    assert lost.status_code == 422 and "no table 'no_such_table'" in lost.get_data(as_text=True)
    narrow = client.get("/api/datasets/narrow").json
    assert narrow["status"] == 422 and "has no column 'totl'; the columns are day, region, total" in narrow["error"]


def test_a_chart_past_the_timeout_is_told_every_way_a_kind_narrows_its_rows():
    # A box plot takes neither xmin/xmax nor resample, a histogram no resample: the advice names what
    # each kind may take, not two ways that are a 400 for some.
    from app.store.source_config import Source
    from app.store.source_connections import timed_out
    said = str(timed_out("orders", Source("shop", make_url("sqlite:///shop.db")), 0.5))
    assert said == ("the source 'shop' took longer than the 0.5 s limit to answer for dataset 'orders'; narrow the "
                    "rows the chart reads (xmin/xmax, resample=…, from/to or filter.<column>=…, as its kind takes "
                    "them) or try again later")
