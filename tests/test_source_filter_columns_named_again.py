"""A `filter.<column>` naming a column a source dataset's kept description lacks has the dataset described
again before it is refused, as a chart field naming one does: a column just added to its table chooses
rows by the first request naming it, not once `cache_seconds` ends; a stream of requests filtering on a
column there is not reads the columns at most once in `READ_AGAIN_EVERY` seconds of a dataset."""
from __future__ import annotations

import pytest

from app.store.source_descriptions import READ_AGAIN_EVERY
from tests import test_source_columns_named_again as named_again
from tests.test_source_columns_named_again import readings_app

# The database of `readings` (t, note, v) the schema changes' tests alter, and the descriptions read of it.
readings_db = named_again.readings_db
descriptions_read = named_again.descriptions_read


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
def test_a_filter_on_a_column_just_added_chooses_rows_by_the_first_request_naming_it(tmp_path, readings_db, closing,
                                                                                     versioned):
    url, alter = readings_db
    now = [1200.0]  # within one period of cache_seconds, from start to end
    client = readings_app(tmp_path, url, closing, versioned, now).test_client()
    assert client.get("/plot/readings.svg?y=v").status_code == 200  # described, and the description kept
    alter("ALTER TABLE readings ADD COLUMN station TEXT")
    alter("UPDATE readings SET station = CASE WHEN v < 2 THEN 'north' ELSE 'south' END")
    for chart in ("/plot/readings.json?y=v&filter.station=south", "/plot/readings.svg?y=v&filter.station=south"):
        answer = client.get(chart)
        assert answer.status_code == 200, (chart, answer.get_data(as_text=True)[:300])
    rows = client.get("/plot/readings.json?y=v&filter.station=south").get_json()["rows"]
    assert [row[1] for row in rows] == [2.0, 3.0]
    refused = client.get("/plot/readings.json?y=v&filter.station=east")
    assert refused.status_code == 404
    assert refused.get_json()["error"].startswith("filter.station: column 'station' holds no value 'east'")


@pytest.mark.parametrize("readings_db", ["sqlite", "postgresql"], indirect=True)
def test_filters_on_a_column_there_is_not_read_the_columns_again_at_most_once_in_a_few_seconds(
        tmp_path, readings_db, closing, descriptions_read):
    url, alter = readings_db
    now = [1200.0]
    client = readings_app(tmp_path, url, closing, False, now).test_client()
    assert client.get("/plot/readings.svg?y=v").status_code == 200
    del descriptions_read[:]
    # PostgreSQL's columns are read again for the first, SQLite's not at all: its every read asks its schema version.
    again = 1 if url.startswith("postgresql") else 0
    for width in range(300, 320):  # a stream of bad URLs
        answer = client.get(f"/plot/readings.json?y=v&filter.nothere=a&width={width}")
        assert answer.status_code == 404, answer.get_data(as_text=True)
        assert answer.get_json()["error"].startswith("filter.nothere: dataset 'readings' has no text column 'nothere'")
    assert descriptions_read == ["readings"] * again
    alter("ALTER TABLE readings ADD COLUMN nothere TEXT")
    alter("UPDATE readings SET nothere = 'a'")
    now[0] += READ_AGAIN_EVERY - 1  # within the few seconds: a PostgreSQL table's columns are not read again yet
    if again:
        assert client.get("/plot/readings.json?y=v&filter.nothere=a&width=400").status_code == 404
        assert descriptions_read == ["readings"]
    now[0] += 1  # the few seconds are over: the next request naming it reads the columns again, and draws
    answer = client.get("/plot/readings.json?y=v&filter.nothere=a&width=401")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [row[1] for row in answer.get_json()["rows"]] == [1.0, 2.0, 3.0]
    assert descriptions_read == ["readings"] * (1 + again)
