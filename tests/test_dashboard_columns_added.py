"""A dashboard file, or a dashboard's filter, naming a column just added to a source dataset's table has
the dataset's columns read again before it is refused, as a chart's field naming one has: a file edited
to filter on a text column added, or to range by a date column added, is served by the first request
after, and a value held only by a column added to a second dataset is chosen by the first request naming
it, not once `cache_seconds` ends. A column or value that is not there is refused in the words it was."""
from __future__ import annotations

import html
from pathlib import Path

import pytest

from app import create_app
from app.store.source_descriptions import READ_AGAIN_EVERY
from tests import test_source_columns_named_again as named_again
from tests.source_data import sources_toml

# The database of `readings` (t, note, v) the schema changes' tests alter, in SQLite or PostgreSQL, and the
# descriptions read of its tables.
readings_db = named_again.readings_db
descriptions_read = named_again.descriptions_read

BOARD = named_again.BOARD

# A second chart, of the table `later` (t, w), which has no column note until a test adds it.
LATER = """
[[charts]]
id = "w"
dataset = "later"
kind = "line"
x = "t"
y = ["w"]

[[filters]]
column = "note"
"""


def later_app(tmp_path: Path, url: str, alter, closing, now: list[float], **settings):
    """A site of the tables `readings` and `later` (made here) of the source at `url`, kept an hour, with a
    dashboard `board` charting both and filtering on note, whose store's clock reads `now[0]` (`settings`:
    more of the site's)."""
    alter("CREATE TABLE later (t TIMESTAMP, w REAL)")
    alter("INSERT INTO later VALUES ('2024-01-01', 5), ('2024-01-02', 6)")
    path = sources_toml(tmp_path / "s.toml", {"db": {"url": url, "cache_seconds": 3600}},
                        {"readings": {"source": "db", "table": "readings"}, "later": {"source": "db", "table": "later"}})
    (tmp_path / "data").mkdir()
    (tmp_path / "boards").mkdir()
    (tmp_path / "boards" / "board.toml").write_text(BOARD + LATER, encoding="utf-8")
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                              "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [str(tmp_path / "boards")], **settings}))
    app.extensions["svgplots"].store.sources.clock = lambda: now[0]
    return app


def edited(tmp_path: Path, board: str) -> None:
    """Write the dashboard file anew as `board`."""
    (tmp_path / "boards" / "board.toml").write_text(board, encoding="utf-8")


