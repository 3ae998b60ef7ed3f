"""A dashboard's filter on a column its source dataset's kept description lacks has the dashboard's
datasets described again before it is refused, as a chart URL's `filter.<column>` has: a text column
added to the table again chooses rows on the page, its charts and its report by the first request
naming it, not once `cache_seconds` ends; a stream of such requests reads the columns at most once in
`READ_AGAIN_EVERY` seconds of a dataset. A dashboard file edited to chart a column just added has them
read again as it is loaded, where it was refused until edited again."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.store.source_descriptions import READ_AGAIN_EVERY
from tests import test_source_columns_named_again as named_again
from tests.test_source_schema_changes import answer_after_one_try_again

# The database of `readings` (t, note, v) the schema changes' tests alter, and the descriptions read of it.
readings_db = named_again.readings_db
descriptions_read = named_again.descriptions_read

BOARD = """title = "Readings"

[[charts]]
id = "v"
dataset = "readings"
kind = "line"
x = "t"
y = ["v"]

[[filters]]
column = "note"
label = "Note"
"""


def board_app(tmp_path: Path, url: str, closing, versioned: bool, now: list[float], **settings):
    """`readings_app` with a dashboard `board` charting the column v and filtering on the text column note."""
    return named_again.readings_app(tmp_path, url, closing, versioned, now, BOARD, **settings)


def note_taken_away(client, alter) -> None:
    """Rename the column note to memo, and have the site describe the table without it, as a chart
    naming memo does: the dashboard's filter on note is then refused, as it must be."""
    alter("ALTER TABLE readings RENAME COLUMN note TO memo")
    answer = answer_after_one_try_again(client, "/plot/readings.json?y=v&filter.memo=a")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    refused = client.get("/d/board/v.json?filter.note=a")
    assert refused.status_code == 404, refused.get_data(as_text=True)
    assert refused.get_json()["error"].startswith("filter.note: this dashboard's datasets have no text column 'note'")


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
def test_a_dashboard_filter_on_a_column_just_added_chooses_rows_by_the_first_request_naming_it(
        tmp_path, readings_db, closing, versioned):
    url, alter = readings_db
    now = [1200.0]  # within one period of cache_seconds, from start to end
    client = board_app(tmp_path, url, closing, versioned, now).test_client()
    assert client.get("/d/board?filter.note=a").status_code == 200  # described, and the description kept
    note_taken_away(client, alter)
    now[0] += READ_AGAIN_EVERY  # the user adds the column back
    alter("ALTER TABLE readings ADD COLUMN note TEXT")
    alter("UPDATE readings SET note = CASE WHEN v < 2 THEN 'north' ELSE 'south' END")
    page = client.get("/d/board?filter.note=south")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    for url in ("/d/board/v.json?filter.note=south", "/d/board/v.svg?filter.note=south",
                "/d/board/v?filter.note=south", "/d/board.pdf?filter.note=south",
                "/d/board/versions.json?filter.note=south"):
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.get_data(as_text=True)[:300])
    rows = client.get("/d/board/v.json?filter.note=south").get_json()["rows"]
    assert [row[1] for row in rows] == [2.0, 3.0]
    refused = client.get("/d/board/v.json?filter.note=east")
    assert refused.status_code == 404
    assert refused.get_json()["error"].startswith("filter.note: column 'note' holds no value 'east'")


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_dashboard_filters_on_a_column_there_is_not_read_the_columns_again_at_most_once_in_a_few_seconds(
        tmp_path, readings_db, closing, descriptions_read):
    url, alter = readings_db
    now = [1200.0]
    client = board_app(tmp_path, url, closing, False, now).test_client()
    assert client.get("/d/board").status_code == 200
    note_taken_away(client, alter)
    now[0] += READ_AGAIN_EVERY
    del descriptions_read[:]
    # PostgreSQL's columns are read again for the first, SQLite's not at all: its every read asks its schema version.
    again = 1 if url.startswith("postgresql") else 0
    for url in ("/d/board?filter.note=a", "/d/board/v.json?filter.note=a", "/d/board.pdf?filter.note=a",
                "/d/board/versions.json?filter.note=a") * 5:  # a stream of bad URLs
        assert client.get(url).status_code == 404, url
    assert descriptions_read == ["readings"] * again
    alter("ALTER TABLE readings RENAME COLUMN memo TO note")
    now[0] += READ_AGAIN_EVERY - 1  # within the few seconds: a PostgreSQL table's columns are not read again yet
    if again:
        assert client.get("/d/board?filter.note=a").status_code == 404
        assert descriptions_read == ["readings"]
    now[0] += 1  # the few seconds are over: the next request naming it reads the columns again, and draws
    answer = client.get("/d/board/v.json?filter.note=a")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [row[1] for row in answer.get_json()["rows"]] == [1.0]
    assert descriptions_read == ["readings"] * (1 + again)


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_a_dashboard_file_edited_to_chart_a_column_just_added_is_read_again_and_served(tmp_path, readings_db, closing):
    url, alter = readings_db
    now = [1200.0]
    client = board_app(tmp_path, url, closing, False, now, DASHBOARD_CHECK_SECONDS=0).test_client()
    assert client.get("/d/board").status_code == 200  # described, and the description kept
    alter("ALTER TABLE readings ADD COLUMN extra REAL")
    alter("UPDATE readings SET extra = 10 * v")
    now[0] += READ_AGAIN_EVERY
    board = tmp_path / "boards" / "board.toml"
    board.write_text(BOARD + '\n[[charts]]\nid = "extra"\ndataset = "readings"\nx = "t"\ny = "extra"\n',
                     encoding="utf-8")
    page = client.get("/d/board")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    answer = client.get("/d/board/extra.json")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [row[1] for row in answer.get_json()["rows"]] == [10.0, 20.0, 30.0]
