"""A source's column of whole numbers past 2**53, a PostgreSQL `numeric(30,0)` of ids, read as doubles
that keep about 16 of their digits: its dataset's page warns of it in the words an upload's or a
data-folder file's page says it in, naming the first row past 2**53 of the rows it looks at, with how
to keep every digit in the source's query."""
from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from app.column_cells import SOURCE_ROWS
from tests.postgres import database
from tests.source_data import write_sqlite

IDS_TABLES = """
CREATE TABLE ids (k integer, id numeric(30,0), whole numeric(30,0), part numeric);
INSERT INTO ids VALUES (1, 5, 5, 1.5), (2, 123456789012345678901234567890, 7, 2.5), (3, 9007199254740993, NULL, 9007199254740993);
"""
WORDS = ("column 'id' is float (numbers), which holds whole numbers past 9007199254740992 (2**53) to about 16 digits: "
         "row 2 is stored as 1.2345678901234568e+29; for every digit, give them as text in the source's query "
         "(CAST(id AS TEXT) AS id)")


@pytest.fixture(scope="module")
def ids_url(postgres_url: str) -> Iterator[str]:
    with database(postgres_url, "svgplots_source_pg_whole_numerics", IDS_TABLES) as url:
        yield url


@pytest.fixture
def client(tmp_path: Path, ids_url: str, source_client):
    return source_client(tmp_path, ids_url, ["ids"], {"ids_query": {"source": "db", "sql": "SELECT * FROM ids"}})


@pytest.mark.parametrize("name", ["ids", "ids_query"])
def test_a_source_page_warns_of_whole_numbers_past_2_53_as_an_upload_s_does(client, name):
    response = client.get(f"/datasets/{name}")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert WORDS in page
    # A column of whole numbers within 2**53, and one holding a fraction, are not warned of.
    assert "column 'whole' is float" not in page and "column 'part' is float" not in page


def ids_client(tmp_path: Path, source_client, frame: pd.DataFrame):
    """A site over an SQLite source whose table `ids` is `frame`."""
    return source_client(tmp_path, write_sqlite(tmp_path / "ids.db", {"ids": frame}), ["ids"])


def test_a_source_page_reads_its_first_rows_once_for_its_text_and_float_columns(tmp_path, source_client, monkeypatch):
    frame = pd.DataFrame({"k": [1, 2, 3], "code": ["1", "2,5", "3"], "id": [5.0, 9007199254740993.0, 7.0]})
    client = ids_client(tmp_path, source_client, frame)
    store, asked = client.application.extensions["svgplots"].store, []
    first_rows = store.first_rows

    def counted_first_rows(name, columns, rows):
        asked.append(rows)
        return first_rows(name, columns, rows)

    monkeypatch.setattr(store, "first_rows", counted_first_rows)
    page = html.unescape(client.get("/datasets/ids").get_data(as_text=True))
    assert "column 'code' is text, though most of its values are numbers" in page
    assert "column 'id' is float (numbers), which holds whole numbers past" in page
    assert asked.count(SOURCE_ROWS) == 1


def test_a_source_page_quotes_a_column_name_of_letters_past_ascii_in_the_query_it_gives(tmp_path, source_client):
    client = ids_client(tmp_path, source_client, pd.DataFrame({"k": [1, 2], "caf\u00e9": [5.0, 9007199254740993.0]}))
    page = html.unescape(client.get("/datasets/ids").get_data(as_text=True))
    # As the page's other advice writes a name: unquoted only of ASCII lower-case letters, digits and underscores.
    assert 'give them as text in the source\'s query (CAST("caf\u00e9" AS TEXT) AS "caf\u00e9")' in page


def test_a_source_page_quotes_a_column_named_by_a_keyword_in_the_query_it_gives(tmp_path, source_client):
    # `order` bare is read as the keyword, by SQLite and PostgreSQL alike: the query given would not run.
    client = ids_client(tmp_path, source_client, pd.DataFrame({"k": [1, 2], "order": [5.0, 9007199254740993.0]}))
    page = html.unescape(client.get("/datasets/ids").get_data(as_text=True))
    assert 'give them as text in the source\'s query (CAST("order" AS TEXT) AS "order")' in page