def refusal(page) -> str:
    """The words of a dashboard page's 503 for its file refused."""
    assert page.status_code == 503, page.get_data(as_text=True)[:300]
    return html.unescape(page.get_data(as_text=True))


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_a_dashboard_file_edited_to_filter_on_a_column_just_added_offers_it_and_chooses_rows(
        tmp_path, readings_db, closing):
    url, alter = readings_db
    now = [1200.0]  # within one period of cache_seconds, from start to end
    client = named_again.readings_app(tmp_path, url, closing, False, now, DASHBOARD_CHECK_SECONDS=0).test_client()
    assert client.get("/d/board").status_code == 200  # described, and the description kept
    alter("ALTER TABLE readings ADD COLUMN station TEXT")
    alter("UPDATE readings SET station = CASE WHEN v < 2 THEN 'north' ELSE 'south' END")
    now[0] += READ_AGAIN_EVERY
    edited(tmp_path, BOARD + '\n[[filters]]\ncolumn = "station"\n')
    for url in ("/d/board?filter.station=south", "/d/board/v.json?filter.station=south",
                "/d/board/versions.json?filter.station=south"):
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.get_data(as_text=True)[:300])
    rows = client.get("/d/board/v.json?filter.station=south").get_json()["rows"]
    assert [row[1] for row in rows] == [2.0, 3.0]


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_a_dashboard_file_edited_to_range_by_a_date_column_just_added_is_served(tmp_path, readings_db, closing):
    url, alter = readings_db
    now = [1200.0]
    client = named_again.readings_app(tmp_path, url, closing, False, now, DASHBOARD_CHECK_SECONDS=0).test_client()
    assert client.get("/d/board").status_code == 200
    alter("ALTER TABLE readings ADD COLUMN seen TIMESTAMP")
    alter("UPDATE readings SET seen = t")
    now[0] += READ_AGAIN_EVERY
    edited(tmp_path, 'time_column = "seen"\n' + BOARD)
    page = client.get("/d/board")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    answer = client.get("/d/board/v.json?from=2024-01-02")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [row[1] for row in answer.get_json()["rows"]] == [2.0, 3.0]


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_a_value_held_only_by_a_column_just_added_to_a_second_dataset_is_chosen_by_the_first_request_naming_it(
        tmp_path, readings_db, closing):
    url, alter = readings_db
    now = [1200.0]
    client = later_app(tmp_path, url, alter, closing, now).test_client()
    assert client.get("/d/board?filter.note=a").status_code == 200  # both described, later without note
    alter("ALTER TABLE later ADD COLUMN note TEXT")
    alter("UPDATE later SET note = CASE WHEN w < 6 THEN 'early' ELSE 'late' END")
    now[0] += READ_AGAIN_EVERY
    for url in ("/d/board?filter.note=late", "/d/board/w.json?filter.note=late", "/d/board/v.json?filter.note=late",
                "/d/board.pdf?filter.note=late", "/d/board/versions.json?filter.note=late"):
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.get_data(as_text=True)[:300])
    assert [row[1] for row in client.get("/d/board/w.json?filter.note=late").get_json()["rows"]] == [6.0]
    assert client.get("/d/board/v.json?filter.note=late").get_json()["rows"] == []


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_values_no_dataset_holds_read_the_columns_of_those_lacking_them_again_at_most_once_in_a_few_seconds(
        tmp_path, readings_db, closing, descriptions_read):
    url, alter = readings_db
    now = [1200.0]
    client = later_app(tmp_path, url, alter, closing, now).test_client()
    assert client.get("/d/board?filter.note=a").status_code == 200
    now[0] += READ_AGAIN_EVERY
    del descriptions_read[:]
    # PostgreSQL's later, which lacks note, is read again for the first; readings, which holds it, never; SQLite's
    # not at all: its every read asks its schema version.
    again = ["later"] if url.startswith("postgresql") else []
    for url in ("/d/board?filter.note=zzz", "/d/board/w.json?filter.note=zzz", "/d/board.pdf?filter.note=zzz") * 5:
        assert client.get(url).status_code == 404, url
    assert descriptions_read == again
    assert client.get("/d/board/v.json?filter.note=a").status_code == 200  # a value held reads nothing again
    assert descriptions_read == again


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_a_column_or_value_never_added_is_refused_in_the_words_it_was(tmp_path, readings_db, closing):
    url, alter = readings_db
    now = [1200.0]
    client = later_app(tmp_path, url, alter, closing, now, DASHBOARD_CHECK_SECONDS=0).test_client()
    assert client.get("/d/board?filter.note=a").status_code == 200
    now[0] += READ_AGAIN_EVERY
    refused = client.get("/d/board/w.json?filter.note=late")
    assert refused.status_code == 404
    assert refused.get_json()["error"].startswith("filter.note: column 'note' holds no value 'late'; its values are "
                                                  "'a', 'b', 'c'")
    refused = client.get("/plot/later.json?filter.note=late")
    assert refused.status_code == 404
    assert refused.get_json()["error"].startswith("filter.note: dataset 'later' has no text column 'note'")
    edited(tmp_path, BOARD + LATER.replace('"note"', '"station"'))
    assert ("board.toml: filter 1: column: this dashboard's datasets have no text column 'station'; the text columns "
            "are note") in refusal(client.get("/d/board"))
    now[0] += READ_AGAIN_EVERY
    edited(tmp_path, 'time_column = "seen"\n' + BOARD + LATER)
    assert ("board.toml: time_column: this dashboard's datasets have no date column 'seen'; the date columns are t"
            in refusal(client.get("/d/board")))
