"""A source's date column holding values the site reads as no moment (a zone's name, a date in
another order, a UTC offset past SQLite's, a word, a number), each a missing value, is told of on its
dataset's page: the column, how many, its first such values and how to write them, as an upload's
cells of that text are told."""
from __future__ import annotations

import html
from pathlib import Path

from tests.test_source_values import sqlite_file

# Moments the site reads (a lower-case `t`, an offset without its colon), blanks and words for a
# missing value, and NULL, among four values that are no moment.
CELLS = [("2024-03-30 10:00:00", 1), ("2024-03-31 03:30:00 CEST", 2), ("2024-03-31t04:00:00Z", 3),
         ("2024-01-01T12:30:00+15:00", 4), ("2024-04-01 10:00:00+02", 5), ("31/01/2024", 6), ("", 7),
         ("n/a", 8), (None, 9), ("soon", 10), ("2024-03-31 03:30:00 CEST", 11)]


def _page(tmp_path: Path, source_client, cells: list) -> str:
    url = sqlite_file(tmp_path / "dates.db", {"logged": ("ts DATETIME, v INTEGER", cells)})
    client = source_client(tmp_path, url, ["logged"])
    page = client.get("/datasets/logged")
    assert page.status_code == 200
    return html.unescape(page.get_data(as_text=True))


def test_a_source_date_columns_values_that_are_no_moment_are_counted_on_its_page(tmp_path: Path, source_client):
    page = _page(tmp_path, source_client, CELLS)
    assert ("column 'ts' holds 5 values that are no date or time the site reads, each a missing value in the rows "
            "and on every chart: '2024-03-31 03:30:00 CEST' (write a time with its UTC offset in place of its "
            "zone's name, which the site does not read); '2024-01-01T12:30:00+15:00' (write the moment in UTC, as "
            "SQLite's date functions read it (a UTC offset of at most 14:59): 2023-12-31T21:30:00Z); change the "
            "source's query to give its numbers or dates as such") in page


def test_a_source_date_column_of_moments_blanks_and_words_for_missing_is_not_warned_of(tmp_path: Path,
                                                                                        source_client):
    page = _page(tmp_path, source_client, [cell for cell in CELLS if cell[1] not in (2, 4, 6, 10, 11)])
    assert "no date or time the site reads" not in page


def test_a_number_in_a_source_date_column_is_told_to_be_written_as_a_date(tmp_path: Path, source_client):
    page = _page(tmp_path, source_client, [("2024-03-30", 1), (2460311.5, 2)])
    assert ("column 'ts' holds 1 value that is no date or time the site reads, each a missing value in the rows "
            "and on every chart: 2460311.5 (a number is no date here (SQLite's date functions read it as a julian "
            "day): write dates as YYYY-MM-DD)") in page


def test_an_sqlite_sources_infinity_text_is_told_it_is_no_date_without_naming_postgresql(tmp_path: Path,
                                                                                         source_client):
    # SQLite has no infinite date: the text 'infinity' there is a word, not PostgreSQL's value.
    page = _page(tmp_path, source_client, [("2024-03-30", 1), ("infinity", 2)])
    assert ("column 'ts' holds 1 value that is no date or time the site reads, each a missing value in the rows "
            "and on every chart: 'infinity' (infinity, which is no date; the site takes dates of the years 1 to "
            "9999)") in page
    assert "PostgreSQL" not in page
