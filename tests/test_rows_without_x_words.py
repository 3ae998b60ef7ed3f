"""A row without an x has no place on a line, bar or scatter chart, nor in a period's sum: the chart's
words say how many rows it left out so, which its count of rows and its sums would otherwise hide. A
histogram, which draws values whatever their x, counts them and says nothing of it."""
from __future__ import annotations

import contextlib
import re
import sqlite3

import pytest

from tests.conftest import CSV_WRITE, writable_app
from tests.statements import statements_run

# The second row has no d: 20 is left out of every chart by d.
ROWS = "d,v\n2024-01-01,10\n,20\n2024-01-03,30\n"


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    answer = client.post("/api/datasets?name=gaps", data=ROWS, headers=CSV_WRITE)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return client


def words(client, query: str) -> str:
    answer = client.get(f"/plot/gaps.svg?{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    [desc] = re.findall(r"<desc[^>]*>(.*?)</desc>", answer.get_data(as_text=True), re.S)
    return desc


@pytest.mark.parametrize("query", ["kind=line", "kind=bar", "kind=scatter", "kind=area", "resample=day&agg=sum",
                                   "kind=bar&resample=day&agg=mean"])
def test_a_chart_by_x_says_how_many_rows_it_left_out_for_having_no_x(client, query):
    assert words(client, query).endswith(" 1 row has no d and is not drawn.")


def test_a_histogram_counts_a_row_without_an_x_and_says_nothing_of_it(client):
    desc = words(client, "kind=hist")
    assert desc.startswith("Histogram of v, 3 rows.") and "no d" not in desc


def test_rows_with_an_x_each_have_no_such_note(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=gaps", data="d,v\n2024-01-01,10\n2024-01-03,30\n",
                       headers=CSV_WRITE).status_code == 201
    assert words(client, "kind=line").endswith("last value: v 30, lowest 10 (2024-01-01), highest 30 (2024-01-03).")


def test_several_rows_without_an_x_are_counted(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=gaps", data=ROWS + ",40\n,50\n", headers=CSV_WRITE).status_code == 201
    assert words(client, "kind=bar").endswith(" 3 rows have no d and are not drawn.")


@pytest.mark.parametrize("query", ["kind=line", "kind=bar", "resample=day&agg=sum"])
def test_a_database_grouping_a_stored_datasets_rows_says_the_same(data_dir, store_url, closing, query):
    # Forty rows without a d among 160: more than a bar chart reads as they are (100), and than the
    # store's database is asked to shape the rows from (`pushdown_above_rows`, set to 10).
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    frame_site = closing(writable_app(data_dir, **settings))
    body = "d,v\n" + "".join(f"2024-01-{1 + i % 28:02d},{i}\n,{i}\n2024-02-{1 + i % 28:02d},{i}\n,{i}\n"
                             for i in range(40))
    assert frame_site.test_client().post("/api/datasets?name=gaps", data=body, headers=CSV_WRITE).status_code == 201
    asking_site = closing(writable_app(data_dir, **settings))
    asking_site.extensions["svgplots"].store.database.pushdown_above_rows = 10
    ours, theirs = (words(site.test_client(), query) for site in (asking_site, frame_site))
    assert ours == theirs and ours.endswith(" 80 rows have no d and are not drawn."), (ours, theirs)


def test_a_source_chart_sends_no_count_of_rows_without_an_x(tmp_path, source_client):
    # A second scan of the rows where x has no index (a query, an unindexed column): a source's
    # chart says nothing of rows without an x rather than pay it.
    with contextlib.closing(sqlite3.connect(tmp_path / "gaps.db")) as conn, conn:
        conn.execute("CREATE TABLE gaps (d DATETIME, v REAL)")
        conn.executemany("INSERT INTO gaps VALUES (?, ?)", [("2024-01-01", 10), (None, 20), ("2024-01-03", 30)])
    client = source_client(tmp_path, f"sqlite:///{tmp_path / 'gaps.db'}", ["gaps"])
    with statements_run() as run:
        desc = words(client, "kind=line")
    # (The description's own pass asks `julianday(gaps.d) IS NULL` of date text: no count of rows.)
    assert desc.endswith("last value: v 30, lowest 10 (2024-01-01), highest 30 (2024-01-03).")
    assert not any(" gaps.d IS NULL" in statement for statement in run), run
