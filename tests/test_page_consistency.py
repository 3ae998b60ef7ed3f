"""A page says what the site's other answers say of the same thing: a data-folder file's page warns of
what a stored dataset's page warns of for the same rows."""
from __future__ import annotations

import html
import re

import pytest

from app.store.csv_store import CsvStore
from tests.conftest import CSV_WRITE, writable_app

# A column of whole numbers with leading zeros (kept as text), one with no values (typed float) and
# one of numbers written with a decimal comma (text).
CODES = 'day,zip,empty,price\n2024-01-01,01234,,"1,5"\n2024-01-02,02345,,2\n'


def page_warnings(client, name: str) -> list[str]:
    """The warnings a dataset's page shows, their text unescaped."""
    page = client.get(f"/datasets/{name}")
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    return [html.unescape(words) for words in re.findall(r'<p class="error">(.*?)</p>', page.get_data(as_text=True))]


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def test_a_data_folder_files_page_warns_of_the_columns_a_stored_datasets_page_warns_of(client, data_dir):
    assert client.post("/api/datasets?name=stored", data=CODES, headers=CSV_WRITE).status_code == 201
    (data_dir / "codes.csv").write_text(CODES, encoding="utf-8")
    stored, file = page_warnings(client, "stored"), page_warnings(client, "codes")
    assert [words.split(":")[0].split(" ")[1] for words in stored] == ["'zip'", "'empty'", "'price'"]
    assert [words.split(":")[0].split(" ")[1] for words in file] == ["'zip'", "'empty'", "'price'"]
    # The same words but for what to do about it: a file is typed again when it changes.
    fix = "fix the file codes.csv: its columns are typed again when it changes"
    assert file[0] == ("column 'zip' is kept as text: its values are whole numbers, some with leading zeros, which "
                       "numbers would lose: row 1 holds '01234'; for numbers, write them without leading zeros (1234); "
                       f"{fix}")
    assert stored[0].startswith(file[0].removesuffix(fix))
    assert file[1] == f"column 'empty' has no values, so its type is guessed as float (numbers); {fix}"
    assert file[2].startswith("column 'price' is text, though most of its values are numbers or dates: row 1 "
                              "holds '1,5'") and file[2].endswith(fix)


def test_a_data_folder_files_warnings_are_found_once_a_version_of_the_file(client, data_dir, monkeypatch):
    read = []
    whole = CsvStore.read

    def counted(self, name, columns=None):
        read.append(list(columns or []))
        return whole(self, name, columns)

    monkeypatch.setattr(CsvStore, "read", counted)
    (data_dir / "codes.csv").write_text(CODES, encoding="utf-8")
    first = page_warnings(client, "codes")
    assert page_warnings(client, "codes") == first and len(first) == 3
    assert read.count(["zip", "empty", "price"]) == 1
    (data_dir / "codes.csv").write_text(CODES.replace("01234", "1234").replace("02345", "2345"), encoding="utf-8")
    assert len(page_warnings(client, "codes")) == 2  # zip holds numbers now; the file's new version was read
    assert read.count(["empty", "price"]) == 1
