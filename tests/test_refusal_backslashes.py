"""A refusal writes a name or a value by one rule, alone or in a list (`plots.text.listed_value`): a
backslash doubled, as Python writes it, so that the text `cafe\\u0301` reads apart from `cafe` and
a combining accent, which is written with that escape; a look-alike value escaped as a name is."""
from __future__ import annotations

import pandas as pd
import pytest

from plots.text import as_written, column_list, listed_value, quoted, quoted_name
from tests.conftest import CSV_WRITE, JSON_WRITE, created, writable_app
from tests.source_data import write_sqlite

# A column named with a backslash, and with the text of an escape.
HEADER = "x,a\\b,v\\u200b"
ROWS = "1,2,3\n2,3,4\n"


@pytest.mark.parametrize("name", ["a\\b", "\\xe9", "cafe\\u0301", "x\\ny"])
def test_a_name_holding_a_backslash_is_written_alike_alone_and_in_a_list(name):
    alone = quoted_name(name)
    assert alone == repr(name) and column_list([name, "v"]) == f"{alone}, v"
    assert column_list(["v", name]) == f"v, {alone}"


@pytest.mark.parametrize(("value", "written"), [("a\\b", "'a\\\\b'"), ("a\\b\u200b", "'a\\\\b\\u200b'"),
                                              ("it's \\", '"it\'s \\\\"'), ("'\"\\", "'\\'\"\\\\'")])
def test_a_value_written_as_in_a_file_doubles_its_backslash_where_asked_as_a_refusal_does(value, written):
    assert as_written(value, {3} if "\u200b" in value else (), doubled=True) == written
    assert listed_value(value) == written
    assert as_written("a\\b") == "'a\\b'"  # once, as a file holds it, unless asked


@pytest.mark.parametrize(("text", "character"), [("a,x\\u200b", "a,x\u200b"), ("cafe\\u0301", "cafe\u0301"),
                                                 ("\\xe9", "\u00e9"), ("t\\tu", "t\tu")])
def test_the_text_of_an_escape_is_told_apart_from_the_character_alone_and_in_a_list(text, character):
    assert quoted_name(text) != quoted_name(character)
    assert column_list([text, "v"]) != column_list([character, "v"])
    assert quoted(text) != quoted(character)


def test_a_chart_s_refusal_writes_a_name_s_backslash_as_its_list_of_columns_does(data_dir, client):
    (data_dir / "t.csv").write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
    answer = client.get("/plot/t.json", query_string={"y": "a\\c"})
    assert answer.status_code == 404
    assert answer.get_json()["error"] == "y: no column 'a\\\\c'; the columns are x, 'a\\\\b', 'v\\\\u200b'"


def test_a_source_s_missing_column_is_refused_in_a_chart_s_words(tmp_path, source_client):
    frame = pd.DataFrame({"day": ["2024-01-01"], "a\\b": [1.5]})
    client = source_client(tmp_path, write_sqlite(tmp_path / "b.db", {"b": frame}), [],
                           {"b": {"source": "db", "table": "b", "columns": ["day", "w"]}})
    response = client.get("/api/datasets/b")
    assert response.status_code == 422
    assert response.get_json()["error"].endswith("has no column 'w'; the columns are day, 'a\\\\b'")


def test_a_refused_cell_is_quoted_apart_from_the_value_it_looks_like(tmp_path):
    client = writable_app(tmp_path).test_client()
    created(client, "n", "n\n1\n")
    for data, headers, said in [("n\ncafe\u0301\n", CSV_WRITE, "expected an integer, got 'cafe\\u0301'"),
                                ('[{"n": "cafe\u0301"}]', JSON_WRITE, "got 'cafe\\u0301'"),
                                ("n\ncaf\u00e9\\u0301\n", CSV_WRITE, "got 'caf\u00e9\\\\u0301'")]:
        refused = client.post("/api/datasets/n/rows", data=data.encode(), headers=headers)
        assert refused.status_code == 400 and said in refused.get_json()["error"]


@pytest.mark.parametrize("field", ["kind", "from", "ymin", "legend"])
def test_a_chart_field_s_refused_value_is_quoted_apart_from_the_value_it_looks_like(client, field):
    refused = client.get("/plot/weather.json", query_string={field: "cafe\u0301"})
    assert refused.status_code == 400 and "got 'cafe\\u0301'" in refused.get_json()["error"]
