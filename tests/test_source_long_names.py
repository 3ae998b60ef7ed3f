"""PostgreSQL keeps a name to 63 bytes (NAMEDATALEN - 1), cutting a longer one where it is made: a
column named in 37 Greek letters and underscores is kept as its first 34 characters. A sources
file's `columns` naming the whole name is refused saying so and naming the cut name to use, never
matched to it silently (two long names may cut to one)."""
from __future__ import annotations

import pandas as pd
import pytest

from app.store.source_columns import postgres_cut, postgres_cut_words
from tests.postgres import set_up
from tests.source_data import write_sqlite

LONG = "θερμοκρασία_στην_πόλη_της_Αθήνας_μέση"  # 37 characters, 69 bytes in UTF-8
CUT = "θερμοκρασία_στην_πόλη_της_Αθήνας_μ"  # its first 63 bytes
WHY = ("PostgreSQL keeps a name to 63 bytes of UTF-8 (63 ASCII letters, about 31 Greek or Cyrillic ones), and "
       "cuts a longer one where the column is made")


def test_postgres_cuts_a_name_to_63_bytes_before_a_character_they_end_within():
    assert postgres_cut(LONG) == CUT
    assert postgres_cut("é" * 40) == "é" * 31  # the 32nd's first byte is the 63rd
    assert postgres_cut("a" * 63) is None
    assert postgres_cut("a" * 64) == "a" * 63


def test_the_cut_name_is_quoted_apart_from_the_name_it_looks_like():
    name = "cafe\u0301_" * 13  # 7 bytes each: the cut keeps 9 of the 13, their accents decomposed
    cut = "cafe\\u0301_" * 9
    assert postgres_cut_words(name, [postgres_cut(name)]).endswith(f"so this one is named '{cut}': write that name")
    assert f"so no column is named so ('{cut}' would be the name kept); the columns are day" in (
        postgres_cut_words(name, ["day"]))


@pytest.fixture
def readings(postgres_database_url):
    set_up(postgres_database_url, f'CREATE TABLE readings (day date, "{LONG}" double precision)',
           "INSERT INTO readings VALUES ('2024-01-01', 1.5)")
    return postgres_database_url


def test_a_postgres_column_named_past_63_bytes_is_refused_naming_the_cut_name(tmp_path, readings, source_client):
    client = source_client(tmp_path, readings, [],
                           {"readings": {"source": "db", "table": "readings", "columns": ["day", LONG]}})
    response = client.get("/api/datasets/readings")
    assert response.status_code == 422
    assert response.get_json()["error"] == (f"dataset 'readings' cannot be read: table 'readings' in the source 'db' "
                                            f"has no column {LONG!r}: {WHY}, so this one is named {CUT!r}: write "
                                            f"that name in columns")


def test_a_long_name_whose_cut_is_no_column_either_lists_the_columns(tmp_path, readings, source_client):
    other = "υγρασία_στην_πόλη_της_Θεσσαλονίκης_μέση"
    client = source_client(tmp_path, readings, [],
                           {"readings": {"source": "db", "table": "readings", "columns": ["day", other]}})
    response = client.get("/api/datasets/readings")
    assert response.status_code == 422
    assert response.get_json()["error"].endswith(f"has no column {other!r}: {WHY}, so no column is named so "
                                                 f"({postgres_cut(other)!r} would be the name kept); the columns "
                                                 f"are day, {CUT}")


def test_the_cut_name_reads_the_column(tmp_path, readings, source_client):
    client = source_client(tmp_path, readings, [],
                           {"readings": {"source": "db", "table": "readings", "columns": ["day", CUT]}})
    assert client.get("/datasets/readings.json").get_json()["rows"] == [["2024-01-01", 1.5]]


def test_a_postgres_table_named_past_63_bytes_is_refused_naming_the_cut_name(tmp_path, readings, source_client):
    set_up(readings, f'CREATE TABLE "{LONG}" (day date)')
    client = source_client(tmp_path, readings, [], {"long": {"source": "db", "table": LONG}})
    response = client.get("/api/datasets/long")
    assert response.status_code == 422
    assert response.get_json()["error"] == (
        f"dataset 'long' cannot be read: the source 'db' has no table {LONG!r}: PostgreSQL keeps a name to 63 bytes "
        f"of UTF-8 (63 ASCII letters, about 31 Greek or Cyrillic ones), and cuts a longer one where the table, view "
        f"or column is made, so one made under this name is named {CUT!r}: write that name")


def test_a_chart_naming_a_postgres_column_by_its_whole_long_name_is_told_the_cut_name(
        tmp_path, readings, source_client):
    client = source_client(tmp_path, readings, [], {"readings": {"source": "db", "table": "readings"}})
    response = client.get("/plot/readings.json", query_string={"y": LONG})
    assert response.status_code == 404
    assert response.get_json()["error"] == (f"y: no column {LONG!r}: {WHY}, so this one is named {CUT!r}: "
                                            "write that name")
    other = "υγρασία_στην_πόλη_της_Θεσσαλονίκης_μέση"
    response = client.get("/plot/readings.json", query_string={"x": other})
    assert response.status_code == 404
    assert response.get_json()["error"] == (f"x: no column {other!r}: {WHY}, so no column is named so "
                                            f"({postgres_cut(other)!r} would be the name kept); the columns are "
                                            f"day, {CUT}")
    assert client.get("/plot/readings.json", query_string={"y": CUT}).status_code == 200


def test_a_sources_file_column_that_is_none_lists_look_alike_columns_apart(tmp_path, source_client):
    frame = pd.DataFrame({"day": ["2024-01-01"], "v\u200b": [1.5]})
    client = source_client(tmp_path, write_sqlite(tmp_path / "look.db", {"look": frame}), [],
                           {"look": {"source": "db", "table": "look", "columns": ["day", "w"]}})
    response = client.get("/api/datasets/look")
    assert response.status_code == 422
    assert response.get_json()["error"].endswith("has no column 'w'; the columns are day, 'v\\u200b'")


def test_a_sources_file_column_that_is_none_lists_names_holding_commas_or_line_breaks_each_as_one(tmp_path,
                                                                                                  source_client):
    frame = pd.DataFrame({"day": ["2024-01-01"], "a,b": [1.5], "x\ny": [2.5]})
    client = source_client(tmp_path, write_sqlite(tmp_path / "odd.db", {"odd": frame}), [],
                           {"odd": {"source": "db", "table": "odd", "columns": ["day", "w"]}})
    response = client.get("/api/datasets/odd")
    assert response.status_code == 422
    assert response.get_json()["error"].endswith("has no column 'w'; the columns are day, 'a,b', 'x\\ny'")


def test_a_sources_file_column_that_is_none_is_cut_as_a_chart_refusal_cuts_a_long_name(tmp_path, source_client):
    # A sources file's names may be 128 characters: a refusal naming one column shows its first 100.
    frame = pd.DataFrame({"day": ["2024-01-01"], "v": [1.5]})
    client = source_client(tmp_path, write_sqlite(tmp_path / "long.db", {"long": frame}), [],
                           {"long": {"source": "db", "table": "long", "columns": ["day", "w" * 120]}})
    for url in ("/api/datasets/long", "/plot/long.json"):
        response = client.get(url)
        assert response.status_code == 422
        assert response.get_json()["error"].endswith(f"has no column '{'w' * 100}…' (120 characters); the columns "
                                                     "are day, v")
