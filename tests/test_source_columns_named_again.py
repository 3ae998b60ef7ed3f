"""A chart naming a column a source dataset's kept description lacks has the dataset described again
before it is refused: a column renamed back, or added, is charted by the first request naming it, not
once `cache_seconds` ends; a stream of requests naming a column there is not reads the columns at
most once in `READ_AGAIN_EVERY` seconds of a dataset. An SQLite source, whose schema version every
read asks, sees the change at that read already and reads nothing again for it."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from app.store import source_descriptions
from app.store.source_descriptions import READ_AGAIN_EVERY
from tests.source_data import sources_toml
from tests import test_source_schema_changes as schema_changes
from tests.test_source_schema_changes import answer_after_one_try_again

# The database of `readings` (t, note, v) the schema changes' tests alter, in SQLite or PostgreSQL.
readings_db = schema_changes.readings_db

BOARD = """title = "Readings"

[[charts]]
id = "v"
dataset = "readings"
kind = "line"
x = "t"
y = ["v"]
"""


def readings_app(tmp_path: Path, url: str, closing, versioned: bool, now: list[float], board: str = BOARD,
                 **settings):
    """A site whose one dataset is the table `readings` of the source at `url` (versioned by a count
    of its rows, or by `cache_seconds` of an hour), with a dashboard `board` (by default charting its
    column v), whose store's clock reads `now[0]` (`settings`: more of the site's)."""
    entry = {"source": "db", "table": "readings"}
    if versioned:
        entry["version_sql"] = "SELECT count(*) FROM readings"
    path = sources_toml(tmp_path / "s.toml", {"db": {"url": url, "cache_seconds": 3600}}, {"readings": entry})
    (tmp_path / "data").mkdir()
    (tmp_path / "boards").mkdir()
    (tmp_path / "boards" / "board.toml").write_text(board, encoding="utf-8")
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                              "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [str(tmp_path / "boards")], **settings}))
    app.extensions["svgplots"].store.sources.clock = lambda: now[0]
    return app


@pytest.fixture
def descriptions_read(monkeypatch) -> list[str]:
    """The datasets whose columns the sources read from their databases, one entry a description."""
    read: list[str] = []
    dataset_relation = source_descriptions.dataset_relation

    def counted(*args, **kwargs):
        read.append(args[0])
        return dataset_relation(*args, **kwargs)

    monkeypatch.setattr(source_descriptions, "dataset_relation", counted)
    return read


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
def test_a_column_renamed_back_is_charted_by_the_first_request_naming_it(tmp_path, readings_db, closing, versioned):
    url, alter = readings_db
    now = [1200.0]  # within one period of cache_seconds, from start to end
    client = readings_app(tmp_path, url, closing, versioned, now).test_client()
    assert client.get("/plot/readings.svg?y=v").status_code == 200  # described, and the description kept
    alter("ALTER TABLE readings RENAME COLUMN v TO latency")
    refused = answer_after_one_try_again(client, "/plot/readings.json?y=v&width=300")
    assert refused.status_code == 404, refused.get_data(as_text=True)
    assert refused.get_json()["error"].startswith("y: no column 'v'; the columns are t, note, latency")
    now[0] += READ_AGAIN_EVERY  # the user mends the table
    alter("ALTER TABLE readings RENAME COLUMN latency TO v")
    for chart in ("/plot/readings.json?y=v&width=301", "/plot/readings.svg?y=v&width=301", "/d/board/v.svg"):
        answer = client.get(chart)
        assert answer.status_code == 200, (chart, answer.get_data(as_text=True)[:300])
    assert [row[1] for row in client.get("/plot/readings.json?y=v&width=301").get_json()["rows"]] == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
def test_a_column_added_is_charted_by_the_first_request_naming_it(tmp_path, readings_db, closing, versioned):
    url, alter = readings_db
    now = [1200.0]
    client = readings_app(tmp_path, url, closing, versioned, now).test_client()
    assert client.get("/plot/readings.svg?y=v").status_code == 200
    assert client.get("/d/board/v").status_code == 200
    alter("ALTER TABLE readings ADD COLUMN extra REAL")
    alter("UPDATE readings SET extra = 10 * v")
    for chart in ("/plot/readings.json?y=extra", "/d/board/v.json?y=extra", "/d/board/v?y=extra"):
        answer = client.get(chart)
        assert answer.status_code == 200, (chart, answer.get_data(as_text=True)[:300])
    assert [row[1] for row in client.get("/plot/readings.json?y=extra").get_json()["rows"]] == [10.0, 20.0, 30.0]
    columns = client.get("/api/datasets/readings").get_json()["dataset"]["columns"]
    assert [c["name"] for c in columns] == ["t", "note", "v", "extra"]


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_requests_naming_a_column_there_is_not_read_the_columns_again_at_most_once_in_a_few_seconds(
        tmp_path, readings_db, closing, descriptions_read):
    url, alter = readings_db
    now = [1200.0]
    client = readings_app(tmp_path, url, closing, False, now).test_client()
    assert client.get("/plot/readings.svg?y=v").status_code == 200
    del descriptions_read[:]  # described: the dashboard's load and the chart read it at the clocks they had
    # PostgreSQL's columns are read again for the first, SQLite's not at all: its every read asks its schema version.
    again = 1 if url.startswith("postgresql") else 0
    for width in range(300, 320):  # a stream of bad URLs
        answer = client.get(f"/plot/readings.json?y=nothere&width={width}")
        assert answer.status_code == 404, answer.get_data(as_text=True)
    assert client.get("/d/board/v.json?y=nothere").status_code == 404
    assert descriptions_read == ["readings"] * again
    alter("ALTER TABLE readings ADD COLUMN nothere REAL")
    now[0] += READ_AGAIN_EVERY - 1  # within the few seconds: a PostgreSQL table's columns are not read again yet
    if again:
        assert client.get("/plot/readings.json?y=nothere&width=400").status_code == 404
        assert descriptions_read == ["readings"]
    now[0] += 1  # the few seconds are over: the next request naming it reads the columns again, and draws
    answer = client.get("/plot/readings.json?y=nothere&width=401")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert descriptions_read == ["readings"] * (1 + again)
    for width in range(402, 410):  # described with the column: nothing is read again
        assert client.get(f"/plot/readings.json?y=nothere&width={width}").status_code == 200
    assert descriptions_read == ["readings"] * (1 + again)
