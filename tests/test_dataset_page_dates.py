"""The first rows a dataset's page shows are written as its download writes them: each date
column in the one format all of its rows need, not only those first ones, for a stored dataset
and a source dataset (SQLite and PostgreSQL) alike."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from app import create_app
from app.export import frame_json_rows
from tests.postgres import database
from tests.source_data import postgres_tables, sources_toml, write_sqlite

WAYS = ("stored", "lite", "pg")


def later_times_frame() -> pd.DataFrame:
    """150 rows: `day`, midnights for the first 100 rows and times after them; `at`, whole
    seconds for the first 100 rows and a quarter of a second after them."""
    days = list(pd.date_range("2024-01-01", periods=100, freq="D"))
    days += list(pd.date_range("2024-05-01 12:30", periods=50, freq="h"))
    at = list(pd.date_range("2024-01-01 08:00:01", periods=100, freq="min"))
    at += list(pd.date_range("2024-01-02 08:00:00.25", periods=50, freq="min"))
    return pd.DataFrame({"day": days, "at": at, "n": range(150)})


@pytest.fixture(scope="module")
def client(tmp_path_factory, postgres_url) -> Iterator:
    folder: Path = tmp_path_factory.mktemp("page_dates")
    frame = later_times_frame()
    data = folder / "data"
    data.mkdir()
    frame.assign(day=[d.isoformat() for d in frame["day"]], at=[a.isoformat() for a in frame["at"]]).to_csv(
        data / "stored.csv", index=False)
    with database(postgres_url, "svgplots_source_page_dates", *postgres_tables({"later": frame})) as pg:
        sources = sources_toml(folder / "sources.toml",
                               {"lite": {"url": write_sqlite(folder / "lite.db", {"later": frame})}, "pg": {"url": pg}},
                               {"lite": {"source": "lite", "table": "later"}, "pg": {"source": "pg", "table": "later"}})
        app = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources), "RENDER_WORKERS": 0})
        yield app.test_client()
        app.extensions["svgplots"].store.sources.close()


def shown_rows(page: str) -> list[list[str]]:
    body = page.rsplit("<tbody>", 1)[1].split("</tbody>", 1)[0]  # the last table: the first rows
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


@pytest.mark.parametrize("way", WAYS)
def test_the_first_rows_of_a_dataset_page_are_written_as_all_of_their_columns_rows_need(client, way):
    shown = shown_rows(client.get(f"/datasets/{way}").get_data(as_text=True))
    downloaded = client.get(f"/datasets/{way}.json").json["rows"]
    assert len(shown) == 100
    assert shown[0][:2] == ["2024-01-01T00:00:00Z", "2024-01-01T08:00:01Z"]
    assert [row[:2] for row in shown] == [row[:2] for row in downloaded[:100]]
    assert [int(row[2]) for row in shown] == list(range(100))  # the first rows only


@pytest.mark.parametrize("way", WAYS)
def test_a_stores_head_brings_the_rows_that_show_each_date_columns_format(client, way):
    store = client.application.extensions["svgplots"].store
    head = store.head(way, 100).frame
    whole = store.read(way).frame
    assert frame_json_rows(head, 100) == frame_json_rows(whole)[:100]
    assert head["n"].tolist()[:100] == list(range(100))  # the first rows, then those that show the formats
